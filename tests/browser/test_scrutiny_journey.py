"""Scrutiny journey in Chromium: a scrutiny officer records a meeting with one recommendation
for an officer; the officer signs in and posts the response; the Monitor shows it completed;
the Overview Report's .docx export holds the row. axe finds nothing on any page."""

import io
import re

import docx
import pytest

from core import roles
from core.services import user_create_with_role
from scrutiny.models import Recommendation
from tests.browser.axe import assert_no_axe_violations

PASSWORD = "scrutiny-journey-2019"
RECOMMENDATION = "To request the attendance figures for each ward."
RESPONSE = "The figures were circulated to Members by email on 10 September."


@pytest.fixture
def people(framework_tx):
    scrutiny = user_create_with_role(
        username="journey.scrutiny",
        role=roles.SCRUTINY_OFFICER,
        password=PASSWORD,
        first_name="Rachel",
        last_name="Scrutiny",
    )
    officer = user_create_with_role(
        username="journey.officer",
        role=roles.OFFICER,
        password=PASSWORD,
        first_name="Amanda",
        last_name="Officer",
    )
    return scrutiny, officer


def _sign_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def test_record_respond_monitor_export(page, live_server, login, people):
    scrutiny, officer = people

    # The scrutiny officer lands on the scrutiny home page with its chase list.
    login(page, live_server, "journey.scrutiny", PASSWORD)
    page.goto(f"{live_server.url}/scrutiny/")
    assert page.get_by_role("heading", level=1).inner_text() == "Scrutiny"
    assert page.locator("#chase-list").count() == 1
    assert_no_axe_violations(page, "scrutiny home")

    # Record a meeting.
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.wait_for_url(re.compile(r"/scrutiny/meetings/$"))
    assert_no_axe_violations(page, "meetings")
    page.get_by_role("link", name="Record a meeting").click()
    page.wait_for_url(re.compile(r"/scrutiny/meetings/new/$"))
    assert_no_axe_violations(page, "record a meeting")
    meeting_date = page.get_by_role("group", name="Date of the meeting")
    meeting_date.get_by_label("Day").fill("4")
    meeting_date.get_by_label("Month").fill("9")
    meeting_date.get_by_label("Year").fill("2032")
    page.get_by_label("Time").fill("10.00 am")
    page.get_by_label("Venue").fill("Council Antechamber, Level 2, Town Hall Extension")
    page.get_by_role("button", name="Save meeting").click()
    page.wait_for_url(re.compile(r"/scrutiny/meetings/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Meeting of 4 September 2032"
    assert_no_axe_violations(page, "meeting page")

    # One form for the item, its decisions, the recommendation and its contact officer.
    page.get_by_role("link", name="Add an item").click()
    page.wait_for_url(re.compile(r"/items/new/$"))
    assert_no_axe_violations(page, "add an item")
    page.get_by_label("Item reference").fill("CYP/32/40")
    page.get_by_label("Title").fill("School Attendance")
    page.get_by_label("Report of").fill("Director of Education")
    page.locator("#id_decisions-0-text").fill("To note the report.")
    page.locator("#id_decisions-1-text").fill(RECOMMENDATION)
    page.locator("#id_decisions-1-is_recommendation").check()
    page.locator("#id_decisions-1-contact_officer").select_option(label="Amanda Officer")
    page.locator("#id_decisions-1-contact_officer_post").fill("Director of Education")
    # The GOV.UK date input: Day, Month, Year.
    page.locator("#id_decisions-1-due_date_0").fill("1")
    page.locator("#id_decisions-1-due_date_1").fill("10")
    page.locator("#id_decisions-1-due_date_2").fill("2032")
    page.get_by_role("button", name="Save item").click()
    page.wait_for_url(re.compile(r"/scrutiny/meetings/\d+/$"))
    assert "CYP/32/40 School Attendance" in page.locator("main").inner_text()
    assert "recorded with 2 decisions and 1 recommendation" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "meeting page with the item")
    rec = Recommendation.objects.get(item__ref="CYP/32/40")
    assert rec.contact_officer_id == officer.pk

    # The recommendation is on the Monitor, awaiting a response.
    page.goto(f"{live_server.url}/scrutiny/monitor/")
    row = page.locator(f"#rec-{rec.pk}")
    assert "Awaiting response" in row.inner_text()
    assert "Amanda Officer, Director of Education" in row.inner_text()
    _sign_out(page)

    # The officer signs in and posts the response.
    login(page, live_server, "journey.officer", PASSWORD)
    page.goto(f"{live_server.url}/scrutiny/my/")
    assert_no_axe_violations(page, "my scrutiny items")
    page.locator("#my-recommendations").get_by_role("link", name=re.compile("^Respond")).click()
    page.wait_for_url(re.compile(rf"/scrutiny/recommendations/{rec.pk}/respond/$"))
    assert_no_axe_violations(page, "respond form")
    page.get_by_label("Response", exact=True).fill(RESPONSE)
    page.get_by_label("Completed", exact=True).check()
    page.get_by_role("button", name="Post response").click()
    page.wait_for_url(re.compile(r"/scrutiny/my/$"))
    assert "Response posted" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "my scrutiny items after responding")
    _sign_out(page)

    # The scrutiny officer sees it completed on the Monitor.
    login(page, live_server, "journey.scrutiny", PASSWORD)
    page.goto(f"{live_server.url}/scrutiny/monitor/?state=closed")
    row = page.locator(f"#rec-{rec.pk}")
    assert "Completed" in row.inner_text()
    assert RESPONSE in row.inner_text()
    assert_no_axe_violations(page, "monitor")

    # The Overview Report export opens with python-docx and holds the row.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Overview Report as a Word document")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(open(download.path(), "rb").read()))
    rows = [[cell.text for cell in r.cells] for r in document.tables[0].rows]
    assert [
        "4 September 2032",
        "CYP/32/40 School Attendance",
        RECOMMENDATION,
        RESPONSE,
        "Amanda Officer, Director of Education",
    ] in rows

    page.goto(f"{live_server.url}/scrutiny/recommendations/{rec.pk}/")
    assert RESPONSE in page.locator("#updates").inner_text()
    assert_no_axe_violations(page, "recommendation page")


