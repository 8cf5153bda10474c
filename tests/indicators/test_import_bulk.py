"""A returns import saves in bulk (issue 13): the same fields and history rows as saving each
row through the services in turn, a number of queries that does not grow with the rows, all
or nothing, and a row cap that is a setting."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.models import Area, Indicator, Period, Return
from indicators.returns import importers, services

pytestmark = pytest.mark.django_db

COMMENTARY = "Helping: the panel. Hurting: vacancies. Next: recruit."
HEADINGS = "indicator,period,value,commentary\n"
# Fields that differ between two returns saved a moment apart, or are their own ids.
MOMENTS = {"id", "period", "created_at", "updated_at", "submitted_at"}


def csv_rows(count: int) -> str:
    """`count` rows of monthly figures with commentary, none yet entered, all valid."""
    months = list(
        Period.objects.filter(kind="month", start__lte=timezone.localdate()).order_by("-start")
    )
    indicators = list(Indicator.objects.filter(frequency="monthly").order_by("code"))
    lines = []
    for month in months:
        for indicator in indicators:
            value = "50" if indicator.unit == Indicator.Unit.PERCENT else "7"
            lines.append(f"{indicator.code},{month.code},{value},{COMMENTARY}\n")
            if len(lines) == count:
                return HEADINGS + "".join(lines)
    raise AssertionError(f"only {len(lines)} rows available")


def checked(user, text: str) -> list[importers.Row]:
    rows = importers.check(user=user, rows=importers.read_rows(name="r.csv", content=text.encode()))
    assert [r.errors for r in rows if r.errors] == []
    return rows


def fields(ret: Return) -> dict:
    return {
        f.name: getattr(ret, f.attname)
        for f in Return._meta.concrete_fields
        if f.name not in MOMENTS
    }


def history(ret: Return) -> list[dict]:
    return [
        {
            "type": h.history_type,
            "user": h.history_user_id,
            "reason": h.history_change_reason,
            **{k: v for k, v in fields(h.instance).items() if k != "id"},
        }
        for h in ret.history.order_by("history_date", "history_id")
    ]


@pytest.mark.parametrize("submit", [False, True])
def test_a_new_row_is_saved_as_the_services_save_it_one_by_one(owned, officer, submit):
    """One row through return_create (and return_submit), the old per-row path; the same row
    for the next month through the import's bulk save: the same fields and history."""
    said = f"{COMMENTARY}\nA back\\slash,\ta tab and \u201cquotes\u201d \\N"
    one = services.return_create(
        user=officer,
        indicator=owned,
        period=Period.objects.get(code="2019-05"),
        value="91.5",
        commentary=f"  {said} ",
    )
    if submit:
        one = services.return_submit(user=officer, ret=one)
    quoted = said.replace('"', '""')
    text = f'{HEADINGS}LAC-WITHIN-20-MILES,2019-06,91.5,"  {quoted} "\n'
    [bulk] = importers.save(user=officer, rows=checked(officer, text), submit=submit)
    one.refresh_from_db()
    bulk.refresh_from_db()
    assert bulk.period.code == "2019-06" and bulk.commentary == said
    assert fields(bulk) == fields(one)
    assert history(bulk) == history(one)
    assert len(history(bulk)) == (2 if submit else 1)
    assert bulk.created_at is not None and bulk.updated_at is not None
    if submit:
        assert bulk.status == "submitted" and bulk.submitted_by == officer
        assert bulk.submitted_at is not None and bulk.version == 2


@pytest.mark.parametrize("submit", [False, True])
def test_a_draft_replaced_by_a_row_matches_the_services_one_by_one(
    owned, officer, performance_lead, submit
):
    """A draft sent back once (so it carries a submitter and a reason), then replaced: through
    return_update (and return_submit), and through the bulk save."""
    drafts = []
    for code in ("2019-05", "2019-06"):
        ret = services.return_create(
            user=officer,
            indicator=owned,
            period=Period.objects.get(code=code),
            value="80",
            commentary="Below target",
        )
        ret = services.return_submit(user=officer, ret=ret)
        ret = services.return_send_back(
            user=performance_lead, ret=ret, reason="Check it", version=ret.version
        )
        drafts.append(ret)
    one = services.return_update(
        user=officer, ret=drafts[0], version=drafts[0].version, value="95", commentary=COMMENTARY
    )
    if submit:
        one = services.return_submit(user=officer, ret=one)
    rows = checked(officer, f"{HEADINGS}LAC-WITHIN-20-MILES,2019-06,95,{COMMENTARY}\n")
    assert rows[0].existing_id == drafts[1].id
    [bulk] = importers.save(user=officer, rows=rows, submit=submit)
    one.refresh_from_db()
    bulk.refresh_from_db()
    assert bulk.id == drafts[1].id and bulk.value == D("95")
    assert fields(bulk) == fields(one)
    assert history(bulk) == history(one)
    assert bulk.returned_reason == ("" if submit else "Check it")


