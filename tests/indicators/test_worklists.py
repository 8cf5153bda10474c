"""Each role's main screen answers its first question: the officer's worklist, the figure's
context and live RAG preview on the entry pages, the template of what is due, the approval
queue with context."""

import csv
import io
import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import Indicator, Period, Return
from indicators.returns import importers, selectors
from indicators.status import prospective_rag
from tests.factories import IndicatorFactory, ReturnFactory, approved
from tests.helpers import today_is

TODAY = date(2019, 10, 15)  # September's return is due 21 October: this week
LAC = "LAC-WITHIN-20-MILES"  # percent, higher is better, 90% target in FY2019-20


@pytest.fixture
def owned(officer):
    Indicator.objects.filter(code__in=[LAC, "ADOPTIONS"]).update(owner=officer)


def make(code, period_code, value, status="draft", **fields):
    return Return.objects.create(
        indicator=Indicator.objects.get(code=code),
        period=Period.objects.get(code=period_code),
        value=D(str(value)),
        status=status,
        **fields,
    )


@pytest.fixture
def work(owned, officer):
    """One return in each group of the officer's worklist on TODAY."""
    make(LAC, "2019-08", 91, "submitted", submitted_by=officer)  # waiting approval
    make(LAC, "2019-07", 91, returned_reason="Check the count")  # sent back
    make("ADOPTIONS", "FY2019-20-Q1", 10)  # a draft, overdue since 19 July
    make("ADOPTIONS", "FY2019-20-Q2", 30, "approved")  # done
    # no return: LAC 2019-09 (due this week), ADOPTIONS FY2018-19-Q4 (overdue since April)


def codes(rows):
    return [f"{r.indicator.code} {r.period.code}" for r in rows]


# --- 1. the officer's worklist ----------------------------------------------------------------


@pytest.mark.django_db
def test_worklist_groups_oldest_due_first(work, officer):
    groups = {g.key: g for g in selectors.worklist(user=officer, today=TODAY)}
    assert [g.label for g in groups.values()] == [
        "Overdue",
        "Due this week",
        "Due later",
        "Sent back",
        "Waiting approval",
        "Done",
    ]
    assert codes(groups["overdue"].rows) == ["ADOPTIONS FY2018-19-Q4", "ADOPTIONS FY2019-20-Q1"]
    assert codes(groups["due-week"].rows) == [f"{LAC} 2019-09"]
    assert codes(groups["sent-back"].rows) == [f"{LAC} 2019-07"]
    assert codes(groups["waiting"].rows) == [f"{LAC} 2019-08"]
    assert codes(groups["done"].rows) == ["ADOPTIONS FY2019-20-Q2"]
    assert groups["due-later"].count == 0
    # a week earlier September's return is not due this week but later
    earlier = {g.key: g for g in selectors.worklist(user=officer, today=date(2019, 10, 8))}
    assert f"{LAC} 2019-09" in codes(earlier["due-later"].rows)


@pytest.mark.django_db
def test_my_returns_page_headings_counts_and_links(work, officer, client):
    client.force_login(officer)
    with today_is(TODAY):
        html = client.get("/indicators/returns/").content.decode()
    assert 'id="my-returns"' in html
    for key, label, count in [
        ("overdue", "Overdue", 2),
        ("due-week", "Due this week", 1),
        ("sent-back", "Sent back", 1),
        ("waiting", "Waiting approval", 1),
        ("done", "Done", 1),
    ]:
        assert re.search(rf'<h2[^>]*id="group-{key}">{label} <span[^>]*>{count} return', html)
        assert re.search(rf'href="#group-{key}"><span[^>]*>{count}</span> {label.lower()}', html)
    overdue = html.split('id="group-overdue"')[1].split('id="group-due-week"')[0]
    assert overdue.index("FY2018-19-Q4") < overdue.index("FY2019-20-Q1")
    # every link the page had: upload, template, Enter for no return, Open for a return
    assert 'href="/indicators/returns/import/"' in html
    assert 'href="/indicators/returns/template.csv"' in html
    # LAC-WITHIN-20-MILES is reported by locality: its Enter link opens the locality page
    assert f'href="/indicators/returns/areas/{LAC}/?period=2019-09"' in html
    assert html.count('href="/indicators/returns/new/') + html.count("/returns/areas/") == 2
    assert len(re.findall(r'href="/indicators/returns/\d+/"', html)) == 4


