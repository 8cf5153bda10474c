"""The indicator page reads chart-first: title, the latest figure with RAG, target, direction
and projection, then the chart and its table, then the figures, metadata and benchmarks."""

from datetime import date

import pytest

from indicators import demo, status
from indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, board_member, officer, performance_lead):
    demo.returns_seed(submitter=officer, approver=performance_lead, today=date(2019, 10, 15))
    status.statuses_recompute()
    client.force_login(board_member)
    return client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()


def test_sections_come_in_the_order_a_reader_needs(page):
    markers = [
        "<h1",
        'id="latest-heading"',
        'id="latest-figure"',
        ">Target</dt>",
        ">Direction</dt>",
        ">Year-end projection</dt>",
        'id="indicator-chart"',
        'id="chart-table"',
        'id="recent-figures"',
        'id="about"',
        'id="targets-heading"',
        'id="board-actions"',
    ]
    positions = [page.index(marker) for marker in markers]
    assert positions == sorted(positions), dict(zip(markers, positions, strict=True))


def test_latest_figure_carries_its_unit_and_rag(page):
    latest = page[page.index('id="latest-figure"') :]
    latest = latest[: latest.index("</p>")]
    assert "%" in latest and "app-rag" in latest


def test_provenance_is_the_documents_title_and_synthetic_is_said_once(page):
    source = Indicator.objects.get(code="LAC-WITHIN-20-MILES").source
    assert source.endswith(".txt")  # the fixture keeps the file it was read from
    assert source not in page
    assert "Multi-agency Looked After Children and Care Leavers&#x27; Strategy 2016/2019" in page
    assert page.count("synthetic") == 1


def test_plotly_is_the_partial_bundle_with_its_stylesheet_as_a_file(page):
    assert "dist/plotly-basic.min.js" in page and "plotly.min.js" not in page
    assert '<link id="plotly.js-style-global" class="no-inline-styles" rel="stylesheet"' in page


def test_a_repeat_request_is_served_from_the_cache_until_a_figure_changes(
    client, board_member, performance_lead
):
    """Issue 13: the page is kept per version and reader; a repeat reads nothing of the
    indicators (core.pagecache) and renders no template."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import approved

    approved("LAC-WITHIN-20-MILES", "2019-08", "80", commentary="Placements were tight.")
    status.status_compute_period(period_code="2019-08")
    url = "/indicators/LAC-WITHIN-20-MILES/"
    client.force_login(board_member)
    first = client.get(url).content.decode()
    assert "Placements were tight." in first
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    again = response.content.decode()
    assert [q["sql"] for q in warm.captured_queries if '"indicators_' in q["sql"]] == []
    assert response.templates == []
    assert "Placements were tight." in again
    assert again.count('id="') == first.count('id="') > 10  # markup, not escaped, from the cache
    approved("LAC-WITHIN-20-MILES", "2019-09", "95", commentary="Back on track.")
    status.status_compute_period(period_code="2019-09")
    assert "Back on track." in client.get(url).content.decode()
    assert client.get("/indicators/NO-SUCH-CODE/").status_code == 404
    # what a lead may do shows on a lead's page and not on a Board member's (kept apart)
    approved("CP-PLANS", "2019-08", "800")
    status.status_compute_period(period_code="2019-08")
    client.get("/indicators/CP-PLANS/")  # the Board member's, cached first
    client.force_login(performance_lead)
    assert "Enter figures by locality" in client.get("/indicators/CP-PLANS/").content.decode()
    client.force_login(board_member)
    assert "Enter figures by locality" not in client.get("/indicators/CP-PLANS/").content.decode()
