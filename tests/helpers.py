"""Helpers shared by tests in several folders."""

import threading
from contextlib import contextmanager
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connections
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


@contextmanager
def today_is(day: date):
    """Freeze `timezone.now()` at 9:00 London time on `day`, so `localdate()` is `day`."""
    moment = datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON)
    with mock.patch.object(timezone, "now", return_value=moment):
        assert timezone.localdate() == day
        yield day


@contextmanager
def held_elsewhere(hold):
    """Another thread, on a database connection of its own, enters `hold()` (a context
    manager: a lock, a locked row) and keeps it until this block ends, as another process
    would; the block starts once it is held."""
    held, release = threading.Event(), threading.Event()

    def other():
        try:
            with hold():
                held.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other)
    thread.start()
    try:
        assert held.wait(10), "the other thread did not take hold"
        yield
    finally:
        release.set()
        thread.join(30)