@pytest.mark.django_db
def test_my_returns_filter_by_text_and_group(work, officer, client):
    client.force_login(officer)
    with today_is(TODAY):
        by_text = client.get("/indicators/returns/", {"q": "adopt"}).content.decode()
        by_group = client.get("/indicators/returns/", {"group": "overdue"}).content.decode()
        nothing = client.get("/indicators/returns/", {"q": "no such thing"}).content.decode()
        bad = client.get("/indicators/returns/", {"group": "everything"})
    assert "ADOPTIONS" in by_text and LAC not in by_text
    assert 'value="adopt"' in by_text  # the filter shows what was asked
    assert "FY2018-19-Q4" in by_group and LAC not in by_group and "FY2019-20-Q2" not in by_group
    assert "No returns match the filter" in nothing
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Choose a group from the list." in page and "Error: My returns" in page
    assert LAC in page and "ADOPTIONS" in page  # nothing filtered on a bad request


# --- 2. the entry page: unit, target, recent figures, live preview ----------------------------


@pytest.mark.django_db
def test_entry_page_shows_unit_target_and_last_three_figures(owned, officer, client):
    for code, value in [("2019-03", 95), ("2019-04", 91), ("2019-05", 86), ("2019-06", 80)]:
        approved(LAC, code, value)
    client.force_login(officer)
    html = client.get(f"/indicators/returns/new/{LAC}/2019-07/").content.decode()
    context = html.split('id="entry-context"')[1].split("</dl>")[0]
    assert "Percentage" in context
    assert "90% (amber band 4.5)" in context
    recent = context.split('id="entry-recent"')[1]
    assert re.findall(r"<li>(\w+ \d{4}): <strong>([\d.%]+)</strong>", recent) == [
        ("June 2019", "80%"),
        ("May 2019", "86%"),
        ("April 2019", "91%"),
    ]
    assert [w for w in ("Red", "Amber", "Green") if w in recent] == ["Red", "Amber", "Green"]
    assert recent.index("Red") < recent.index("Amber") < recent.index("Green")
    assert "March 2019" not in recent
    # the draft's page shows the same, and the preview region wired to the endpoint
    ret = make(LAC, "2019-07", 84)
    html = client.get(f"/indicators/returns/{ret.pk}/").content.decode()
    assert "90% (amber band 4.5)" in html and "June 2019" in html
    assert f'data-rag-preview-url="/indicators/returns/new/{LAC}/2019-07/preview/"' in html
    assert 'aria-live="polite"' in html and "dist/rag-preview.js" in html


@pytest.mark.django_db
def test_entry_page_without_target_or_figures(officer, client):
    indicator = IndicatorFactory(owner=officer)
    client.force_login(officer)
    html = client.get(f"/indicators/returns/new/{indicator.code}/FY2018-19/").content.decode()
    context = html.split('id="entry-context"')[1]
    assert "No target set" in context and "None approved yet" in context
    assert "Count" in context


