"""Board sessions, voice, actions and key indicators: rules, refusals, versions, history."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.services import ConcurrentEditError
from indicators.models import Indicator, Period
from outcomes.board import services as board
from outcomes.models import BoardAction, BoardSession, Theme

pytestmark = pytest.mark.django_db


def test_session_records_quarter_theme_and_attendees(session):
    assert session.period.code == "FY2019-20-Q2" and session.focus_theme.code == "SAFE"
    assert [(a.organisation, a.role, a.count) for a in session.attendances.all()] == [
        ("Greater Manchester Police", "Superintendent", 1)
    ]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"period": "2019-08"}, "reviews a financial quarter"),
        ({"date": date(2019, 6, 1)}, "cannot meet before 1 July 2019"),
        ({"title": ""}, "This field cannot be blank"),
    ],
)
def test_bad_session_is_refused_and_nothing_saved(performance_lead, fields, message):
    data = {
        "period": Period.objects.get(code="FY2019-20-Q2"),
        "date": date(2019, 10, 1),
        "title": "T",
        "focus_theme": Theme.objects.get(code="SAFE"),
    }
    if "period" in fields:
        fields = {**fields, "period": Period.objects.get(code=fields["period"])}
    data.update(fields)
    with pytest.raises(ValidationError) as exc:
        board.session_create(user=performance_lead, **data)
    assert message in str(exc.value)
    assert not BoardSession.objects.exists()


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"organisation": ""}], "Attendee row 1: give the organisation"),
        ([{"organisation": "GMP", "count": "two"}], "whole number"),
        ([{"organisation": "GMP", "count": 0}], "1 or more"),
        ([{"organisation": "GMP"}, {"organisation": "gmp"}], "listed twice"),
    ],
)
def test_bad_attendees_are_refused(performance_lead, rows, message):
    with pytest.raises(ValidationError, match=message):
        board.session_create(
            user=performance_lead,
            attendances=rows,
            period=Period.objects.get(code="FY2019-20-Q2"),
            date=date(2019, 10, 1),
            title="T",
            focus_theme=Theme.objects.get(code="SAFE"),
        )
    assert not BoardSession.objects.exists()


def test_only_leads_write(session, board_member, officer, scrutiny_officer):
    for user in (board_member, officer, scrutiny_officer):
        with pytest.raises(PermissionDenied):
            board.voice_add(user=user, session=session, group="Youth Council", said="x")
        with pytest.raises(PermissionDenied):
            board.key_indicators_set(user=user, codes=["CP-PLANS"])
    assert not session.voices.exists()


def test_stale_session_edit_is_refused(session, performance_lead, other_lead):
    board.session_update(user=other_lead, session=session, version=1, title="Renamed")
    with pytest.raises(ConcurrentEditError, match="Someone else saved this session"):
        board.session_update(user=performance_lead, session=session, version=1, title="Mine")
    session.refresh_from_db()
    assert session.title == "Renamed" and session.version == 2
    assert session.history.count() == 2  # every edit is kept


def test_voice_needs_a_group_and_words(session, performance_lead):
    with pytest.raises(ValidationError) as exc:
        board.voice_add(user=performance_lead, session=session, group=" ", said="")
    assert set(exc.value.message_dict) == {"group", "said"}
    entry = board.voice_add(
        user=performance_lead,
        session=session,
        group="Youth Council",
        said="  We want safer parks. ",
    )
    assert entry.said == "We want safer parks."


def test_action_with_indicators_updates_and_status(session, performance_lead):
    action = board.action_create(
        user=performance_lead,
        session=session,
        owner="Head of LAC",
        what="Recruit carers",
        due_date=date(2020, 3, 31),
        expected_impact="More placed near home",
        impact_by=date(2020, 9, 30),
        indicators=["LAC-WITHIN-20-MILES"],
    )
    assert [i.code for i in action.indicators.all()] == ["LAC-WITHIN-20-MILES"]
    board.action_progress(
        user=performance_lead,
        action=action,
        date=date(2019, 12, 1),
        status="at_risk",
        text="Fewer enquiries than hoped.",
    )
    action.refresh_from_db()
    assert action.status == "at_risk" and action.version == 2
    assert action.updates.get().text == "Fewer enquiries than hoped."
    with pytest.raises(ConcurrentEditError):
        board.action_update(user=performance_lead, action=action, version=1, status="done")


def test_action_rules(session, performance_lead):
    base = {
        "user": performance_lead,
        "session": session,
        "owner": "X",
        "what": "Y",
        "expected_impact": "Z",
        "due_date": date(2020, 3, 31),
    }
    with pytest.raises(ValidationError, match="on or after the due date"):
        board.action_create(**base, impact_by=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="No indicator with code NOPE"):
        board.action_create(**base, impact_by=date(2020, 6, 1), indicators=["NOPE"])
    assert not BoardAction.objects.exists()


def test_leads_choose_key_indicators(performance_lead):
    changed = board.key_indicators_set(user=performance_lead, codes=["CP-PLANS", "ADOPTIONS"])
    assert sorted(changed) == ["ADOPTIONS", "CP-PLANS"]
    assert set(Indicator.objects.filter(is_key=True).values_list("code", flat=True)) == {
        "ADOPTIONS",
        "CP-PLANS",
    }
    assert board.key_indicators_set(user=performance_lead, codes=["CP-PLANS"]) == ["ADOPTIONS"]
    cp = Indicator.objects.get(code="CP-PLANS")
    assert cp.history.first().is_key is True
