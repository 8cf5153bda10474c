"""Bulk returns: preview with every row's problem, all-or-nothing save, template, command, API."""

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from core.spreadsheets import safe_cell
from indicators.models import Indicator, Period, Return
from indicators.returns import importers, services

GOOD = "indicator,period,value,commentary\nLAC-WITHIN-20-MILES,2019-05,91,Fine\n"


@pytest.fixture
def owned(officer):
    Indicator.objects.filter(code__in=["LAC-WITHIN-20-MILES", "ADOPTIONS"]).update(owner=officer)


def rows(text, user):
    return importers.check(user=user, rows=importers.read_rows(name="r.csv", content=text.encode()))


@pytest.mark.django_db
def test_every_problem_is_listed_with_its_row_number(owned, officer, performance_lead):
    services.period_lock(user=performance_lead, period=Period.objects.get(code="2019-03"))
    text = (
        "indicator,period,value,commentary\n"
        "NOPE,2019-05,1,\n"  # 2 unknown code
        "LAC-WITHIN-20-MILES,FY2019-20-Q1,90,\n"  # 3 wrong frequency
        "LAC-WITHIN-20-MILES,2019-06,101,\n"  # 4 out of range
        "LAC-WITHIN-20-MILES,2019-03,90,\n"  # 5 locked
        "LAC-RESIDENTIAL,2019-05,50,\n"  # 6 not owned
        "ADOPTIONS,FY2019-20-Q1,15,ok\n"  # 7 fine
        "ADOPTIONS,FY2019-20-Q1,16,again\n"
    )  # 8 duplicate
    checked = {r.number: " ".join(r.errors) for r in rows(text, officer)}
    assert "Unknown indicator code 'NOPE'" in checked[2]
    assert "use a month" in checked[3]
    assert "0 to 100" in checked[4]
    assert "locked" in checked[5]
    assert "do not own LAC-RESIDENTIAL" in checked[6]
    assert checked[7] == ""
    assert "Duplicate of row 7" in checked[8]
    with pytest.raises(ValidationError, match="nothing was saved"):
        importers.save(user=officer, rows=rows(text, officer))
    assert not Return.objects.exists()


@pytest.mark.django_db
def test_a_clean_file_saves_everything_and_can_submit(owned, officer):
    text = GOOD + "ADOPTIONS,FY2019-20-Q1,15,On track\n"
    saved = importers.save(user=officer, rows=rows(text, officer), submit=True)
    assert [r.status for r in saved] == ["submitted", "submitted"]
    # uploading again updates drafts only: submitted ones are refused, nothing changes
    again = rows(text, officer)
    assert all("already submitted" in " ".join(r.errors) for r in again)


@pytest.mark.django_db
def test_failure_mid_save_rolls_everything_back(owned, officer):
    text = GOOD + "ADOPTIONS,FY2019-20-Q1,15,\nADOPTIONS,FY2019-20-Q2,1,\n"
    # adoptions 15 by Q1 is green, 16 by Q2 (vs 30) is red and has no commentary: submit fails
    with pytest.raises(ValidationError, match="Row 4"):
        importers.save(user=officer, rows=rows(text, officer), submit=True)
    assert not Return.objects.exists()


@pytest.mark.django_db
def test_xlsx_and_file_level_errors(owned, officer):
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value", "commentary"])
    sheet.append(["LAC-WITHIN-20-MILES", "2019-05", 91.5, "From Excel"])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = importers.check(
        user=officer, rows=importers.read_rows(name="r.xlsx", content=buffer.getvalue())
    )
    assert parsed[0].errors == [] and parsed[0].value == "91.5"
    for name, content, message in [
        ("r.txt", b"x", ".csv or .xlsx"),
        ("r.csv", b"a,b\n1,2\n", "headings"),
        ("r.csv", b"", "empty"),
        ("r.xlsx", b"not excel", "could not be read"),
        ("r.csv", b"x" * (importers.max_bytes() + 1), "larger"),
    ]:
        with pytest.raises(importers.ImportFileError, match=message):
            importers.read_rows(name=name, content=content)


def test_exported_cells_never_start_a_formula():
    for dangerous in ["=1+1", "+44", "-2", "@SUM(A1)"]:
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("LAC-EET") == "LAC-EET"


@pytest.mark.django_db
def test_template_lists_the_officers_own_codes(owned, officer, other_officer):
    text = importers.template_csv(user=officer)
    assert text.splitlines()[0] == "indicator,period,value,commentary,indicator_name,unit,target"
    assert {line.split(",")[0] for line in text.splitlines()[1:]} == {
        "ADOPTIONS",
        "LAC-WITHIN-20-MILES",
    }
    assert len(importers.template_csv(user=other_officer).splitlines()) == 1


@pytest.mark.django_db
def test_import_returns_command(owned, officer, tmp_path):
    path = tmp_path / "returns.csv"
    path.write_text("indicator,period,value,commentary\nNOPE,2019-05,1,\n")
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_returns", str(path), "--user", "t.officer")
    path.write_text(GOOD)
    call_command("import_returns", str(path), "--user", "t.officer", "--submit")
    assert Return.objects.get().status == "submitted"
    with pytest.raises(CommandError, match="No user"):
        call_command("import_returns", str(path), "--user", "nobody")


@pytest.mark.django_db
def test_import_api_dry_run_then_save(owned, officer, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(officer)
    bad = SimpleUploadedFile("r.csv", (GOOD + "NOPE,2019-05,1,\n").encode())
    response = client.post("/api/returns/import/", {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert response.json()["rows"][1]["row"] == 3 and response.json()["saved"] == 0
    good = SimpleUploadedFile("r.csv", GOOD.encode())
    preview = client.post("/api/returns/import/?dry_run=true", {"file": good}, format="multipart")
    assert preview.json() == {
        "dry_run": True,
        "saved": 0,
        "rows": [
            {
                "row": 2,
                "indicator": "LAC-WITHIN-20-MILES",
                "period": "2019-05",
                "value": "91",
                "area": "",
                "errors": [],
            }
        ],
    }
    assert not Return.objects.exists()
    good = SimpleUploadedFile("r.csv", GOOD.encode())
    saved = client.post(
        "/api/returns/import/", {"file": good, "submit": "true"}, format="multipart"
    )
    assert saved.json()["saved"] == 1
    assert Return.objects.get().value == D("91")
