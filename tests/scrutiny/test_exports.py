"""Exports: the Monitor as CSV, the Overview Report and action plans as Word documents."""

import csv
import io

import docx
import pytest

from scrutiny import rules

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def _monitor_csv_rows(response):
    """The Monitor CSV's table: after its preamble (title, filters applied) and a blank row."""
    rows = _csv_rows(response)
    assert rows[1][0].startswith("Filters applied: ")
    return rows[rows.index([]) + 1 :]


def _docx(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return docx.Document(io.BytesIO(response.content))


def _table_rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_monitor_csv_has_the_seed_rows(client, board_member):
    client.force_login(board_member)
    rows = _monitor_csv_rows(client.get("/scrutiny/monitor.csv"))
    assert rows[0] == [
        "Date",
        "Item",
        "Recommendation",
        "Action",
        "Contact Officer",
        "Status",
        "Due",
    ]
    assert len(rows) == 12
    assert rows[2][:2] == ["27 February 2018", "CYP/18/16 The Employment of Children"]
    assert rows[2][3] == "This recommendation has been completed."
    assert rows[2][4] == "Amanda Corcoran, Director of Education"
    assert rows[2][5] == "Completed"


def test_monitor_csv_follows_the_filters(client, board_member):
    client.force_login(board_member)
    rows = _monitor_csv_rows(client.get("/scrutiny/monitor.csv?state=closed"))
    assert {row[5] for row in rows[1:]} == {"Completed"}
    assert len(rows) == 1 + 4


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_monitor_csv_escapes_formula_cells(client, board_member, item, prefix):
    RecommendationFactory(
        item=item,
        text=f'{prefix}HYPERLINK("http://evil.example","click")',
        action=f"{prefix}1+1",
        contact_officer_name=f"{prefix}cmd|' /C calc'!A0",
    )
    client.force_login(board_member)
    rows = _monitor_csv_rows(client.get("/scrutiny/monitor.csv"))
    row = next(r for r in rows if "HYPERLINK" in r[2])
    assert row[2] == f'\'{prefix}HYPERLINK("http://evil.example","click")'
    assert row[3] == f"'{prefix}1+1"
    assert row[4].startswith(f"'{prefix}cmd")
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@"))


def test_overview_docx_holds_monitor_key_decisions_and_work_programme(client, board_member):
    client.force_login(board_member)
    document = _docx(client.get("/scrutiny/overview-report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [
        "1. Monitoring Previous Recommendations",
        "2. Key Decisions",
        "3. Work Programme",
    ]
    assert headings[3:] == [
        "Wednesday 17 July 2019, 10.00am (Report deadline Friday 5 July 2019)",
        "Wednesday 4 September 2019, 10.00am (Report deadline Friday 23 August 2019)",
        "Items not yet scheduled",
        "Regular items",
    ]
    monitor, key_decisions, *programme = document.tables
    rows = _table_rows(monitor)
    assert rows[0] == ["Date", "Item", "Recommendation", "Action", "Contact Officer"]
    assert len(rows) == 12
    assert rows[1] == [
        "5 September 2017",
        "CYP/17/40 School Place Planning and Admissions",
        "To request further information on the number of siblings who have been allocated "
        "places at different schools.",
        "A response to this recommendation has been requested and will be reported back to "
        "the Committee via the Overview report.",
        "Michelle Devine, Interim Head of Access",
    ]
    kd_rows = _table_rows(key_decisions)
    assert len(kd_rows) == 7
    assert any("2019/05/21C" in row[0] for row in kd_rows)
    assert [len(t.rows) - 1 for t in programme] == [5, 4, 10, 7]


def test_action_plan_exports(client, board_member):
    client.force_login(board_member)
    rows = _csv_rows(client.get("/scrutiny/action-plans/HMIP-YJ-2019.csv"))
    assert rows[0][:5] == [
        "Recommendation",
        "Action Required",
        "Lead Manager",
        "Expected Date of Completion",
        "Status",
    ]
    assert len(rows) == 16
    assert rows[1][2] == "Richard Munns, Corporate Property"
    assert rows[1][6] == "June 2019: Partially completed"
    assert {row[5] for row in rows[1:]} <= {"Green", "Amber", "Red", "Not rated"}
    document = _docx(client.get("/scrutiny/action-plans/HMIP-YJ-2019.docx"))
    table_rows = _table_rows(document.tables[0])
    assert len(table_rows) == 16
    assert any("Jenny Wall" in row[2] and row[3] == "October 2019" for row in table_rows)


def test_docx_reflects_a_completed_recommendation(client, scrutiny_officer, item):
    RecommendationFactory(
        item=item,
        text="To request the attendance figures by ward.",
        action="Circulated on 1 March.",
        status=rules.COMPLETED,
    )
    client.force_login(scrutiny_officer)
    document = _docx(client.get("/scrutiny/overview-report.docx?state=closed"))
    cells = [row[2:4] for row in _table_rows(document.tables[0])]
    assert ["To request the attendance figures by ward.", "Circulated on 1 March."] in cells
