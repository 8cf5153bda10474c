"""No page scrolls sideways, at 1280 px or at 375 px: wide tables scroll inside their own
labelled region, long words wrap, charts shrink (docs/frontend.md)."""

import pytest

from core import roles
from core.services import user_create_with_role
from outcomes.models import BoardPack
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_board_journey import PASSWORD, board_data  # noqa: F401 - a fixture

LEAD_PAGES = [
    "/framework/",
    "/framework/themes/SAFE/",
    "/strategies/",
    "/dashboard/?period=FY2019-20-Q2",
    "/dashboard/present/?period=FY2019-20-Q2&slide=2",
    "/indicators/LAC-WITHIN-20-MILES/",
    "/board/sessions/",
    "/board/sessions/{session}/",
    "/board/packs/{pack}/",
    "/indicators/benchmarks/",
    "/indicators/benchmarks/new/",
    "/indicators/returns/approvals/",
    "/indicators/returns/all/",
    "/indicators/targets/",
    "/scrutiny/",
    "/scrutiny/monitor/",
    "/scrutiny/action-plans/",
    "/scrutiny/work-programme/",
    "/scrutiny/key-decisions/",
    "/scrutiny/meetings/",
]


@pytest.mark.parametrize("width", [1280, 375])
def test_no_page_scrolls_sideways(browser, live_server, login, board_data, width):  # noqa: F811
    from django.core.management import call_command

    call_command("load_scrutiny", verbosity=0)
    user_create_with_role(username="j.scrutiny", role=roles.SCRUTINY_OFFICER, password=PASSWORD)
    pack = BoardPack.objects.filter(session=board_data["session"]).first()
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    login(page, live_server, "j.lead", PASSWORD)
    wide = []
    for path in LEAD_PAGES:
        url = path.format(session=board_data["session"].pk, pack=pack.pk if pack else 0)
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide.append((url, scroll))
        if width == 375:
            assert_no_axe_violations(page, f"{url} at 375px")
    assert wide == [], f"pages wider than {width}px"
