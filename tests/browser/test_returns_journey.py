"""Officer uploads a CSV with one bad row, fixes it and submits; a lead approves; RAG follows."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core import roles
from core.services import user_create_with_role
from indicators.models import Indicator
from tests.browser.axe import assert_no_axe_violations

PASSWORD = "returns-journey-2019"
HEADER = "indicator,period,value,commentary\n"
# The live RAG preview's module, served from its source: static/dist may be an older build.
PREVIEW_JS = Path(__file__).resolve().parents[2] / "static_src" / "js" / "rag-preview.js"


def serve_preview_module(page):
    page.route(
        "**/static/dist/rag-preview.js",
        lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=PREVIEW_JS.read_text()
        ),
    )


@pytest.fixture
def people(framework_tx):
    officer = user_create_with_role(
        username="j.officer", role=roles.OFFICER, password=PASSWORD, first_name="Jo"
    )
    user_create_with_role(
        username="j.lead", role=roles.PERFORMANCE_LEAD, password=PASSWORD, first_name="Lee"
    )
    Indicator.objects.filter(code__in=["ADOPTIONS", "LAC-WITHIN-20-MILES"]).update(owner=officer)


def upload(page, text):
    page.set_input_files(
        "#id_file", files=[{"name": "returns.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()


def test_upload_fix_submit_approve_and_rag(page, live_server, login, people, browser):
    login(page, live_server, "j.officer", PASSWORD)
    page.wait_for_url(re.compile(r"/indicators/returns/$"))
    assert page.locator("#my-returns").count() == 1
    assert_no_axe_violations(page, "my returns")

    page.get_by_role("link", name="Upload a CSV or Excel file").click()
    assert_no_axe_violations(page, "upload form")
    upload(
        page, HEADER + "ADOPTIONS,FY2019-20-Q1,15,On track\nLAC-WITHIN-20-MILES,2019-05,190,Typo\n"
    )
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Row 3:" in summary and "0 to 100" in summary
    assert page.get_by_role("button", name="Save and submit for approval").count() == 0
    assert_no_axe_violations(page, "preview with an error")

    upload(
        page,
        HEADER + "ADOPTIONS,FY2019-20-Q1,15,On track\n"
        "LAC-WITHIN-20-MILES,2019-05,86,Placements tight; sufficiency plan next\n",
    )
    assert page.locator("#preview").inner_text().count("OK") == 2
    assert_no_axe_violations(page, "clean preview")
    page.get_by_role("button", name="Save and submit for approval").click()
    page.wait_for_url(re.compile(r"/indicators/returns/$"))
    assert "2 returns saved and submitted" in page.content()

    lead_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(lead_page, live_server, "j.lead", PASSWORD)
    lead_page.goto(f"{live_server.url}/indicators/returns/approvals/")
    assert_no_axe_violations(lead_page, "approval queue")
    for name in ("Approve ADOPTIONS FY2019-20-Q1", "Approve LAC-WITHIN-20-MILES 2019-05"):
        lead_page.get_by_role("button", name=name).click()
        lead_page.wait_for_load_state()
    assert "Nothing is waiting for approval" in lead_page.content()

    status = lead_page.request.get(
        f"{live_server.url}/api/indicators/LAC-WITHIN-20-MILES/status/?period=2019-05"
    ).json()
    assert (status["rag"], status["value"], status["target"]) == ("amber", "86.0000", "90.0000")
    adoptions = lead_page.request.get(
        f"{live_server.url}/api/indicators/ADOPTIONS/status/?period=FY2019-20-Q1"
    ).json()
    assert adoptions["rag"] == "green"  # 15 against a pro-rata 15

    lead_page.goto(f"{live_server.url}/indicators/LAC-WITHIN-20-MILES/")
    assert "Amber" in lead_page.locator("#recent").inner_text()
    assert_no_axe_violations(lead_page, "indicator page after approval")
    lead_page.goto(f"{live_server.url}/indicators/returns/all/?status=approved")
    assert lead_page.locator("#all-returns tbody tr").count() == 2
    assert_no_axe_violations(lead_page, "all returns")
    lead_page.goto(f"{live_server.url}/indicators/targets/")
    assert_no_axe_violations(lead_page, "targets")
    found = page.request.get(
        f"{live_server.url}/api/returns/?indicator=LAC-WITHIN-20-MILES&period=2019-05"
    ).json()
    page.goto(f"{live_server.url}/indicators/returns/{found['results'][0]['id']}/")
    assert "Approved" in page.locator("#status").inner_text()
    assert_no_axe_violations(page, "a return with its history")
    lead_page.context.close()


def test_edit_a_draft_and_submit_in_one_step(page, live_server, login, people, browser):
    """The figure typed on the draft's page is the one submitted and shown to the approver."""
    from django.contrib.auth import get_user_model

    from indicators.models import Period, Return
    from indicators.returns import services

    officer = get_user_model().objects.get(username="j.officer")
    ret = services.return_create(
        user=officer,
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="2019-05"),
        value="91",
    )
    login(page, live_server, "j.officer", PASSWORD)
    page.goto(f"{live_server.url}/indicators/returns/{ret.pk}/")
    page.fill("#value", "95")
    page.fill("#commentary", "Typed on screen, then submitted")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    assert "Submitted for approval" in page.content()
    assert_no_axe_violations(page, "submitted return")

    # a Red figure with no commentary: refused with the field named, nothing saved
    second = services.return_create(
        user=officer,
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="2019-06"),
        value="91",
    )
    page.goto(f"{live_server.url}/indicators/returns/{second.pk}/")
    page.fill("#value", "40")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "would rate Red" in summary.inner_text()
    assert page.locator("#commentary").get_attribute("aria-invalid") == "true"
    assert page.locator("#value").input_value() == "40"  # what was typed is kept on screen
    assert_no_axe_violations(page, "refused submit")
    second.refresh_from_db()
    assert (second.status, second.value) == ("draft", 91)

    lead_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(lead_page, live_server, "j.lead", PASSWORD)
    lead_page.goto(f"{live_server.url}/indicators/returns/approvals/")
    row = lead_page.locator("#queue tbody tr", has_text="LAC-WITHIN-20-MILES 2019-05")
    assert "95" in row.inner_text() and "Typed on screen" in row.inner_text()
    row.get_by_role("button", name="Approve LAC-WITHIN-20-MILES 2019-05").click()
    lead_page.wait_for_load_state()
    assert Return.objects.get(pk=ret.pk).status == "approved"


