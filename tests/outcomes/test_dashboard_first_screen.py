"""The dashboard as a Board reads it: counts, theme tiles and exceptions first; what changed
since the last pack; every indicator once; a presentation view with the same figures."""

from datetime import UTC, datetime

import pytest

from indicators import status
from outcomes.models import BoardPack
from tests.outcomes.conftest import QUARTER, approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def exceptions_data(quarter_data):
    approve("LAC-WITHIN-20-MILES", "2019-06", "86")  # Amber in Q1 too: two quarters running
    approve("LAC-RESIDENTIAL", "2019-09", "70")  # Red (50 or fewer is the target)
    approve("LAC-IRO-VISIT", "2019-09", "77")  # Amber for one quarter only: not an exception
    status.status_compute_period(period_code="2019-06")
    status.status_compute_period(period_code=QUARTER)


def _page(client, user, query=""):
    client.force_login(user)
    return client.get(f"/dashboard/?period={QUARTER}{query}")


def test_exceptions_are_every_red_and_two_quarters_worse(client, board_member, exceptions_data):
    response = _page(client, board_member)
    names = [t.indicator.code for t in response.context["exceptions"]]
    assert names == ["LAC-RESIDENTIAL", "LAC-WITHIN-20-MILES"]  # Red first
    html = response.content.decode()
    block = html[html.index('id="exceptions"') : html.index("</ul>", html.index('id="exceptions"'))]
    assert "/indicators/LAC-RESIDENTIAL/" in block and "worse than target for 2 quarters" in block
    assert "LAC-IRO-VISIT" not in block
    client.force_login(board_member)
    api = client.get(f"/api/dashboard/?period={QUARTER}").json()
    assert api["exceptions"] == ["LAC-RESIDENTIAL", "LAC-WITHIN-20-MILES"]


def test_first_screen_order_and_every_indicator_once(client, board_member, exceptions_data):
    html = _page(client, board_member).content.decode()
    order = [
        html.index(anchor)
        for anchor in (
            'id="counts"',
            'id="theme-SAFE"',
            'id="exceptions"',
            'id="summary"',
            'id="changes"',
            'id="all-indicators"',
        )
    ]
    assert order == sorted(order)
    table = html[html.index('id="all-indicators"') :]
    # an indicator in several themes appears once, with its themes as tags
    assert table.count("/indicators/LAC-WITHIN-20-MILES/") == 1
    assert "app-theme-tag" in table


def test_filters_sit_behind_a_filter_control_that_opens_when_used(
    client, board_member, quarter_data
):
    closed = _page(client, board_member).content.decode()
    assert '<details class="govuk-details app-filters__more">' in closed
    opened = _page(client, board_member, "&theme=SAFE").content.decode()
    assert '<details class="govuk-details app-filters__more" open>' in opened
    assert "Filter (1 applied)" in opened


def test_changes_since_the_last_pack(client, board_member, session):
    pack = BoardPack.objects.create(session=session)
    BoardPack.objects.filter(pk=pack.pk).update(
        state=BoardPack.State.PUBLISHED,
        as_at=datetime(2019, 10, 20, tzinfo=UTC),
        snapshot={
            "dashboard": {
                "themes": [
                    {
                        "indicators": [
                            {"code": "LAC-WITHIN-20-MILES", "rag": "green", "value": "91"},
                            {"code": "ADOPTIONS", "rag": "green", "value": "40"},
                        ]
                    }
                ]
            }
        },
    )
    response = _page(client, board_member)
    changes = response.context["changes"]["changes"]
    assert [
        (c["tile"].indicator.code, c["rag_before"], c["rag_after"], c["worse"]) for c in changes
    ] == [("LAC-WITHIN-20-MILES", "green", "amber", True)]
    html = response.content.decode()
    section = html[html.index('id="changes"') : html.index('id="all-indicators"')]
    assert "91%" in section and "86.2%" in section and "(worse)" in section


def test_no_pack_yet_says_so(client, board_member, quarter_data):
    html = _page(client, board_member).content.decode()
    assert "No Board pack has been published for this quarter or an earlier one." in html


def test_benchmark_picture_has_its_figures_in_words():
    from decimal import Decimal as D

    from outcomes.dashboard.sparkline import benchmark_strip_svg

    class B:
        def __init__(self, comparator, value):
            self.comparator, self.value = comparator, value

    svg = benchmark_strip_svg(
        D("86.2"),
        [B("england", D("74")), B("gm", D("90"))],
        label="Manchester 86.2%; England 74%; Greater Manchester 90%",
    )
    assert 'role="img"' in svg and 'aria-label="Manchester 86.2%; England 74%' in svg
    assert svg.count("<polygon") == 1 and svg.count("<circle") == 1  # one shape a comparator
    assert benchmark_strip_svg(None, [B("england", D("74"))], label="x") == ""


def test_presentation_view_one_theme_a_slide(client, board_member, exceptions_data):
    client.force_login(board_member)
    first = client.get(f"/dashboard/present/?period={QUARTER}")
    assert first.status_code == 200
    slides = first.context["slides"]
    assert slides[0]["title"] == "Overview"
    assert [s["title"] for s in slides[1:]] == [b.theme.name for b in first.context["blocks"]]
    html = first.content.decode()
    assert "slide 1 of" in html and 'data-app-slide="next"' in html
    assert 'data-app-slide="previous"' not in html
    # the same figures as the dashboard
    dash = client.get(f"/dashboard/?period={QUARTER}").context
    assert first.context["overall"] == dash["overall"]
    last = client.get(f"/dashboard/present/?period={QUARTER}&slide=99")  # clamped, not an error
    assert last.context["number"] == len(slides)
    assert 'data-app-slide="next"' not in last.content.decode()
    assert client.get(f"/dashboard/present/?period={QUARTER}&slide=abc").status_code == 200
    assert client.get("/dashboard/present/?period=FY2001-02-Q1").status_code == 404
