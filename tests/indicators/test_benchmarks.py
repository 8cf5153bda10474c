"""Benchmarks: the services (entry rules, all-or-nothing import), the one-query reads, the
demo data, the import command and the dashboard."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators import demo
from indicators.benchmarks import selectors
from indicators.benchmarks import services as benchmarks
from indicators.models import Benchmark, Indicator, Period
from indicators.returns.importers import ImportFileError

pytestmark = pytest.mark.django_db

GOOD = (
    "indicator,period,comparator,value,quartile,source\n"
    "LAC-WITHIN-20-MILES,FY2018-19,england,74,2,LAIT\n"
    "LAC-WITHIN-20-MILES,FY2018-19,Statistical neighbours,80.5,,LAIT\n"
)


def lac():
    return Indicator.objects.get(code="LAC-WITHIN-20-MILES")


def period(code="FY2018-19"):
    return Period.objects.get(code=code)


def put(user, comparator="england", value="74", code="FY2018-19", indicator=None, **extra):
    return benchmarks.benchmark_set(
        user=user,
        indicator=indicator or lac(),
        period=period(code),
        comparator=comparator,
        value=value,
        **extra,
    )


def test_set_creates_then_replaces_with_history(performance_lead, other_lead):
    row = put(performance_lead, comparator="England", quartile="2", source=" DfE LAIT ")
    assert (row.comparator, row.value, row.quartile, row.source) == (
        "england",
        D("74"),
        2,
        "DfE LAIT",
    )
    assert row.created_by == performance_lead
    again = put(other_lead, value="75.5", quartile=1)
    row.refresh_from_db()
    assert again.pk == row.pk and Benchmark.objects.count() == 1
    assert (row.value, row.quartile, row.source, row.updated_by) == (D("75.5"), 1, "", other_lead)
    assert row.history.count() == 2


@pytest.mark.parametrize("comparator", ["north_west", "North West", "NORTH WEST", " north west "])
def test_comparator_by_code_or_label_in_any_case(performance_lead, comparator):
    assert put(performance_lead, comparator=comparator).comparator == "north_west"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"comparator": "Scotland"}, "Unknown comparator 'Scotland'"),
        ({"value": "abc"}, "The value must be a number, like 91.5, not 'abc'."),
        ({"value": ""}, "Enter the value as a number, like 91.5."),
        ({"value": "-3"}, "LAC-WITHIN-20-MILES cannot be negative."),
        ({"value": "120"}, "LAC-WITHIN-20-MILES is a percentage: 0 to 100."),
        ({"quartile": "5"}, r"The quartile must be 1 \(top\) to 4 \(bottom\)."),
        ({"quartile": "top"}, r"The quartile must be 1 \(top\) to 4 \(bottom\)."),
        ({"quartile": "1.5"}, r"The quartile must be 1 \(top\) to 4 \(bottom\)."),
        ({"comparator": "gm", "quartile": "1"}, "give it on the England row only"),
        ({"comparator": "stat_neighbours", "quartile": 4}, "give it on the England row only"),
        (
            {"code": "FY2018-19-Q2"},
            "benchmarked by its own periods or by financial or academic "
            r"year, not by financial quarter \(FY2018-19-Q2\)",
        ),
        ({"code": "2018"}, r"not by calendar year \(2018\)"),
        ({"source": "x" * 121}, "The source is at most 120 characters."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    performance_lead, kwargs, message
):
    kept = put(performance_lead, value="70")  # bad input never changes what is held
    with pytest.raises(ValidationError, match=message):
        put(performance_lead, **kwargs)
    assert list(Benchmark.objects.values_list("pk", "value", "quartile")) == [
        (kept.pk, D("70"), None)
    ]


def test_the_indicators_own_periods_and_both_kinds_of_year_are_accepted(performance_lead):
    put(performance_lead, code="2019-03")  # LAC-WITHIN-20-MILES is monthly
    put(performance_lead, code="AY2018-19")
    put(performance_lead, code="FY2018-19")
    adoption = Indicator.objects.get(code="ADOPTION-A1-DAYS")  # quarterly
    put(performance_lead, indicator=adoption, code="FY2018-19-Q2", value="480")
    with pytest.raises(ValidationError, match="not by month"):
        put(performance_lead, indicator=adoption, code="2019-03", value="480")
    assert Benchmark.objects.count() == 4


def test_quartile_only_on_england_rows(performance_lead):
    assert put(performance_lead, quartile="3").quartile == 3
    assert put(performance_lead, quartile=4.0).quartile == 4  # an Excel number cell
    assert put(performance_lead, comparator="gm", quartile="").quartile is None
    for comparator in ("north_west", "stat_neighbours", "gm"):
        with pytest.raises(ValidationError, match="England row only"):
            put(performance_lead, comparator=comparator, quartile=2)


@pytest.mark.parametrize("who", ["officer", "board_member", "scrutiny_officer", None])
def test_only_a_performance_lead_enters_or_deletes(request, performance_lead, who):
    from django.contrib.auth.models import AnonymousUser

    user = request.getfixturevalue(who) if who else AnonymousUser()
    row = put(performance_lead, value="70")
    with pytest.raises(PermissionDenied, match="Only a performance lead"):
        put(user, value="99")
    with pytest.raises(PermissionDenied):
        benchmarks.benchmark_delete(user=user, benchmark=row)
    row.refresh_from_db()
    assert row.value == D("70")
    benchmarks.benchmark_delete(user=performance_lead, benchmark=row)
    assert not Benchmark.objects.exists()


def test_a_superuser_may_enter(make_user):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("t.admin", "a@example.org", "x" * 20)
    assert put(admin).created_by == admin


@pytest.mark.parametrize(
    "q, label",
    [
        (1, "Top quartile"),
        (2, "Second quartile"),
        (3, "Third quartile"),
        (4, "Bottom quartile"),
        (None, ""),
        (7, ""),
    ],
)
def test_quartile_label(q, label):
    assert selectors.quartile_label(q) == label


def test_import_checks_every_row_and_names_it(performance_lead):
    body = (
        GOOD
        + "NOPE,FY2018-19,england,1,,\n"  # row 4
        + "LAC-WITHIN-20-MILES,FY2018-19,england,75,,\n"  # row 5: twice
        + "LAC-WITHIN-20-MILES,FY2018-19,gm,abc,2,\n"  # row 6: two problems
        + ",,,,,\n"  # blank: skipped
        + "LAC-WITHIN-20-MILES,FY2018-19-Q1,wales,5,,\n"
    )  # row 8
    rows = benchmarks.import_check(name="b.csv", content=body.encode())
    assert [r.number for r in rows] == [2, 3, 4, 5, 6, 8]
    errors = {r.number: r.errors for r in rows}
    assert errors[2] == [] and errors[3] == []
    assert errors[4] == ["No indicator with code 'NOPE'."]
    assert errors[5] == ["The same indicator, period and comparator as row 2."]
    assert "The value must be a number, like 91.5, not 'abc'." in errors[6]
    assert any("England row only" in e for e in errors[6])
    assert any("Unknown comparator 'wales'" in e for e in errors[8])
    assert any("not by financial quarter" in e for e in errors[8])
    problems = benchmarks.import_problems(rows)
    assert [p.split(":")[0] for p in problems] == ["Row 4", "Row 5", "Row 6", "Row 8"]


def test_a_bad_row_saves_nothing_and_changes_nothing(performance_lead):
    kept = put(performance_lead, value="70", quartile=3)
    body = GOOD + "LAC-WITHIN-20-MILES,FY2018-19,north_west,abc,,\n"
    rows = benchmarks.import_check(name="b.csv", content=body.encode())
    with pytest.raises(ValidationError) as caught:
        benchmarks.import_save(user=performance_lead, rows=rows)
    assert "nothing was saved" in caught.value.messages[0]
    assert "Row 4: The value must be a number, like 91.5, not 'abc'." in caught.value.messages
    assert list(Benchmark.objects.values_list("pk", "value", "quartile")) == [(kept.pk, D("70"), 3)]


def test_import_save_checks_again_whatever_it_is_given(performance_lead):
    rows = benchmarks.import_read(
        name="b.csv", content=(GOOD + "LAC-WITHIN-20-MILES,FY2018-19,gm,500,,\n").encode()
    )
    assert all(r.errors == [] for r in rows)  # read, never checked
    with pytest.raises(ValidationError, match="is a percentage"):
        benchmarks.import_save(user=performance_lead, rows=rows)
    assert not Benchmark.objects.exists()


def test_a_good_file_saves_all_rows_replacing_existing(performance_lead):
    put(performance_lead, value="60", quartile=4)
    rows = benchmarks.import_check(name="b.csv", content=GOOD.encode())
    assert benchmarks.import_save(user=performance_lead, rows=rows) == 2
    values = dict(Benchmark.objects.values_list("comparator", "value"))
    assert values == {"england": D("74"), "stat_neighbours": D("80.5")}
    assert Benchmark.objects.get(comparator="england").quartile == 2


def test_import_refuses_others(officer):
    rows = benchmarks.import_check(name="b.csv", content=GOOD.encode())
    with pytest.raises(PermissionDenied):
        benchmarks.import_save(user=officer, rows=rows)
    assert not Benchmark.objects.exists()


def test_xlsx_import(performance_lead):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(benchmarks.COLUMNS)
    sheet.append(["LAC-WITHIN-20-MILES", "FY2018-19", "England", 74.5, 2, "LAIT"])
    sheet.append(["LAC-WITHIN-20-MILES", "FY2018-19", "gm", 81, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = benchmarks.import_check(name="b.xlsx", content=buffer.getvalue())
    assert [r.errors for r in rows] == [[], []]
    assert benchmarks.import_save(user=performance_lead, rows=rows) == 2
    assert Benchmark.objects.get(comparator="england").value == D("74.5")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("b.txt", b"x", "Upload a .csv or .xlsx file."),
        ("b.csv", b"indicator,value\nX,1\n", "The first row must be the headings"),
        ("b.csv", b"", "The file is empty."),
    ],
)
def test_unreadable_files(name, content, message):
    with pytest.raises(ImportFileError, match=message):
        benchmarks.import_check(name=name, content=content)


def test_template_csv_is_a_valid_file():
    text = benchmarks.template_csv()
    assert text.splitlines()[0] == ",".join(benchmarks.COLUMNS)
    rows = benchmarks.import_check(name="t.csv", content=text.encode())
    assert len(rows) >= 2 and all(r.errors == [] for r in rows)


def test_benchmarks_for_indicator_in_period_then_comparator_order(performance_lead):
    for code, comparator in (
        ("FY2018-19", "gm"),
        ("FY2017-18", "stat_neighbours"),
        ("FY2018-19", "england"),
        ("FY2017-18", "north_west"),
    ):
        put(performance_lead, comparator=comparator, code=code)
    got = [(b.period.code, b.comparator) for b in selectors.benchmarks_for_indicator(lac())]
    assert got == [
        ("FY2017-18", "north_west"),
        ("FY2017-18", "stat_neighbours"),
        ("FY2018-19", "england"),
        ("FY2018-19", "gm"),
    ]


def test_latest_for_is_one_query(performance_lead, django_assert_num_queries):
    for code, value in (("FY2017-18", "70"), ("FY2018-19", "74"), ("FY2019-20", "76")):
        put(performance_lead, value=value, code=code)
    put(performance_lead, comparator="gm", value="79")
    ind_id = lac().id
    with django_assert_num_queries(1):
        got = selectors.latest_for(indicator_ids=[ind_id], as_of=date(2019, 9, 30))
    assert [(b.comparator, b.value) for b in got[ind_id]] == [("england", D("74")), ("gm", D("79"))]


def test_demo_benchmarks_are_labelled_deterministic_and_idempotent():
    made = demo.benchmarks_seed(today=date(2023, 10, 1))
    rows = Benchmark.objects.all()
    codes = set(rows.values_list("indicator__code", flat=True))
    assert codes == set(demo.BENCHMARKED) and len(codes) == 8
    assert made == rows.count() == 8 * 4 * len(demo.BENCHMARK_YEARS)
    assert not rows.exclude(source=demo.BENCHMARK_SOURCE).exists()
    assert not rows.exclude(comparator="england").exclude(quartile=None).exists()
    assert not rows.filter(comparator="england", quartile=None).exists()
    kinds = set(rows.values_list("period__kind", flat=True))
    assert kinds == {"fin_year", "acad_year"}
    assert set(
        rows.filter(indicator__code="KS2-RWM-ALL").values_list("period__code", flat=True)
    ) == {"AY2018-19", "AY2019-20", "AY2020-21", "AY2021-22"}
    snapshot = sorted(
        rows.values_list("indicator__code", "period__code", "comparator", "value", "quartile")
    )
    assert demo.benchmarks_seed(today=date(2023, 10, 1)) == 0
    Benchmark.objects.all().delete()
    demo.benchmarks_seed(today=date(2023, 10, 1))
    assert (
        sorted(
            Benchmark.objects.values_list(
                "indicator__code", "period__code", "comparator", "value", "quartile"
            )
        )
        == snapshot
    )
    for row in Benchmark.objects.select_related("indicator"):  # each passes the entry rules
        benchmarks._period_check(row.indicator, row.period)
        benchmarks.value_parse(indicator=row.indicator, raw=row.value, allow_fraction=True)


def test_dashboard_shows_latest_benchmark(client, board_member, performance_lead):
    from indicators import status
    from tests.outcomes.conftest import approve

    approve("LAC-WITHIN-20-MILES", "2019-08", "85")
    status.status_compute_period(period_code="FY2019-20-Q2")
    put(performance_lead, quartile=2)
    client.force_login(board_member)
    page = client.get("/dashboard/?period=FY2019-20-Q2&theme=SAFE").content.decode()
    assert "England 74% (2018/19 (financial year)), second quartile" in page


def test_import_command(tmp_path, performance_lead, officer):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "b.csv"
    path.write_text(GOOD + "NOPE,FY2018-19,england,1,,\n")
    err = StringIO()
    with pytest.raises(CommandError, match="1 rows have problems; nothing was saved"):
        call_command("import_benchmarks", str(path), user="t.lead", stderr=err)
    assert "Row 4: No indicator with code 'NOPE'." in err.getvalue()
    path.write_text(GOOD)
    out = StringIO()
    call_command("import_benchmarks", str(path), user="t.lead", dry_run=True, stdout=out)
    assert "2 rows checked" in out.getvalue() and not Benchmark.objects.exists()
    with pytest.raises(CommandError, match="Only a performance lead"):
        call_command("import_benchmarks", str(path), user="t.officer", stdout=out)
    with pytest.raises(CommandError, match="No user called nobody"):
        call_command("import_benchmarks", str(path), user="nobody", stdout=out)
    assert not Benchmark.objects.exists()
    call_command("import_benchmarks", str(path), user="t.lead", stdout=out)
    assert Benchmark.objects.count() == 2 and "2 benchmarks saved." in out.getvalue()
