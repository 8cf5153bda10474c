"""Board journeys in Chromium, axe on every page:
- a board member opens the dashboard for a quarter, filters to Safe, opens an indicator, reads
  its chart and table, opens the session and downloads its pack PDF;
- a performance lead records voice and an action and publishes a pack, watching it build."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction

from core import roles
from core.services import user_create_with_role
from tests.browser.axe import assert_no_axe_violations

PASSWORD = "board-journey-2019-q2"


@pytest.fixture
def board_data(framework_tx):
    from indicators import status
    from indicators.benchmarks.services import benchmark_set
    from indicators.models import Indicator, Period
    from outcomes.board import services as board
    from outcomes.models import Theme
    from tests.outcomes.conftest import approve

    member = user_create_with_role(
        username="j.board", role=roles.BOARD_MEMBER, password=PASSWORD, first_name="Bea"
    )
    lead = user_create_with_role(
        username="j.lead", role=roles.PERFORMANCE_LEAD, password=PASSWORD, first_name="Lee"
    )
    for month, value in [
        ("2019-04", "83"),
        ("2019-05", "84"),
        ("2019-06", "84.5"),
        ("2019-07", "85"),
        ("2019-08", "85.5"),
        ("2019-09", "86.2"),
    ]:
        approve("LAC-WITHIN-20-MILES", month, value, f"Placements were tight in {month}.")
    approve("ADOPTIONS", "FY2019-20-Q2", "40")
    for code in ("FY2019-20-Q1", "FY2019-20-Q2"):
        status.status_compute_period(period_code=code)
    benchmark_set(
        user=lead,
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="FY2018-19"),
        comparator="england",
        value="74",
        quartile=2,
        source="DfE LAIT 2019",
    )
    session = board.session_create(
        user=lead,
        period=Period.objects.get(code="FY2019-20-Q2"),
        date=date(2019, 10, 24),
        title="Safe theme session",
        focus_theme=Theme.objects.get(code="SAFE"),
        attendances=[{"organisation": "Greater Manchester Police", "role": "Superintendent"}],
    )
    board.voice_add(
        user=lead,
        session=session,
        group="Children in Care Council",
        said="We want to stay near our schools.",
    )
    board.action_create(
        user=lead,
        session=session,
        owner="Head of LAC",
        what="Recruit 20 Manchester foster carers",
        due_date=date(2020, 3, 31),
        expected_impact="More children placed within 20 miles",
        impact_by=date(2020, 9, 30),
        indicators=["LAC-WITHIN-20-MILES"],
    )
    with transaction.atomic():
        board.pack_request(user=lead, session=session)
    return {"member": member, "lead": lead, "session": session}


def test_board_member_reads_dashboard_indicator_session_and_pack(
    page, live_server, login, board_data, tmp_path
):
    login(page, live_server, "j.board", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    page.select_option("#period", "FY2019-20-Q2")  # applies on change
    page.wait_for_url(re.compile(r"period=FY2019-20-Q2"))
    assert "Q2 2019/20" in page.locator("#summary").inner_text()
    assert_no_axe_violations(page, "dashboard for Q2 2019/20")

    page.get_by_text("Filter", exact=True).click()  # the filters sit behind a Filter control
    page.select_option("#theme", "SAFE")
    page.wait_for_url(re.compile(r"theme=SAFE"))
    assert page.locator("#theme-SAFE").count() == 1 and page.locator("#theme-HAPPY").count() == 0
    safe = page.locator("#all-indicators").inner_text()  # every indicator once, after the tiles
    assert "86.2%" in safe and "England 74%" in safe
    assert_no_axe_violations(page, "dashboard filtered to Safe")

    page.get_by_role("link", name=re.compile("placed within 20 miles")).first.click()
    page.wait_for_url(re.compile(r"/indicators/LAC-WITHIN-20-MILES/$"))
    page.wait_for_selector("#indicator-chart .main-svg", timeout=15000)  # plotly.js drew it
    page.get_by_text("The chart's figures as a table").click()
    table = page.locator("#chart-table").inner_text()
    assert "September 2019" in table and "86.2" in table
    assert "Second quartile" in page.locator("#benchmark-table").inner_text()
    assert "Recruit 20 Manchester foster carers" in page.locator("main").inner_text()
    assert page.locator("#forecast-explanation").count() == 1
    assert_no_axe_violations(page, "indicator page with chart, benchmarks and actions")

    page.get_by_role("link", name="Safe theme session").first.click()
    page.wait_for_url(re.compile(r"/board/sessions/\d+/"))
    main = page.locator("main").inner_text()
    assert "We want to stay near our schools." in main and "Greater Manchester Police" in main
    assert page.get_by_role("button", name="Publish the Board pack").count() == 0
    assert_no_axe_violations(page, "session page")

    page.get_by_role("link", name="Pack 1", exact=True).click()
    page.wait_for_url(re.compile(r"/board/packs/\d+/$"))
    assert "Figures as at" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "published pack")
    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    saved = tmp_path / "pack.pdf"
    download.value.save_as(saved)
    assert Path(saved).read_bytes().startswith(b"%PDF-")
    assert download.value.suggested_filename.endswith(".pdf")


def test_lead_records_voice_and_publishes_a_pack(page, live_server, login, board_data):
    session = board_data["session"]
    login(page, live_server, "j.lead", PASSWORD)
    page.goto(f"{live_server.url}/board/sessions/{session.pk}/")
    page.get_by_role("link", name="Add what a group of young people said").click()
    page.get_by_role("button", name="Save").click()  # empty: errors, nothing saved
    assert page.locator(".govuk-error-summary").count() == 1
    assert_no_axe_violations(page, "voice form with errors")
    page.get_by_label("Group of young people").fill("Youth Council")
    page.get_by_label("What they said").fill("Buses after 8pm feel unsafe.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/board/sessions/\d+/"))
    assert (
        "Buses after 8pm feel unsafe." in page.locator("#voice ~ div").first.inner_text()
        or "Buses after 8pm feel unsafe." in page.locator("main").inner_text()
    )
    page.get_by_role("button", name="Publish the Board pack").click()
    page.wait_for_url(re.compile(r"/board/packs/\d+/$"))
    page.wait_for_selector("#download-pdf", timeout=30000)  # built (eagerly here) and shown
    assert "Buses after 8pm feel unsafe." in page.locator("main").inner_text()
    assert_no_axe_violations(page, "newly published pack")


def test_lead_enters_and_imports_benchmarks(page, live_server, login, board_data, tmp_path):
    from indicators.models import Benchmark

    login(page, live_server, "j.lead", PASSWORD)
    page.goto(f"{live_server.url}/indicators/benchmarks/")
    assert "Second quartile" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "benchmark list")
    page.goto(f"{live_server.url}/indicators/benchmarks/new/")
    page.get_by_role("button", name="Save benchmark").click()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_no_axe_violations(page, "benchmark form with errors")
    csv = tmp_path / "benchmarks.csv"
    csv.write_text(
        "indicator,period,comparator,value,quartile,source\n"
        "LAC-WITHIN-20-MILES,FY2018-19,gm,81,,GM average 2019\n"
    )
    page.goto(f"{live_server.url}/indicators/benchmarks/import/")
    page.locator("input[type=file]").set_input_files(str(csv))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Save 1 benchmark").wait_for()
    assert_no_axe_violations(page, "benchmark import preview")
    page.get_by_role("button", name="Save 1 benchmark").click()
    page.wait_for_url(re.compile(r"/indicators/benchmarks/"))
    assert Benchmark.objects.filter(comparator="gm").count() == 1


@pytest.mark.parametrize("width,height", [(1280, 800), (375, 800)])
def test_dashboard_first_screen_and_presentation(
    browser, live_server, login, board_data, width, height
):
    """The meeting-room screen: counts above the fold at 1280x800, nothing scrolls sideways,
    and the presentation view moves with the arrow keys."""
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    login(page, live_server, "j.board", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?period=FY2019-20-Q2")
    counts = page.locator("#counts .app-counts").bounding_box()
    if width == 1280:
        assert counts["y"] + counts["height"] <= height, counts  # the RAG counts above the fold
        tiles = page.locator("#theme-SAFE").bounding_box()
        assert tiles["y"] < height
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    assert_no_axe_violations(page, f"dashboard first screen at {width}px")

    page.get_by_role("link", name=re.compile("Present to the meeting")).click()
    page.wait_for_url(re.compile(r"/dashboard/present/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Overview"
    assert_no_axe_violations(page, f"presentation overview at {width}px")
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"slide=2"))
    second = page.get_by_role("heading", level=1).inner_text()
    assert second != "Overview"
    assert "86.2%" in page.locator("main").inner_text() or second != "Safe"
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    assert_no_axe_violations(page, f"presentation slide 2 at {width}px")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"slide=1"))