@pytest.mark.django_db
def test_rag_preview_endpoint_says_what_the_engine_would(owned, officer, client):
    url = f"/indicators/returns/new/{LAC}/2019-07/preview/"
    client.force_login(officer)
    for value, rag in [("91", "green"), ("86", "amber"), ("20", "red")]:
        response = client.get(url, {"value": value})
        assert response.status_code == 200
        body = response.json()
        expected = prospective_rag(
            indicator=Indicator.objects.get(code=LAC),
            period=Period.objects.get(code="2019-07"),
            value=D(value),
        )
        assert body["rag"] == expected == rag
        assert body["label"] == rag.title() and f"{value}% would rate {rag.title()}" in body["text"]
    for params, message in [
        ({"value": "191"}, "is a percentage: 0 to 100."),
        ({"value": "abc"}, "The value must be a number, like 91.5, not 'abc'."),
        ({"value": ""}, "Enter the value"),
        ({}, "Enter the value"),
        ({"value": "1" * 40}, "too long"),
    ]:
        response = client.get(url, params)
        assert response.status_code == 400 and message in response.json()["error"]


@pytest.mark.django_db
def test_rag_preview_endpoint_roles_and_unknowns(owned, board_member, officer, client):
    assert client.get(f"/indicators/returns/new/{LAC}/2019-07/preview/?value=1").status_code == 302
    client.force_login(board_member)
    response = client.get(f"/indicators/returns/new/{LAC}/2019-07/preview/?value=1")
    assert response.status_code == 403
    client.force_login(officer)
    assert client.get("/indicators/returns/new/NOPE/2019-07/preview/?value=1").status_code == 404
    assert client.get(f"/indicators/returns/new/{LAC}/2019-13/preview/?value=1").status_code == 404


# --- 3. the import template of what is due ----------------------------------------------------


@pytest.mark.django_db
def test_template_lists_only_what_is_due_and_unsubmitted(work, officer, other_officer, client):
    with today_is(TODAY):
        client.force_login(officer)
        text = client.get("/indicators/returns/template.csv").content.decode()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == [
        "indicator",
        "period",
        "value",
        "commentary",
        "indicator_name",
        "unit",
        "target",
    ]
    assert [tuple(r[:2]) for r in table[1:]] == [
        ("ADOPTIONS", "FY2018-19-Q4"),  # no return
        ("ADOPTIONS", "FY2019-20-Q1"),  # a draft
        (LAC, "2019-07"),  # sent back: a draft again
        (LAC, "2019-09"),  # no return; 2019-08 is submitted
    ]
    lac = table[-1]
    assert lac[2:4] == ["", ""]
    assert lac[4] == Indicator.objects.get(code=LAC).name
    assert lac[5:] == ["Percentage", "90%"]
    assert table[1][5:] == ["Count", "60"]
    assert len(importers.template_csv(user=other_officer, today=TODAY).splitlines()) == 1


@pytest.mark.django_db
def test_filled_template_uploads_skipping_blank_values(work, officer, client):
    with today_is(TODAY):
        template = importers.template_csv(user=officer, today=TODAY)
    lines = template.splitlines()
    lines[-1] = lines[-1].replace(f"{LAC},2019-09,,", f"{LAC},2019-09,91,Steady")
    upload = SimpleUploadedFile("due.csv", ("\n".join(lines) + "\n").encode())
    client.force_login(officer)
    html = client.post("/indicators/returns/import/", {"file": upload}).content.decode()
    assert "Problem" not in html
    assert "3 rows with no value were skipped (rows 2, 3, 4)" in html
    preview = html.split('id="preview"')[1].split("</table>")[0]
    assert preview.count("<tr") == 2 and "2019-09" in preview  # the header and one row
    token = html.split('name="token" value="')[1].split('"')[0]
    client.post("/indicators/returns/import/", {"token": token, "submit": "1"})
    saved = Return.objects.get(indicator__code=LAC, period__code="2019-09")
    assert (saved.value, saved.status) == (D("91"), "submitted")
    assert Return.objects.count() == 5  # the blank rows saved nothing