SCRUTINY_PAGES = [
    ("/scrutiny/monitor/print/", "Recommendations Monitor (printable)"),
    ("/scrutiny/action-plans/", "Action plans"),
    ("/scrutiny/action-plans/HMIP-YJ-2019/", "HMIP Action Plan – Update June 2019"),
    (
        "/scrutiny/action-plans/HMIP-YJ-2019/print/",
        "HMIP Action Plan – Update June 2019 (printable)",
    ),
    ("/scrutiny/work-programme/", "Work programme"),
    ("/scrutiny/key-decisions/", "Key decisions"),
    ("/scrutiny/committee/", "Committee members"),
]


def test_the_other_scrutiny_pages_pass_axe(page, live_server, login, people):
    login(page, live_server, "journey.scrutiny", PASSWORD)
    for path, heading in SCRUTINY_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert_no_axe_violations(page, path)
    page.goto(f"{live_server.url}/scrutiny/action-plans/HMIP-YJ-2019/")
    action = page.locator("tr[id^='action-']").first
    action.get_by_role("link", name=re.compile("^Add an update")).click()
    page.wait_for_url(re.compile(r"/scrutiny/actions/\d+/update/$"))
    assert_no_axe_violations(page, "action progress form")
    page.get_by_role("button", name="Add update").click()  # empty text: errors
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page, "action progress form with errors")
    rec = Recommendation.objects.order_by("id").first()
    page.goto(f"{live_server.url}/scrutiny/recommendations/{rec.pk}/edit/")
    assert_no_axe_violations(page, "edit recommendation")
    page.goto(f"{live_server.url}/scrutiny/action-plans/HMIP-YJ-2019/")
    page.locator("tr[id^='action-']").first.get_by_role("link", name=re.compile("^Edit")).click()
    page.wait_for_url(re.compile(r"/scrutiny/actions/\d+/edit/$"))
    assert_no_axe_violations(page, "edit action")