def test_localities_and_fractions_are_saved_as_the_services_save_them(officer):
    Indicator.objects.filter(code__in=["CP-PLANS", "LAC-WITHIN-20-MILES"]).update(owner=officer)
    plans = Indicator.objects.get(code="CP-PLANS")
    miles = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    may = Period.objects.get(code="2019-05")
    one = [
        services.return_create(
            user=officer, indicator=plans, period=may, area=Area.objects.get(code="NORTH"), value=3
        ),
        services.return_create(
            user=officer,
            indicator=miles,
            period=may,
            area=Area.objects.get(code="SOUTH"),
            numerator="45",
            denominator="50",
        ),
    ]
    text = (
        "indicator,period,value,commentary,area,numerator,denominator\n"
        "CP-PLANS,2019-06,3,,NORTH,,\n"
        "LAC-WITHIN-20-MILES,2019-06,,,SOUTH,45,50\n"
    )
    bulk = importers.save(user=officer, rows=checked(officer, text))
    for a, b in zip(one, bulk, strict=True):
        a.refresh_from_db()
        b.refresh_from_db()
        assert fields(a) == fields(b) and history(a) == history(b)
    assert bulk[1].value == D("90") and bulk[1].denominator == D("50")


def statements(queries) -> int:
    """The statements run, a bulk INSERT that the database splits into batches counted once
    (SQLite takes at most 999 parameters a statement; PostgreSQL takes a batch whole)."""
    seen = []
    for query in queries:
        sql = query["sql"]
        head = sql.split(" (")[0] if sql.startswith("INSERT INTO") else sql
        if not (seen and head.startswith("INSERT INTO") and seen[-1] == head):
            seen.append(head)
    return len(seen)


@pytest.mark.parametrize("submit", [False, True])
def test_the_queries_of_a_save_do_not_grow_with_its_rows(performance_lead, submit):
    counts = {}
    for count in (10, 100):
        rows = checked(performance_lead, csv_rows(count))
        with CaptureQueriesContext(connection) as queries:
            saved = importers.save(user=performance_lead, rows=rows, submit=submit)
        assert len(saved) == count
        counts[count] = statements(queries)
        Return.history.model.objects.all().delete()
        Return.objects.all().delete()
    assert counts[100] == counts[10], counts
    assert counts[10] < 30, counts


def test_the_queries_of_a_check_do_not_grow_with_its_rows(performance_lead):
    counts = {}
    for count in (10, 100):
        rows = importers.read_rows(name="r.csv", content=csv_rows(count).encode())
        importers.check(user=performance_lead, rows=rows)  # the user's roles are cached
        with CaptureQueriesContext(connection) as queries:
            importers.check(user=performance_lead, rows=rows)
        counts[count] = statements(queries)
    assert counts[100] == counts[10], counts


def test_a_failure_mid_file_saves_nothing(performance_lead):
    """Row 32 of 60 would rate Red with no commentary (which the check only warns of): with
    submit, the save is refused at that row and none of the 60 is kept, nor any history."""
    text = csv_rows(60).splitlines(keepends=True)
    text[31] = "ADOPTIONS,FY2019-20-Q2,1,\n"  # 1 adoption by Q2 against 30: Red
    rows = importers.check(
        user=performance_lead,
        rows=importers.read_rows(name="r.csv", content="".join(text).encode()),
    )
    assert not any(r.errors for r in rows) and rows[30].warnings
    with pytest.raises(ValidationError, match="Row 32: This figure would rate Red"):
        importers.save(user=performance_lead, rows=rows, submit=True)
    assert not Return.objects.exists() and not Return.history.model.objects.exists()
    # as drafts the same file is saved whole
    assert len(importers.save(user=performance_lead, rows=rows)) == 60


def test_a_failure_while_writing_rolls_back_the_returns_written(performance_lead, monkeypatch):
    rows = checked(performance_lead, csv_rows(30))

    def broken(rows):
        assert Return.objects.count() == 30 and len(rows) == 30  # the returns are written first
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_history_insert", broken)
    with pytest.raises(RuntimeError):
        importers.save(user=performance_lead, rows=rows)
    assert not Return.objects.exists()