@pytest.mark.parametrize("width", [1280, 375])
def test_returns_pages_fit_the_screen(browser, live_server, login, people, width):
    """The pages this journey posts from never scroll sideways; wide tables scroll inside
    their own labelled region."""
    from django.contrib.auth import get_user_model

    from indicators.models import Period
    from indicators.returns import services
    from tests.factories import approved

    officer = get_user_model().objects.get(username="j.officer")
    ret = services.return_create(
        user=officer,
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="2019-05"),
        value="91",
        commentary="A long commentary " * 20,
    )
    services.return_submit(user=officer, ret=ret)
    for code, value in [("2019-01", 50), ("2019-02", 51), ("2019-03", 50), ("2019-04", 51)]:
        approved("LAC-WITHIN-20-MILES", code, value)  # +40 points against a typical 1: a warning
    draft = services.return_create(
        user=officer,
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="2019-06"),
        value="91",
    )
    for user, paths in [
        (
            "j.lead",
            (
                "/indicators/returns/approvals/",
                "/indicators/targets/",
                f"/indicators/returns/{ret.pk}/",
            ),
        ),
        (
            "j.officer",
            (
                "/indicators/returns/",
                "/indicators/returns/?q=nothing+like+this",
                "/indicators/returns/new/LAC-WITHIN-20-MILES/2019-07/",
                f"/indicators/returns/{draft.pk}/",
            ),
        ),
    ]:
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        login(page, live_server, user, PASSWORD)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], (path, width, widths)
            assert_no_axe_violations(page, f"{path} at {width}px")
            if path == "/indicators/returns/approvals/":
                assert "Unusual change: +40 points against a typical 1" in page.content()
        page.context.close()


def test_live_rag_preview_as_the_officer_types(page, live_server, login, people):
    """The server decides the RAG as the figure is typed; the words land in a polite live
    region. Without JavaScript the page still saves the draft."""
    serve_preview_module(page)
    login(page, live_server, "j.officer", PASSWORD)
    page.goto(f"{live_server.url}/indicators/returns/new/LAC-WITHIN-20-MILES/2019-07/")
    assert "90% (amber band 4.5)" in page.locator("#entry-context").inner_text()
    region = page.locator("#rag-preview")
    assert region.get_attribute("aria-live") == "polite"
    page.locator("#value").press_sequentially("86")
    # Locator waits, not string predicates: the strict CSP forbids evaluating strings.
    expect(page.locator("#rag-preview")).to_contain_text("Amber")
    assert "86% would rate Amber" in region.inner_text()
    assert region.locator(".app-rag--amber").count() == 1
    assert_no_axe_violations(page, "entry page with the preview")
    page.fill("#value", "191")
    expect(page.locator("#rag-preview")).to_contain_text("0 to 100")
    page.fill("#value", "")
    expect(page.locator("#rag-preview")).to_have_text("")


def test_entry_page_works_without_javascript(browser, live_server, login, people):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, "j.officer", PASSWORD)
    page.goto(f"{live_server.url}/indicators/returns/new/LAC-WITHIN-20-MILES/2019-07/")
    page.fill("#value", "92")
    assert page.locator("#rag-preview").inner_text() == ""
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert "Draft saved for LAC-WITHIN-20-MILES 2019-07" in page.content()
    context.close()
