"""Board actions past their "by when" date show "Overdue" (session page, API, pack) until an
update closes them or an edit moves the date; the date is frozen."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from outcomes.board import services as board
from outcomes.models import BoardAction
from tests.helpers import today_is

pytestmark = pytest.mark.django_db

TODAY = date(2020, 4, 15)


@pytest.fixture
def frozen():
    with today_is(TODAY):
        yield TODAY


@pytest.fixture
def late(session, performance_lead):
    """On track, due 31 March 2020: past its date on TODAY."""
    action = board.action_create(
        user=performance_lead,
        session=session,
        owner="Head of Placements",
        what="Recruit foster carers in the city",
        due_date=date(2020, 3, 31),
        expected_impact="More placed near home",
        impact_by=date(2020, 9, 30),
        status=BoardAction.Status.ON_TRACK,
    )
    return action


def _action(status, due):
    return BoardAction(status=status, due_date=due)


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("on_track", date(2020, 4, 14), True),
        ("not_started", date(2020, 4, 14), True),
        ("at_risk", date(2020, 1, 1), True),
        ("on_track", TODAY, False),
        ("on_track", date(2020, 5, 1), False),
        ("done", date(2020, 1, 1), False),
        ("dropped", date(2020, 1, 1), False),
    ],
)
def test_the_rule(status, due, overdue):
    action = _action(status, due)
    assert board.action_overdue(action, TODAY) is overdue
    assert board.action_status_label(action, TODAY) == (
        "Overdue" if overdue else action.get_status_display()
    )


def _status_row(page: str, action) -> str:
    block = page[page.index(f'id="action-{action.pk}"') :]
    start = block.index(">Status</dt>")
    return block[start : block.index("</dd>", start)]


def test_session_page_says_overdue_until_an_update_or_a_new_date(
    client, performance_lead, session, late, frozen
):
    client.force_login(performance_lead)
    url = f"/board/sessions/{session.pk}/"
    row = _status_row(client.get(url).content.decode(), late)
    assert "Overdue" in row and "govuk-tag--red" in row and "last status: On track" in row

    # An update that leaves it open does not clear it.
    board.action_progress(
        user=performance_lead,
        action=late,
        date=TODAY,
        status="at_risk",
        text="Fewer enquiries than hoped.",
    )
    assert "Overdue" in _status_row(client.get(url).content.decode(), late)

    # A new date clears it.
    late.refresh_from_db()
    board.action_update(
        user=performance_lead,
        action=late,
        version=late.version,
        due_date=date(2020, 6, 30),
        impact_by=date(2020, 9, 30),
    )
    row = _status_row(client.get(url).content.decode(), late)
    assert "Overdue" not in row and "At risk" in row

    # Past the new date, an update to Done clears it too.
    late.refresh_from_db()
    board.action_update(
        user=performance_lead, action=late, version=late.version, due_date=date(2020, 4, 1)
    )
    assert "Overdue" in _status_row(client.get(url).content.decode(), late)
    board.action_progress(
        user=performance_lead,
        action=late,
        date=TODAY,
        status="done",
        text="Twelve carers approved.",
    )
    row = _status_row(client.get(url).content.decode(), late)
    assert "Overdue" not in row and "Done" in row


def test_api_has_derived_overdue_and_status_label(client_for, board_member, late, frozen):
    data = client_for(board_member).get(f"/api/board/actions/{late.pk}/").json()
    assert (data["status"], data["overdue"], data["status_label"]) == ("on_track", True, "Overdue")
    with today_is(date(2020, 3, 31)):
        data = client_for(board_member).get(f"/api/board/actions/{late.pk}/").json()
    assert (data["overdue"], data["status_label"]) == (False, "On track")


def _pack_action(status, status_label, due):
    return {
        "owner": "Head of Placements",
        "what": "Recruit foster carers",
        "due_date": due,
        "expected_impact": "More placed near home",
        "impact_by": "2020-09-30",
        "status": status,
        "status_label": status_label,
        "indicators": [],
        "updates": [],
    }


def test_pack_says_overdue_as_at_its_publication():
    pack = {
        "as_at": "2020-04-15T08:00:00+00:00",
        "actions": [
            _pack_action("on_track", "On track", "2020-03-31"),
            _pack_action("done", "Done", "2020-03-31"),
            _pack_action("on_track", "On track", "2020-04-30"),
        ],
    }
    html = render_to_string("outcomes/_pack_body.html", {"pack": pack, "rag_order": []})
    section = html[html.index('id="pack-actions"') :]
    statuses = [part.split("</dd>")[0] for part in section.split(">Status</dt>")[1:]]
    assert [s.split(">", 1)[1] for s in statuses] == [
        "Overdue (last status: On track)",
        "Done",
        "On track",
    ]


def test_indicator_page_says_overdue_like_the_session_page(client, board_member, late, frozen):
    from indicators.models import Indicator

    late.indicators.set([Indicator.objects.get(code="LAC-WITHIN-20-MILES")])
    client.force_login(board_member)
    row = _status_row(client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode(), late)
    assert "Overdue" in row and "last status: On track" in row
