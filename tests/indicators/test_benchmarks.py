"""Benchmarks: entry rules, all-or-nothing import, API by role, chart, dashboard, bounded reads."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from indicators import benchmarks
from indicators.models import Benchmark, Indicator, Period

pytestmark = pytest.mark.django_db

GOOD = ("indicator,period,comparator,value,quartile,source\n"
        "LAC-WITHIN-20-MILES,FY2018-19,england,74,2,LAIT\n"
        "LAC-WITHIN-20-MILES,FY2018-19,Statistical neighbours,80.5,,LAIT\n")


def lac():
    return Indicator.objects.get(code="LAC-WITHIN-20-MILES")


def fy(code="FY2018-19"):
    return Period.objects.get(code=code)


def test_set_creates_then_replaces(performance_lead):
    row = benchmarks.benchmark_set(user=performance_lead, indicator=lac(), period=fy(),
                                   comparator="England", value="74", quartile="2")
    assert (row.comparator, row.value, row.quartile) == ("england", D("74"), 2)
    benchmarks.benchmark_set(user=performance_lead, indicator=lac(), period=fy(),
                             comparator="england", value="75.5", quartile=1)
    row.refresh_from_db()
    assert row.value == D("75.5") and Benchmark.objects.count() == 1
    assert row.history.count() == 2
    assert benchmarks.quartile_label(row.quartile) == "Top quartile"


@pytest.mark.parametrize("kwargs, message", [
    ({"comparator": "Scotland"}, "Unknown comparator 'Scotland'"),
    ({"value": "abc"}, "'abc' is not a number"),
    ({"value": "120"}, "is a percentage: 0 to 100"),
    ({"quartile": "5"}, r"1 \(top\) to 4 \(bottom\)"),
    ({"comparator": "gm", "quartile": "1"}, "give it on the England row only"),
    ({"period": "FY2018-19-Q2"}, "benchmarked by its own periods or by year"),
])
def test_bad_values_are_refused(performance_lead, kwargs, message):
    data = {"comparator": "england", "value": "74", "quartile": None, "period": "FY2018-19",
            **kwargs}
    data["period"] = fy(data["period"])
    with pytest.raises(ValidationError, match=message):
        benchmarks.benchmark_set(user=performance_lead, indicator=lac(), **data)
    assert not Benchmark.objects.exists()


def test_only_leads_enter(officer, board_member):
    for user in (officer, board_member):
        with pytest.raises(PermissionDenied):
            benchmarks.benchmark_set(user=user, indicator=lac(), period=fy(),
                                     comparator="england", value="74")
    assert not Benchmark.objects.exists()


def test_import_is_all_or_nothing(performance_lead):
    bad = GOOD + "NOPE,FY2018-19,england,1,,\nLAC-WITHIN-20-MILES,FY2018-19,england,75,,\n"
    rows = benchmarks.import_check(name="b.csv", content=bad.encode())
    assert [r.errors for r in rows][:2] == [[], []]
    assert rows[2].errors == ["No indicator with code 'NOPE'."]
    assert "appear twice" in rows[3].errors[0]
    with pytest.raises(ValidationError, match="nothing was saved"):
        benchmarks.import_save(user=performance_lead, rows=rows)
    assert not Benchmark.objects.exists()
    good = benchmarks.import_check(name="b.csv", content=GOOD.encode())
    assert benchmarks.import_save(user=performance_lead, rows=good) == 2
    assert Benchmark.objects.get(comparator="stat_neighbours").value == D("80.5")


def test_latest_for_is_one_query(performance_lead, django_assert_num_queries):
    for code, value in (("FY2017-18", "70"), ("FY2018-19", "74"), ("FY2019-20", "76")):
        benchmarks.benchmark_set(user=performance_lead, indicator=lac(), period=fy(code),
                                 comparator="england", value=value)
    benchmarks.benchmark_set(user=performance_lead, indicator=lac(), period=fy("FY2018-19"),
                             comparator="gm", value="79")
    ind_id = lac().id
    with django_assert_num_queries(1):
        got = benchmarks.latest_for(indicator_ids=[ind_id], as_of=date(2019, 9, 30))
    assert [(b.comparator, b.value) for b in got[ind_id]] == [("england", D("74")),
                                                                 ("gm", D("79"))]


@pytest.mark.parametrize("role, can_write", [
    (roles.BOARD_MEMBER, False), (roles.OFFICER, False), (roles.SCRUTINY_OFFICER, False),
    (roles.PERFORMANCE_LEAD, True)])
def test_api_by_role(users_by_role, client_for, role, can_write):
    api = client_for(users_by_role[role])
    made = api.post("/api/benchmarks/", {"indicator": "LAC-WITHIN-20-MILES",
                                         "period": "FY2018-19", "comparator": "england",
                                         "value": "74", "quartile": 2}, format="json")
    assert made.status_code == (201 if can_write else 403)
    upload = api.post("/api/benchmarks/import/?dry_run=1",
                      {"file": SimpleUploadedFile("b.csv", GOOD.encode())}, format="multipart")
    assert upload.status_code == (200 if can_write else 403)
    listed = api.get("/api/benchmarks/?indicator=LAC-WITHIN-20-MILES").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert len(rows) == (1 if can_write else 0)
    if can_write:
        assert rows[0]["value"] == "74" and rows[0]["quartile_label"] == "Second quartile"
        bad = api.post("/api/benchmarks/", {"indicator": "LAC-WITHIN-20-MILES",
                                            "period": "FY2018-19", "comparator": "gm",
                                            "value": "x"}, format="json")
        assert bad.status_code == 400 and "not a number" in str(bad.json())
        assert api.delete(f"/api/benchmarks/{rows[0]['id']}/").status_code == 204
    assert client_for(None).get("/api/benchmarks/").status_code in (401, 403)


def test_api_import_refuses_a_bad_file_whole(performance_lead, client_for):
    api = client_for(performance_lead)
    body = GOOD + "LAC-WITHIN-20-MILES,FY2018-19,north_west,abc,,\n"
    response = api.post("/api/benchmarks/import/",
                        {"file": SimpleUploadedFile("b.csv", body.encode())}, format="multipart")
    assert response.status_code == 400 and response.json()["saved"] == 0
    assert "'abc' is not a number." in response.json()["rows"][2]["errors"]
    assert not Benchmark.objects.exists()


def test_page_entry_import_and_chart(client, performance_lead, board_member):
    client.force_login(performance_lead)
    page = client.post("/indicators/benchmarks/", {
        "one-indicator": "LAC-WITHIN-20-MILES", "one-period": "FY2018-19",
        "one-comparator": "north_west", "one-value": "oops"}).content.decode()
    assert "is not a number" in page and not Benchmark.objects.exists()
    checked = client.post("/indicators/benchmarks/", {
        "file-file": SimpleUploadedFile("b.csv", GOOD.encode()), "file-check_only": "on"})
    assert "File checked" in checked.content.decode() and not Benchmark.objects.exists()
    saved = client.post("/indicators/benchmarks/", {
        "file-file": SimpleUploadedFile("b.csv", GOOD.encode())})
    assert saved.status_code == 302 and Benchmark.objects.count() == 2
    client.force_login(board_member)
    assert client.post("/indicators/benchmarks/", {"one-value": "1"}).status_code == 403
    indicator_page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    assert "England (benchmark)" in indicator_page and 'id="benchmark-table"' in indicator_page
    assert "Second quartile" in indicator_page


def test_dashboard_shows_latest_benchmark(client, board_member, performance_lead):
    from indicators import status
    from tests.outcomes.conftest import approve

    approve("LAC-WITHIN-20-MILES", "2019-08", "85")
    status.status_compute_period(period_code="FY2019-20-Q2")
    benchmarks.benchmark_set(user=performance_lead, indicator=lac(), period=fy(),
                             comparator="england", value="74", quartile=2)
    client.force_login(board_member)
    page = client.get("/dashboard/?period=FY2019-20-Q2&theme=SAFE").content.decode()
    assert "England 74% (2018/19 (financial year)), second quartile" in page


def test_import_command(tmp_path, performance_lead):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "b.csv"
    path.write_text(GOOD + "NOPE,FY2018-19,england,1,,\n")
    with pytest.raises(CommandError, match="1 rows have problems; nothing was saved"):
        call_command("import_benchmarks", str(path), user="t.lead", stderr=StringIO())
    path.write_text(GOOD)
    out = StringIO()
    call_command("import_benchmarks", str(path), user="t.lead", dry_run=True, stdout=out)
    assert "2 rows checked" in out.getvalue() and not Benchmark.objects.exists()
    call_command("import_benchmarks", str(path), user="t.lead", stdout=out)
    assert Benchmark.objects.count() == 2
