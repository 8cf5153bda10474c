"""Issue 14 in a real browser: the chart's range links, real figures marked in the chart and its
table, inferred targets with their note; axe finds nothing on either page."""

import re
from datetime import date

import pytest

from core import roles
from core.services import user_create_with_role
from tests.browser.axe import assert_no_axe_violations

PASSWORD = "real-figures-first-2019"


@pytest.fixture
def reader(framework_tx):
    from indicators import demo, status

    officer = user_create_with_role(username="rf.officer", role=roles.OFFICER, password=PASSWORD)
    lead = user_create_with_role(username="rf.lead", role=roles.PERFORMANCE_LEAD, password=PASSWORD)
    demo.returns_seed(submitter=officer, approver=lead, today=date(2019, 10, 15))
    status.statuses_recompute(end=date(2019, 10, 15))
    return user_create_with_role(username="rf.board", role=roles.BOARD_MEMBER, password=PASSWORD)


def test_range_links_real_figures_and_inferred_targets(page, live_server, login, reader):
    login(page, live_server, "rf.board", PASSWORD)
    page.goto(f"{live_server.url}/indicators/CP-PLANS/")
    page.wait_for_selector("#indicator-chart .main-svg", timeout=15000)
    assert page.locator("#chart-table tbody tr").count() == 36
    page.get_by_role("link", name="Show all", exact=True).click()
    page.wait_for_url(re.compile(r"\?range=all"))
    page.wait_for_selector("#indicator-chart .main-svg", timeout=15000)
    assert page.locator("#chart-table tbody tr").count() == 42
    assert page.locator('#chart-range a[aria-current="true"]').inner_text() == "Show all"
    key = page.locator(".app-chart-key").inner_text()
    assert "Real figure (source document)" in key and "Demo figure" in key
    may = page.locator("#chart-table tbody tr", has_text="May 2018")
    assert "962" in may.text_content()
    assert "Real, seed 004" in may.text_content()
    assert_no_axe_violations(page, "CP-PLANS, all years")

    page.goto(f"{live_server.url}/indicators/LAC-STARTS/")
    page.wait_for_selector("#indicator-chart .main-svg", timeout=15000)
    assert "Inferred" in page.locator("#targets").inner_text()
    assert "no year" in page.locator("#target-basis").inner_text()
    assert "Target inferred or carried forward" in page.locator(".app-chart-key").inner_text()
    assert_no_axe_violations(page, "LAC-STARTS, inferred targets")