@pytest.mark.django_db
def test_import_reads_and_ignores_extra_columns(owned, officer):
    text = (
        "indicator,period,value,commentary,indicator_name,unit,target\n"
        f"{LAC},2019-05,91,Fine,Placed within 20 miles,Percentage,90%\n"
        f"{LAC},2019-06,,,Placed within 20 miles,Percentage,90%\n"
    )
    rows, skipped = importers.read(name="r.csv", content=text.encode())
    assert [(r.indicator, r.period, r.value, r.commentary) for r in rows] == [
        (LAC, "2019-05", "91", "Fine")
    ]
    assert skipped == [3]
    assert importers.check(user=officer, rows=rows)[0].errors == []


@pytest.mark.django_db
def test_preview_flags_red_or_amber_rows_without_commentary(owned, officer, client):
    text = (
        "indicator,period,value,commentary\n"
        f"{LAC},2019-04,91,\n"  # green: no commentary needed
        f"{LAC},2019-05,40,\n"  # red, no commentary
        f"{LAC},2019-06,86,Sufficiency plan\n"  # amber with commentary
        f"{LAC},2019-07,86,\n"  # amber, no commentary
    )
    client.force_login(officer)
    upload = SimpleUploadedFile("r.csv", text.encode())
    html = client.post("/indicators/returns/import/", {"file": upload}).content.decode()
    warnings = html.split('id="import-warnings"')[1].split("</ul>")[0]
    assert "2 rows would be refused at submit" in warnings
    assert f"Row 3: {LAC} 2019-05 would rate Red and has no commentary" in warnings
    assert f"Row 5: {LAC} 2019-07 would rate Amber and has no commentary" in warnings
    assert "Row 2:" not in warnings and "Row 4:" not in warnings
    assert "Save and submit for approval" not in html and "Save as drafts" in html
    token = html.split('name="token" value="')[1].split('"')[0]
    client.post("/indicators/returns/import/", {"token": token, "submit": "0"})
    assert Return.objects.filter(status="draft").count() == 4  # drafts are fine


# --- 4. the approval queue with context -------------------------------------------------------

SERIES = [  # approved, oldest first: period-to-period changes 3, 2, 3, 2, 3, 3, 1.1 (median 3)
    ("2019-02", "70"),
    ("2019-03", "73"),
    ("2019-04", "71"),
    ("2019-05", "74"),
    ("2019-06", "72"),
    ("2019-07", "75"),
    ("2019-08", "72"),
    ("2019-09", "70.9"),
]


@pytest.mark.django_db
def test_approval_row_context_and_unusual_change(officer, performance_lead):
    for code, value in SERIES:
        approved(LAC, code, value)
    ret = make(LAC, "2019-10", 20, "submitted", submitted_by=officer, updated_by=officer)
    [row] = selectors.approval_rows(user=performance_lead)
    assert row.ret == ret
    assert row.unit == "Percentage"
    assert row.target == "90% (amber band 4.5)"
    assert (row.previous, row.previous_label) == ("70.9%", "September 2019")
    assert row.change == "-50.9 points"
    assert row.rag == "red"
    assert row.warning == "Unusual change: -50.9 points against a typical 3"
    assert row.own is False


@pytest.mark.django_db
def test_no_warning_for_a_usual_change_or_a_short_history(officer, performance_lead):
    for code, value in SERIES:
        approved(LAC, code, value)
    make(LAC, "2019-10", "78", "submitted", submitted_by=officer)  # +7.1: under 3 x 3
    indicator = IndicatorFactory(unit=Indicator.Unit.COUNT)
    ReturnFactory(indicator=indicator, period_code="FY2016-17", value=D("10"))
    ReturnFactory(indicator=indicator, period_code="FY2017-18", value=D("11"))
    ReturnFactory(
        indicator=indicator,
        period_code="FY2018-19",
        value=D("90"),
        status="submitted",
        submitted_by=officer,
    )
    rows = {r.ret.indicator.code: r for r in selectors.approval_rows(user=performance_lead)}
    assert rows[LAC].change == "+7.1 points" and rows[LAC].warning is None
    assert rows[indicator.code].change == "+79"  # a count: no "points"
    assert rows[indicator.code].warning is None  # two figures only
    assert rows[indicator.code].target == "No target set"
    assert rows[indicator.code].rag == "not_rated"


