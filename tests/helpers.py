"""Helpers shared by tests in several folders."""

from contextlib import contextmanager
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


@contextmanager
def today_is(day: date):
    """Freeze `timezone.now()` at 9:00 London time on `day`, so `localdate()` is `day`."""
    moment = datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON)
    with mock.patch.object(timezone, "now", return_value=moment):
        assert timezone.localdate() == day
        yield day
