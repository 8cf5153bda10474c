"""Each role's main pages at 1280, 375 and 320 px: no page scrolls sideways (wide tables
scroll inside their own labelled region, long words wrap, charts shrink; docs/frontend.md),
axe finds no WCAG 2.2 A/AA violation, and the browser reports no Content-Security-Policy
violation (no inline script or style; the policy is in config/settings/base.py)."""

import pytest

from core import roles
from core.services import user_create_with_role
from indicators.models import Indicator
from outcomes.models import BoardPack
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_board_journey import PASSWORD, board_data  # noqa: F401 - a fixture

BOARD_MEMBER_PAGES = [
    "/dashboard/?period=FY2019-20-Q2",
    "/dashboard/present/?period=FY2019-20-Q2&slide=2",
    "/indicators/LAC-WITHIN-20-MILES/",
    "/board/sessions/",
    "/board/sessions/{session}/",
    "/board/packs/{pack}/",
    "/board/packs/{pack}/print/",
    "/framework/",
    "/framework/themes/SAFE/",
    "/strategies/",
]
OFFICER_PAGES = [
    "/indicators/returns/",
    "/indicators/returns/new/LAC-WITHIN-20-MILES/2019-10/",
    "/indicators/returns/import/",
    "/indicators/returns/grid/",
    "/scrutiny/my/",
]
LEAD_PAGES = [
    "/indicators/returns/approvals/",
    "/indicators/returns/all/",
    "/indicators/targets/",
    "/indicators/benchmarks/",
    "/indicators/benchmarks/new/",
]
SCRUTINY_PAGES = [
    "/scrutiny/",
    "/scrutiny/monitor/",
    "/scrutiny/action-plans/",
    "/scrutiny/action-plans/HMIP-YJ-2019/",
    "/scrutiny/work-programme/",
    "/scrutiny/key-decisions/",
    "/scrutiny/meetings/",
    "/scrutiny/meetings/new/",
]
JOURNEYS = {
    "j.board": BOARD_MEMBER_PAGES,
    "j.officer": OFFICER_PAGES,
    "j.lead": LEAD_PAGES,
    "j.scrutiny": SCRUTINY_PAGES,
}

# Recorded by the page itself on every document, before any of its scripts run.
RECORD_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def journeys(board_data):  # noqa: F811
    from django.core.management import call_command

    call_command("load_scrutiny", verbosity=0)
    user_create_with_role(username="j.scrutiny", role=roles.SCRUTINY_OFFICER, password=PASSWORD)
    officer = user_create_with_role(username="j.officer", role=roles.OFFICER, password=PASSWORD)
    Indicator.objects.filter(code="LAC-WITHIN-20-MILES").update(owner=officer)
    pack = BoardPack.objects.filter(session=board_data["session"]).first()
    return {"session": board_data["session"].pk, "pack": pack.pk if pack else 0}


@pytest.mark.parametrize("width", [1280, 375, 320])
@pytest.mark.parametrize("username", list(JOURNEYS))
def test_each_role_s_pages_fit_pass_axe_and_keep_the_csp(
    browser, live_server, login, journeys, username, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    console_csp = []
    page.on(
        "console",
        lambda msg: console_csp.append(msg.text) if "Content Security Policy" in msg.text else 0,
    )
    try:
        login(page, live_server, username, PASSWORD)
        wide, blocked = [], []
        for path in JOURNEYS[username]:
            url = path.format(**journeys)
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            assert "content-security-policy" in response.headers, url
            page.wait_for_load_state("load")
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                wide.append((url, scroll))
            blocked += [(url, v) for v in page.evaluate("window.__csp")]
            assert_no_axe_violations(page, f"{url} at {width}px as {username}")
        assert wide == [], f"pages wider than {width}px"
        assert blocked == [] and console_csp == [], "Content-Security-Policy violations"
    finally:
        context.close()
