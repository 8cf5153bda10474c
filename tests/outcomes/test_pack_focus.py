"""The pack's focus section at Greater Manchester scale (issue 13): at most PACK_FOCUS_CHARTS
focus indicators get a section (exceptions first), every one is in the appendix table, and
reading them costs the same few queries however many there are."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from indicators import status
from outcomes.board import packs
from tests.outcomes.conftest import QUARTER, approve

pytestmark = pytest.mark.django_db
AS_AT = datetime(2019, 10, 20, 9, 0, tzinfo=UTC)
MONTHS = [
    f"{y}-{m:02d}" for y, m in [(2018, m) for m in range(7, 13)] + [(2019, m) for m in range(1, 10)]
]


def build(session):
    return packs.snapshot_build(session, as_at=AS_AT)


def safe_tiles(snapshot) -> list[dict]:
    return next(t for t in snapshot["dashboard"]["themes"] if t["code"] == "SAFE")["indicators"]


def test_series_are_the_latest_twelve_of_the_indicators_own_periods(session):
    for month in MONTHS[:-3]:  # with the quarter's three: fifteen months, July 2018 on
        approve("LAC-WITHIN-20-MILES", month, "70")
    for period in ["FY2018-19-Q2", "FY2018-19-Q3", "FY2018-19-Q4", "FY2019-20-Q1", QUARTER]:
        status.status_compute_period(period_code=period)
    item = next(i for i in build(session)["focus"] if i["code"] == "LAC-WITHIN-20-MILES")
    assert [p["period"] for p in item["series"]] == MONTHS[-12:]
    assert [p["label"] for p in item["series"]][-1] == "September 2019"
    assert item["commentary"][0]["period"] == "September 2019"
    assert len(item["commentary"]) == packs.COMMENTARY_LENGTH


def test_at_most_the_limit_get_a_section_exceptions_first(session, settings):
    from indicators.models import Return

    Return.objects.filter(indicator__code="LAC-WITHIN-20-MILES").update(value=40)  # Red
    status.status_compute_period(period_code=QUARTER)
    settings.PACK_FOCUS_CHARTS = 40
    everything = build(session)
    tiles = safe_tiles(everything)
    codes = [t["code"] for t in tiles]
    red = [t["code"] for t in tiles if t["rag"] == "red"]
    assert red and codes.index(red[0]) > 0, "the test needs an exception that is not first"
    assert everything["focus_count"] == len(tiles) > 2
    settings.PACK_FOCUS_CHARTS = 2
    few = build(session)
    chosen = [i["code"] for i in few["focus"]]
    listed = [c for c in everything["dashboard"]["exceptions"] if c in codes]
    assert red[0] in listed
    # the theme's exceptions first, in the dashboard's exceptions order, then the rest in its
    # order: the Red indicator, though not first on the dashboard, has a section
    assert chosen == (listed + [c for c in codes if c not in listed])[:2]
    assert red[0] in chosen
    assert few["focus_count"] == len(tiles)
    html = render_to_string("outcomes/pack_print.html", packs.pack_context(few))
    more = html.split('id="pack-focus-more">')[1].split("</p>")[0]
    assert f"This theme has {len(tiles)} indicators. The 2 below" in more
    assert f"the other {len(tiles) - 2} are in the appendix table" in more
    appendix = html[html.index('id="pack-dashboard"') :]
    for tile in tiles:  # every focus indicator is in the appendix table
        assert escape(tile["name"]) in appendix, tile["name"]
    assert 'id="pack-focus-more"' not in render_to_string(
        "outcomes/pack_print.html", packs.pack_context(everything)
    )


def test_reading_the_focus_costs_the_same_queries_for_two_indicators_or_all(session, settings):
    settings.PACK_FOCUS_CHARTS = 2
    with CaptureQueriesContext(connection) as few:
        build(session)
    settings.PACK_FOCUS_CHARTS = 100
    with CaptureQueriesContext(connection) as all_of_them:
        snapshot = build(session)
    assert len(snapshot["focus"]) > 2
    assert len(all_of_them) == len(few)