@pytest.mark.django_db
def test_no_approve_button_on_your_own_return(client, owned, officer, performance_lead, other_lead):
    mine = make(LAC, "2019-05", 91, "submitted", submitted_by=performance_lead)
    changed = make(LAC, "2019-06", 91, "submitted", submitted_by=officer, updated_by=other_lead)
    theirs = make(LAC, "2019-07", 91, "submitted", submitted_by=officer, updated_by=officer)
    client.force_login(performance_lead)
    html = client.get("/indicators/returns/approvals/").content.decode()

    def cell(ret):
        return html.split(f'id="queue-{ret.pk}"')[1].split("</tr>")[0]

    assert "You submitted this: another lead approves it" in cell(mine)
    assert f'Approve<span class="govuk-visually-hidden"> {LAC} 2019-05' not in cell(mine)
    assert "Send back" in cell(mine)
    assert "Approve<span" in cell(changed) and "Approve<span" in cell(theirs)
    client.force_login(other_lead)
    html = client.get("/indicators/returns/approvals/").content.decode()
    assert "You submitted this" in cell(changed) and "Approve<span" not in cell(changed)
    assert "Approve<span" in cell(mine)


def _queue(size, officer):
    """`size` submitted returns, each of its own indicator with approved figures and a target."""
    for n in range(size):
        indicator = IndicatorFactory(code=f"QUEUE-{n:02d}", unit=Indicator.Unit.PERCENT)
        for year, value in [("FY2016-17", 50), ("FY2017-18", 52), ("FY2018-19", 51)]:
            ReturnFactory(indicator=indicator, period_code=year, value=D(value))
        ReturnFactory(
            indicator=indicator,
            period_code="FY2019-20",
            value=D("49"),
            status="submitted",
            submitted_by=officer,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 12])
def test_approval_rows_take_a_fixed_number_of_queries(
    size, officer, performance_lead, django_assert_max_num_queries
):
    _queue(size, officer)
    with django_assert_max_num_queries(3):
        rows = selectors.approval_rows(user=performance_lead)
    assert len(rows) == size and all(r.previous == "51%" for r in rows)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 12])
def test_approval_page_takes_a_fixed_number_of_queries(
    size, client, officer, performance_lead, django_assert_max_num_queries
):
    _queue(size, officer)
    client.force_login(performance_lead)
    with django_assert_max_num_queries(12):
        html = client.get("/indicators/returns/approvals/").content.decode()
    assert html.count("Will rate") == size


