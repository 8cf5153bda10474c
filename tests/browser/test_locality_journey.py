"""Locality journey: an officer enters CP-PLANS for North, Central and South on one screen, a
lead approves each, the city's figure is added up, and the Board sees the breakdown."""

import pytest
from playwright.sync_api import expect

from core import roles
from core.services import user_create_with_role
from indicators import status
from indicators.models import Indicator, Return
from tests.browser.axe import assert_no_axe_violations

PASSWORD = "locality-journey-2019"
FIGURES = {"North": "301", "Central": "212", "South": "224"}


@pytest.fixture
def people(framework_tx):
    officer = user_create_with_role(username="l.officer", role=roles.OFFICER, password=PASSWORD)
    user_create_with_role(username="l.lead", role=roles.PERFORMANCE_LEAD, password=PASSWORD)
    user_create_with_role(username="l.board", role=roles.BOARD_MEMBER, password=PASSWORD)
    Indicator.objects.filter(code="CP-PLANS").update(owner=officer)


def test_enter_by_locality_city_added_up_and_board_breakdown(
    page, live_server, login, people, browser
):
    login(page, live_server, "l.officer", PASSWORD)
    page.goto(f"{live_server.url}/indicators/returns/areas/CP-PLANS/?period=2019-05")
    expect(page.get_by_role("heading", level=1)).to_contain_text("by locality")
    assert_no_axe_violations(page, "locality entry")
    for name, value in FIGURES.items():
        page.get_by_label(f"Figure, {name}").fill(value)
        page.get_by_label(f"Commentary, {name}").fill(f"{name}: steady; step-down reviews next.")
    page.get_by_label("Figure, Central").fill("2x2")  # a typing slip first
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Central:")
    expect(page.get_by_label("Figure, North")).to_have_value("301")  # what was typed is kept
    assert_no_axe_violations(page, "locality entry with an error")
    page.get_by_label("Figure, Central").fill("212")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        "3 locality figures saved and submitted"
    )

    lead = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(lead, live_server, "l.lead", PASSWORD)
    lead.goto(f"{live_server.url}/indicators/returns/approvals/")
    assert_no_axe_violations(lead, "approval queue with localities")
    for name in FIGURES:
        lead.get_by_role("button", name=f"Approve CP-PLANS 2019-05 {name}").click()
        lead.wait_for_load_state()
    city = Return.objects.city().get(indicator__code="CP-PLANS", period__code="2019-05")
    assert city.is_derived and city.value == 737
    lead.goto(f"{live_server.url}/indicators/returns/areas/CP-PLANS/?period=2019-05")
    expect(lead.locator("#city-figure")).to_contain_text("737, added up from the localities")

    status.status_compute_period(period_code="2019-05")
    board = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(board, live_server, "l.board", PASSWORD)
    board.goto(f"{live_server.url}/dashboard/?period=FY2019-20-Q1")
    section = board.locator("#localities")
    expect(section).to_contain_text("By locality")
    for name, value in FIGURES.items():
        expect(section).to_contain_text(name)
        expect(section).to_contain_text(value)
    assert_no_axe_violations(board, "dashboard with the locality breakdown")
    board.goto(f"{live_server.url}/indicators/CP-PLANS/")
    expect(board.locator("#localities")).to_contain_text("737")
    assert_no_axe_violations(board, "indicator page with the locality breakdown")
