"""A board member signs in and walks plan -> theme -> indicator; axe finds nothing on any page."""

import re

import pytest

from core import roles
from core.services import user_create_with_role
from tests.browser.axe import assert_no_axe_violations

PASSWORD = "walk-the-framework-2019"


@pytest.fixture
def walker(framework_tx):
    from decimal import Decimal

    from indicators import status
    from indicators.models import Indicator, Period, Return

    # a figure, so the indicator page's recent-figures table is on the page axe checks
    Return.objects.create(
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="2019-05"),
        value=Decimal("86"),
        status=Return.Status.APPROVED,
        commentary="Demo data. Test figure.",
        is_synthetic=True,
    )
    status.status_compute_period(period_code="2019-05")
    return user_create_with_role(
        username="walk.board", role=roles.BOARD_MEMBER, password=PASSWORD, first_name="Walker"
    )


def test_board_member_walks_plan_theme_indicator(page, live_server, login, walker):
    login(page, live_server, "walk.board", PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert "Q1 2019/20" in page.locator("#summary").inner_text()
    assert_no_axe_violations(page, "dashboard")
    page.get_by_text("Filter", exact=True).click()
    page.select_option("#theme", "SAFE")
    page.wait_for_url(re.compile(r"theme=SAFE"))
    assert page.locator("#theme-SAFE").count() == 1 and page.locator("#theme-HEALTHY").count() == 0
    assert_no_axe_violations(page, "dashboard filtered to Safe")

    page.goto(f"{live_server.url}/framework/")
    assert page.get_by_role("heading", level=1).inner_text() == "Outcomes framework"
    assert_no_axe_violations(page, "framework home")

    page.get_by_role("link", name="Safe", exact=True).first.click()
    page.wait_for_url(re.compile(r"/framework/themes/SAFE/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Safe"
    assert_no_axe_violations(page, "theme page")

    first_indicator = page.locator("table.govuk-table tbody a.govuk-link").first
    name = first_indicator.inner_text()
    first_indicator.click()
    page.wait_for_url(re.compile(r"/indicators/[A-Z0-9-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert_no_axe_violations(page, "indicator page from the theme")

    page.goto(f"{live_server.url}/indicators/LAC-WITHIN-20-MILES/")
    targets = page.locator("#targets").inner_text()
    for figure in ("85%", "87%", "90%"):
        assert figure in targets
    assert "Higher is better" in page.content()
    recent = page.locator("#recent").inner_text()
    assert "May 2019" in recent and "Amber" in recent
    page.wait_for_selector("#indicator-chart .main-svg", timeout=15000)  # plotly.js drew it
    assert page.locator("#chart-table tbody tr").count() == 1
    assert_no_axe_violations(page, "LAC-WITHIN-20-MILES")


def test_strategy_pages_pass_axe(page, live_server, login, walker):
    login(page, live_server, "walk.board", PASSWORD)
    page.goto(f"{live_server.url}/strategies/")
    assert_no_axe_violations(page, "strategy list")
    page.get_by_role("link", name=re.compile("Looked After Children")).first.click()
    page.wait_for_url(re.compile(r"/strategies/LAC-CL-STRATEGY/$"))
    assert page.get_by_role("heading", name="Help you grow").count() == 1
    assert_no_axe_violations(page, "LAC strategy")
