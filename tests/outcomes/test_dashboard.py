"""The quarterly Board dashboard: counts, filters, summary in words, bounded queries."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import status
from indicators.models import Indicator, Period, Return
from outcomes.sparkline import sparkline_svg
from outcomes.summary import summarise


def approve(code, period, value, commentary="Steady.\nMore detail."):
    Return.objects.create(indicator=Indicator.objects.get(code=code),
                          period=Period.objects.get(code=period), value=D(value),
                          status=Return.Status.APPROVED, commentary=commentary)


def test_summary_in_words_is_built_from_the_figures():
    text = summarise(scope="LAC", period_label="Q2 2019/20",
                     counts={"red": 3, "green": 20, "amber": 4},
                     reds=[{"name": "Placements within 20 miles", "value": D("86.2"),
                            "target": D("90"), "unit": "percent", "quarters_below": 3}])
    assert text == ("3 of 27 LAC indicators are Red in Q2 2019/20. The rest: 20 Green, 4 Amber. "
                    "Placements within 20 miles is 86.2% against 90%, below target for 3 "
                    "quarters running.")
    assert summarise(scope="Safe", period_label="Q1 2019/20", counts={}, reds=[]) == \
        "No Safe indicators to show for Q1 2019/20."
    one = summarise(scope="Safe", period_label="Q1", counts={"red": 1},
                    reds=[{"name": "X", "value": D("5"), "target": D("4"), "unit": "count",
                           "quarters_below": 1}])
    assert one == "1 of 1 Safe indicators is Red in Q1. X is 5 against 4."


def test_sparkline_is_accessible_svg():
    svg = sparkline_svg([D("1"), None, D("3"), D("2")], label="Trend of <X>")
    assert svg.startswith("<svg") and 'role="img"' in svg and "Trend of &lt;X&gt;" in svg
    assert svg.count(",") == 3  # three points drawn, the gap skipped
    assert "<polyline" not in sparkline_svg([D("1")], label="one point")


@pytest.mark.django_db
def test_dashboard_shows_quarter_counts_and_tiles(client, board_member):
    approve("LAC-WITHIN-20-MILES", "2019-08", "80", "Placements were tight.\nDetail.")
    approve("ADOPTIONS", "FY2019-20-Q2", "40")
    status.status_compute_period(period_code="FY2019-20-Q2")
    client.force_login(board_member)
    page = client.get("/dashboard/?period=FY2019-20-Q2").content.decode()
    assert "Quarterly dashboard: Q2 2019/20" in page
    assert "Placements were tight." in page and "Detail." not in page
    assert ("1 of 54 indicators is Red in Q2 2019/20 (Jul–Sep 2019). The rest: 1 Green, "
            "52 No data. % LAC placed within 20 miles of Manchester is 80% against 90%.") in page
    assert 'role="img"' in page
    safe = client.get("/dashboard/?period=FY2019-20-Q2&theme=SAFE").content.decode()
    assert 'id="theme-SAFE"' in safe and 'id="theme-HEALTHY"' not in safe
    key = client.get("/dashboard/?period=FY2019-20-Q2&key=1").content.decode()
    assert 'id="theme-SAFE"' not in key  # no key indicators chosen yet


@pytest.mark.django_db
def test_dashboard_defaults_to_latest_quarter_with_data(client, board_member):
    approve("LAC-WITHIN-20-MILES", "2019-05", "91")
    status.status_compute_period(period_code="2019-05")
    client.force_login(board_member)
    page = client.get("/dashboard/").content.decode()
    assert "Quarterly dashboard: Q1 2019/20" in page


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_data(client, board_member):
    client.force_login(board_member)
    approve("LAC-WITHIN-20-MILES", "2019-08", "80")
    status.status_compute_period(period_code="FY2019-20-Q2")
    url = "/dashboard/?period=FY2019-20-Q2"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for month in ["2017-05", "2017-08", "2018-02", "2018-05", "2018-08", "2018-11", "2019-02"]:
        approve("LAC-RESIDENTIAL", month, "50")
        approve("CP-PLANS", month, "800")
    for quarter in ["FY2017-18-Q1", "FY2017-18-Q2", "FY2018-19-Q1", "FY2018-19-Q3"]:
        approve("ADOPTIONS", quarter, "14")
    status.statuses_recompute()
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_board_member_lands_on_the_dashboard(client, board_member):
    client.force_login(board_member)
    assert client.get("/")["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_default_is_not_a_later_quarter_carrying_year_to_date(client, board_member):
    approve("ADOPTIONS", "FY2019-20-Q1", "15")  # cumulative: Q2-Q4 views carry 15 forward
    status.status_compute_period(period_code="FY2019-20-Q1")
    client.force_login(board_member)
    assert "Quarterly dashboard: Q1 2019/20" in client.get("/dashboard/").content.decode()