@pytest.mark.django_db
def test_approval_and_lock_errors_link_to_their_fields_and_keep_what_was_typed(
    work, officer, performance_lead, client
):
    client.force_login(performance_lead)
    ret = Return.objects.get(status="submitted")
    page = client.post(
        "/indicators/returns/approvals/",
        {"return_id": ret.pk, "version": ret.version, "action": "return", "reason": " "},
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert f'href="#reason-{ret.pk}"' in html  # the summary links to that row's reason box
    assert f'id="reason-{ret.pk}"' in html and 'aria-invalid="true"' in html
    page = client.post(
        "/indicators/returns/approvals/",
        {"action": "reopen", "period": "2019-08", "lock_reason": ""},
    )
    html = page.content.decode()
    assert page.status_code == 400 and "Say why the period is being reopened." in html
    assert 'href="#lock-lock_reason"' in html and 'id="lock-lock_reason"' in html
    assert '<option value="2019-08" selected>' in html  # the period chosen is kept


def _grid_post(client, page_html, values: dict, action: str):
    """Post the grid as a browser would: every row's hidden fields as rendered, with
    `values` {(indicator, period): (value, commentary)} typed in."""
    fields = dict(
        re.findall(r'name="(form-[^"]+|csrfmiddlewaretoken)"[^>]*value="([^"]*)"', page_html)
    )
    fields.update(
        dict(
            re.findall(
                r'name="(form-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="([^"]*)"',
                page_html,
            )
        )
    )
    rows = int(fields["form-TOTAL_FORMS"])
    data = {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}
    for n in range(rows):
        key = (fields[f"form-{n}-indicator"], fields[f"form-{n}-period"])
        value, commentary = values.get(key, (data.get(f"form-{n}-value", ""), ""))
        data[f"form-{n}-value"], data[f"form-{n}-commentary"] = value, commentary
    data["action"] = action
    return client.post("/indicators/returns/grid/", data)


@pytest.mark.django_db
def test_grid_lists_every_figure_due_and_saves_what_is_typed(work, officer, client):
    client.force_login(officer)
    with today_is(TODAY):
        page = client.get("/indicators/returns/grid/").content.decode()
        due = [
            (r["indicator"].code, r["period"].code)
            for r in selectors.due_rows(user=officer, today=TODAY)
        ]
        assert len(due) == 4 and (LAC, "2019-09") in due and ("ADOPTIONS", "FY2019-20-Q1") in due
        for code, period in due:
            assert f'value="{code}"' in page and f'value="{period}"' in page
        assert 'value="10"' in page  # the draft's figure is there to edit
        response = _grid_post(
            client,
            page,
            {(LAC, "2019-09"): ("91", "Steady"), ("ADOPTIONS", "FY2019-20-Q1"): ("12", "")},
            "save",
        )
    assert response.status_code == 302
    new = Return.objects.get(indicator__code=LAC, period__code="2019-09")
    assert (new.value, new.commentary, new.status) == (D("91"), "Steady", "draft")
    draft = Return.objects.get(indicator__code="ADOPTIONS", period__code="FY2019-20-Q1")
    assert (draft.value, draft.status) == (D("12"), "draft")
    assert Return.objects.count() == 5  # the blank rows saved nothing


@pytest.mark.django_db
def test_grid_refuses_the_whole_screen_and_links_to_the_row_at_fault(work, officer, client):
    client.force_login(officer)
    with today_is(TODAY):
        page = client.get("/indicators/returns/grid/").content.decode()
        before = sorted(Return.objects.values_list("id", "version", "value", "status"))
        response = _grid_post(
            client,
            page,
            {(LAC, "2019-09"): ("20", ""), ("ADOPTIONS", "FY2019-20-Q1"): ("abc", "")},
            "submit",
        )
    html = response.content.decode()
    assert response.status_code == 400 and "nothing was saved" in html
    assert "The value must be a number, like 91.5, not &#x27;abc&#x27;." in html
    assert "commentary" in html.lower() and 'aria-invalid="true"' in html
    links = re.findall(r'href="#(id_form-\d+-value)"', html)
    assert len(links) >= 2 and all(f'id="{link}"' in html for link in links)
    assert 'value="20"' in html and 'value="abc"' in html  # what was typed is kept
    assert sorted(Return.objects.values_list("id", "version", "value", "status")) == before


@pytest.mark.django_db
def test_grid_detects_a_draft_changed_since_the_screen_was_opened(work, officer, client):
    client.force_login(officer)
    with today_is(TODAY):
        page = client.get("/indicators/returns/grid/").content.decode()
        draft = Return.objects.get(indicator__code="ADOPTIONS", period__code="FY2019-20-Q1")
        draft.value, draft.version = D("11"), draft.version + 1
        draft.save()
        response = _grid_post(client, page, {("ADOPTIONS", "FY2019-20-Q1"): ("12", "")}, "save")
    assert response.status_code == 400 and "changed after" in response.content.decode()
    draft.refresh_from_db()
    assert draft.value == D("11")
