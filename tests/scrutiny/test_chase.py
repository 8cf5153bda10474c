"""The daily chase digest, with the date frozen: exactly the right items, once a day."""

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from scrutiny import rules, selectors, services
from scrutiny.models import ChaseNotice
from scrutiny.tasks import chase_digests_send

from .factories import ActionFactory, ActionUpdateFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2031, 3, 10)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def world(item, officer, other_officer, make_user):
    """Recommendations and actions around TODAY; `pick` lists those the digest must send."""
    from core import roles

    no_email = make_user("t.noemail", roles.OFFICER, first_name="Nora", last_name="Nomail")
    no_email.email = ""
    no_email.save()

    def rec(text, due, status=rules.AWAITING_RESPONSE, who=officer):
        return RecommendationFactory(
            item=item, text=text, due_date=due, status=status, contact_officer=who
        )

    def action(text, lead, **kw):
        return ActionFactory(text=text, lead=lead, **kw)

    w = {
        "rec_overdue": rec("REC overdue yesterday", date(2031, 3, 9)),
        "rec_due_in_7": rec("REC due in seven days", date(2031, 3, 17), rules.RESPONSE_REQUESTED),
        "rec_due_today": rec("REC due today", TODAY, rules.IN_PROGRESS),
        "rec_due_in_8": rec("REC due in eight days", date(2031, 3, 18)),
        "rec_completed": rec("REC completed but late", date(2031, 1, 1), rules.COMPLETED),
        "rec_closed": rec("REC closed", date(2031, 1, 1), rules.CLOSED),
        "rec_no_date": rec("REC with no due date", None),
        "rec_no_email": rec("REC for someone without email", date(2031, 3, 1), who=no_email),
        "act_due_soon": action(
            "ACT one-off due in two days", other_officer, expected_date=date(2031, 3, 12)
        ),
        "act_done": action(
            "ACT completed",
            other_officer,
            expected_date=date(2031, 1, 1),
            status=rules.ACTION_COMPLETED,
        ),
        "act_far": action("ACT due in April", other_officer, expected_date=date(2031, 4, 30)),
        "act_monthly_ok": action(
            "ACT monthly, February done",
            other_officer,
            recurrence=rules.MONTHLY,
            expected_date=None,
        ),
        "act_monthly_missed": action(
            "ACT monthly, February missed",
            other_officer,
            recurrence=rules.MONTHLY,
            expected_date=None,
        ),
    }
    ActionUpdateFactory(action=w["act_monthly_ok"], period="2031-01", status=rules.ACTION_COMPLETED)
    ActionUpdateFactory(action=w["act_monthly_ok"], period="2031-02", status=rules.ACTION_COMPLETED)
    ActionUpdateFactory(
        action=w["act_monthly_missed"], period="2031-01", status=rules.ACTION_COMPLETED
    )
    w["pick_officer"] = {"REC overdue yesterday", "REC due in seven days", "REC due today"}
    w["pick_other"] = {"ACT one-off due in two days", "ACT monthly, February missed"}
    return w


def _body_items(message):
    return {line.strip() for line in message.body.splitlines()}


def _texts_in(message, candidates):
    lines = _body_items(message)
    return {text for text in candidates if text in lines}


ALL_TEXTS = {
    "REC overdue yesterday",
    "REC due in seven days",
    "REC due today",
    "REC due in eight days",
    "REC completed but late",
    "REC closed",
    "REC with no due date",
    "REC for someone without email",
    "ACT one-off due in two days",
    "ACT completed",
    "ACT due in April",
    "ACT monthly, February done",
    "ACT monthly, February missed",
}


def test_chase_list_picks_exactly_the_right_items(world):
    entries = selectors.chase_list(today=TODAY)
    mine = {e.text for e in entries if e.text in ALL_TEXTS}
    assert mine == world["pick_officer"] | world["pick_other"] | {"REC for someone without email"}
    missed = next(e for e in entries if e.text == "ACT monthly, February missed")
    assert (missed.due_date, missed.overdue) == (date(2031, 2, 28), True)


def test_digest_sends_one_email_per_person_once_a_day(world, officer, other_officer):
    result = services.chase_digests_send(today=TODAY)
    assert result.digests == 2
    assert result.items == 5
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {officer.email, other_officer.email}
    assert _texts_in(by_recipient[officer.email], ALL_TEXTS) == world["pick_officer"]
    assert _texts_in(by_recipient[other_officer.email], ALL_TEXTS) == world["pick_other"]
    body = by_recipient[officer.email].body
    assert "OVERDUE since 9 March 2031" in body
    assert "due 17 March 2031" in body
    assert "/scrutiny/recommendations/" in body
    assert "(1 overdue)" in by_recipient[officer.email].subject
    assert ChaseNotice.objects.filter(date=TODAY).count() == 5

    # The same day again: nothing is sent twice.
    again = services.chase_digests_send(today=TODAY)
    assert (again.digests, again.items, again.already_sent) == (0, 0, 5)
    assert len(mail.outbox) == 2

    # The next day the chase starts again.
    services.chase_digests_send(today=date(2031, 3, 11))
    assert len(mail.outbox) == 4


def test_a_new_item_the_same_day_goes_alone(world, officer, item):
    services.chase_digests_send(today=TODAY)
    RecommendationFactory(
        item=item, text="REC added at noon", due_date=TODAY, contact_officer=officer
    )
    services.chase_digests_send(today=TODAY)
    late = mail.outbox[-1]
    assert late.to == [officer.email]
    assert _texts_in(late, ALL_TEXTS | {"REC added at noon"}) == {"REC added at noon"}


def test_the_task_uses_the_frozen_clock_and_runs_twice_safely(world):
    frozen = datetime(2031, 3, 10, 7, 0, tzinfo=LONDON)
    with mock.patch.object(timezone, "now", return_value=frozen):
        assert timezone.localdate() == TODAY
        first = chase_digests_send.delay().get()
        second = chase_digests_send.delay().get()
    assert (first["digests"], first["items"]) == (2, 5)
    assert (second["digests"], second["items"], second["already_sent"]) == (0, 0, 5)
    assert len(mail.outbox) == 2


def test_the_command_runs_as_of_a_date(world, capsys):
    call_command("scrutiny_chase", "--date", "2031-03-10")
    assert "digests sent: 2; items: 5" in capsys.readouterr().out


def test_a_failed_send_records_nothing(world, officer):
    with mock.patch(
        "scrutiny.services.chasing.send_mail", side_effect=ConnectionError("smtp down")
    ):
        with pytest.raises(ConnectionError):
            services.chase_digests_send(today=TODAY)
    assert not ChaseNotice.objects.exists()
    services.chase_digests_send(today=TODAY)
    assert len(mail.outbox) == 2


def test_one_failing_address_does_not_stop_the_others(world, officer, other_officer):
    from django.core.mail import send_mail as real_send_mail

    def flaky(**kwargs):
        if kwargs["recipient_list"] == [officer.email]:
            raise ConnectionError("mailbox unavailable")
        return real_send_mail(**kwargs)

    with mock.patch("scrutiny.services.chasing.send_mail", side_effect=flaky):
        with pytest.raises(ConnectionError):
            services.chase_digests_send(today=TODAY)
    assert [m.to for m in mail.outbox] == [[other_officer.email]]
    retry = services.chase_digests_send(today=TODAY)  # what the task's retry does
    assert (retry.digests, retry.items) == (1, 3)
    assert mail.outbox[-1].to == [officer.email]
