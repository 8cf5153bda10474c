"""Open recommendations with no due date show how long they have been outstanding, and are
flagged after SCRUTINY_OUTSTANDING_FLAG_DAYS (default 90); the date is frozen."""

import runpy
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from scrutiny import rules
from tests.helpers import today_is

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
BASE_SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings" / "base.py"


@pytest.fixture
def frozen():
    with today_is(TODAY):
        yield TODAY


@pytest.fixture
def recs(item):
    def rec(text, days_ago, **kw):
        return RecommendationFactory(
            item=item, text=text, date=TODAY - timedelta(days=days_ago), **kw
        )

    return {
        "old": rec("REC awaiting since 2024", 812),
        "at_limit": rec("REC made 90 days ago", 90),
        "over_limit": rec("REC made 91 days ago", 91, status=rules.IN_PROGRESS),
        "dated": rec("REC with a due date", 812, due_date=TODAY + timedelta(days=3)),
        "closed": rec("REC completed long ago", 812, status=rules.COMPLETED),
    }


def test_the_rule():
    made = date(2024, 8, 30)
    kw = {"made_on": made, "today": TODAY}
    assert rules.outstanding_days(status=rules.AWAITING_RESPONSE, due_date=None, **kw) == 812
    assert rules.outstanding_days(status=rules.AWAITING_RESPONSE, due_date=TODAY, **kw) is None
    assert rules.outstanding_days(status=rules.CLOSED, due_date=None, **kw) is None
    assert rules.outstanding_flagged(91, 90) and not rules.outstanding_flagged(90, 90)
    assert not rules.outstanding_flagged(None, 90)


def _row(html: str, rec) -> str:
    start = html.index(f'id="rec-{rec.pk}"')
    return html[start : html.index("</tr>", start)]


def test_monitor_shows_days_and_flags_after_90(client, board_member, recs, frozen):
    client.force_login(board_member)
    for name in ("scrutiny:monitor", "scrutiny:monitor_print"):
        html = client.get(reverse(name)).content.decode()
        old = _row(html, recs["old"])
        assert "outstanding 812 days" in old and "Outstanding over 90 days" in old
        at_limit = _row(html, recs["at_limit"])
        assert "outstanding 90 days" in at_limit and "Outstanding over" not in at_limit
        assert "Outstanding over 90 days" in _row(html, recs["over_limit"])
        for key in ("dated", "closed"):
            assert "outstanding" not in _row(html, recs[key]).lower()


def test_detail_page_shows_days_and_flag(client, board_member, recs, frozen):
    client.force_login(board_member)
    html = client.get(
        reverse("scrutiny:recommendation_detail", args=[recs["old"].pk])
    ).content.decode()
    assert "outstanding 812 days" in html and "Outstanding over 90 days" in html
    html = client.get(
        reverse("scrutiny:recommendation_detail", args=[recs["dated"].pk])
    ).content.decode()
    assert "outstanding" not in html.lower()


def test_seed_recommendations_awaiting_since_2017_are_flagged(client, board_member, frozen):
    from scrutiny.models import Recommendation

    rec = Recommendation.objects.get(seed_key="004-monitor-01")  # 5 September 2017
    assert rec.is_open and rec.due_date is None
    client.force_login(board_member)
    row = _row(client.get(reverse("scrutiny:monitor")).content.decode(), rec)
    days = (TODAY - date(2017, 9, 5)).days
    assert f"outstanding {days} days" in row and "Outstanding over 90 days" in row


def test_api_gives_days_and_flag(client_for, board_member, recs, frozen):
    api = client_for(board_member)
    got = {key: api.get(f"/api/recommendations/{rec.pk}/").json() for key, rec in recs.items()}
    assert [(got[k]["outstanding_days"], got[k]["outstanding_flagged"]) for k in recs] == [
        (812, True),
        (90, False),
        (91, True),
        (None, False),
        (None, False),
    ]


def test_the_threshold_is_a_setting(client, client_for, board_member, recs, frozen, settings):
    settings.SCRUTINY_OUTSTANDING_FLAG_DAYS = 1000
    client.force_login(board_member)
    html = client.get(reverse("scrutiny:monitor")).content.decode()
    row = _row(html, recs["old"])
    assert "outstanding 812 days" in row and "Outstanding over" not in row
    data = client_for(board_member).get(f"/api/recommendations/{recs['old'].pk}/").json()
    assert (data["outstanding_days"], data["outstanding_flagged"]) == (812, False)


def test_settings_read_the_threshold_from_the_environment(monkeypatch):
    monkeypatch.delenv("SCRUTINY_OUTSTANDING_FLAG_DAYS", raising=False)
    assert runpy.run_path(str(BASE_SETTINGS))["SCRUTINY_OUTSTANDING_FLAG_DAYS"] == 90
    monkeypatch.setenv("SCRUTINY_OUTSTANDING_FLAG_DAYS", "30")
    assert runpy.run_path(str(BASE_SETTINGS))["SCRUTINY_OUTSTANDING_FLAG_DAYS"] == 30
    example = (BASE_SETTINGS.parents[2] / ".env.example").read_text()
    assert "SCRUTINY_OUTSTANDING_FLAG_DAYS=90" in example.splitlines()


def _days_cell(row: str) -> str:
    start = row.index("app-days-open")
    return row[row.index(">", start) + 1 : row.index("</td>", start)]


def test_monitor_has_a_days_outstanding_column_for_every_open_recommendation(
    client, board_member, recs, frozen
):
    """Due date or not, an open recommendation shows its days since the Committee made it;
    a closed one shows none."""
    assert rules.days_open(status=rules.IN_PROGRESS, made_on=TODAY, today=TODAY) == 0
    assert rules.days_open(status=rules.CLOSED, made_on=date(2020, 1, 1), today=TODAY) is None
    client.force_login(board_member)
    for name in ("scrutiny:monitor", "scrutiny:monitor_print"):
        html = client.get(reverse(name)).content.decode()
        assert ">Days outstanding</th>" in html
        assert _days_cell(_row(html, recs["old"])) == "812"
        assert _days_cell(_row(html, recs["dated"])) == "812"
        assert _days_cell(_row(html, recs["over_limit"])) == "91"
        assert _days_cell(_row(html, recs["closed"])).endswith("–")
