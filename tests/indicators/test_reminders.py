from datetime import date
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from indicators.models import Indicator, Period, Return
from indicators.returns.reminders import reminders_send
from tests.helpers import today_is


@pytest.fixture
def owned(officer, other_officer):
    Indicator.objects.filter(code="LAC-WITHIN-20-MILES").update(owner=officer)
    Indicator.objects.filter(code="ADOPTIONS").update(owner=other_officer)


@pytest.mark.django_db
def test_due_soon_and_overdue_once_each(owned, officer, other_officer):
    # 2019-06-18: May 2019 is due 21 June (3 working days away); April was due 21 May (overdue);
    # Q4 2018/19 (ADOPTIONS) was due 19 April: overdue.
    assert reminders_send(today=date(2019, 6, 18)) == 2
    by_person = {m.to[0]: m.body for m in mail.outbox}
    mine = by_person[officer.email]
    assert "LAC-WITHIN-20-MILES 2019-05: due 21 June 2019" in mine
    assert "LAC-WITHIN-20-MILES 2019-04: OVERDUE 21 May 2019" in mine
    assert "ADOPTIONS FY2018-19-Q4: OVERDUE" in by_person[other_officer.email]
    assert "ADOPTIONS" not in mine
    # the same day again: nothing new
    assert reminders_send(today=date(2019, 6, 18)) == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_submitted_returns_are_not_chased(owned, officer):
    Return.objects.create(
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="2019-05"),
        value=D("90"),
        status=Return.Status.SUBMITTED,
    )
    reminders_send(today=date(2019, 6, 18))
    body = next(m.body for m in mail.outbox if m.to == [officer.email])
    assert "2019-05" not in body and "2019-04" in body


@pytest.mark.django_db
def test_commands_and_schedules(owned, capsys):
    call_command("send_return_reminders", "--date", "2019-06-18")
    assert "Sent 2 reminder emails." in capsys.readouterr().out
    call_command("setup_schedules")
    call_command("setup_schedules")
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"indicators.recompute_open_periods", "indicators.send_return_reminders"} <= tasks
    assert PeriodicTask.objects.filter(task="indicators.send_return_reminders").count() == 1


@pytest.mark.django_db
def test_every_scheduled_task_is_one_the_workers_know(owned):
    """Beat sends tasks by name: a schedule naming a task no module defines would be dropped
    by the worker every day, unseen. The reminders run by name as beat sends them."""
    from config.celery_app import app
    from core.management.commands.setup_schedules import SCHEDULES

    app.loader.import_default_modules()
    for _, task, _, _ in SCHEDULES:
        assert task in app.tasks, task
    mail.outbox.clear()
    with today_is(date(2019, 6, 18)):
        assert app.tasks["indicators.send_return_reminders"].apply().get() == 2
    assert len(mail.outbox) == 2