def test_a_locality_after_the_city_s_own_figure_in_one_file_is_refused(officer):
    """return_create one row at a time refused the second of these (the city's figure was
    entered directly); the bulk save checks each row as if those before it were saved."""
    Indicator.objects.filter(code="CP-PLANS").update(owner=officer)
    text = (
        "indicator,period,value,commentary,area\n"
        "CP-PLANS,2019-05,900,City,\n"
        "CP-PLANS,2019-05,300,North,NORTH\n"
    )
    rows = checked(officer, text)
    with pytest.raises(ValidationError, match="Row 3: The city's 2019-05 figure for CP-PLANS"):
        importers.save(user=officer, rows=rows)
    assert not Return.objects.exists()


def test_a_draft_changed_after_the_preview_is_not_overwritten(owned, officer):
    draft = services.return_create(
        user=officer, indicator=owned, period=Period.objects.get(code="2019-05"), value="80"
    )
    rows = checked(officer, f"{HEADINGS}LAC-WITHIN-20-MILES,2019-05,95,ok\n")
    services.return_update(user=officer, ret=draft, version=draft.version, value="81")
    with pytest.raises(ValidationError, match="changed after your preview"):
        importers.save(user=officer, rows=rows)
    assert Return.objects.get().value == D("81")


def test_the_row_cap_is_the_setting_on_the_upload_page_and_the_api(
    performance_lead, client, client_for
):
    text = csv_rows(6).encode()
    client.force_login(performance_lead)
    with override_settings(RETURNS_IMPORT_MAX_ROWS=5):
        page = client.post(
            "/indicators/returns/import/", {"file": SimpleUploadedFile("r.csv", text)}
        )
        assert page.status_code == 400 and "The file has more than 5 rows." in page.text
        assert "at most 5 rows" in page.text
        api = client_for(performance_lead).post(
            "/api/returns/import/?dry_run=1",
            {"file": SimpleUploadedFile("r.csv", text)},
            format="multipart",
        )
        assert api.status_code == 400 and "more than 5 rows" in str(api.json())
    with override_settings(RETURNS_IMPORT_MAX_ROWS=6):
        page = client.post(
            "/indicators/returns/import/", {"file": SimpleUploadedFile("r.csv", text)}
        )
        assert page.status_code == 200 and "at most 6 rows" in page.text


def test_a_large_preview_is_confirmed_from_the_session(performance_lead, client):
    """The preview keeps its rows in the session (not the page) until the confirm step."""
    client.force_login(performance_lead)
    upload = SimpleUploadedFile("r.csv", csv_rows(1500).encode())
    page = client.post("/indicators/returns/import/", {"file": upload})
    assert page.status_code == 200 and not Return.objects.exists()
    token = page.context["token"]
    done = client.post("/indicators/returns/import/", {"token": token, "submit": "1"})
    assert done.status_code == 302
    assert Return.objects.filter(status="submitted").count() == 1500


def test_a_locality_file_keeps_its_areas_through_the_upload_page(officer, client):
    """The preview's session rows carry each row's area and fraction to the confirm step."""
    Indicator.objects.filter(code__in=["CP-PLANS", "LAC-WITHIN-20-MILES"]).update(owner=officer)
    text = (
        "indicator,period,value,commentary,area,numerator,denominator\n"
        "CP-PLANS,2019-05,301,North,NORTH,,\n"
        "LAC-WITHIN-20-MILES,2019-05,,South,SOUTH,45,50\n"
    )
    client.force_login(officer)
    page = client.post(
        "/indicators/returns/import/", {"file": SimpleUploadedFile("r.csv", text.encode())}
    )
    assert page.status_code == 200
    done = client.post(
        "/indicators/returns/import/", {"token": page.context["token"], "submit": "0"}
    )
    assert done.status_code == 302
    got = {(r.indicator.code, r.area.code if r.area else ""): r for r in Return.objects.all()}
    assert set(got) == {("CP-PLANS", "NORTH"), ("LAC-WITHIN-20-MILES", "SOUTH")}
    assert got[("LAC-WITHIN-20-MILES", "SOUTH")].numerator == D("45")


def test_a_bulk_save_makes_a_new_framework_version(performance_lead):
    """Pages cached per version (the indicator page, the dashboard) are rendered afresh after
    an import: bulk_create sends no post_save, so the save says so itself."""
    from core import versions

    before = versions.current(versions.FRAMEWORK)
    importers.save(user=performance_lead, rows=checked(performance_lead, csv_rows(3)))
    assert versions.current(versions.FRAMEWORK) != before
