"""Issue 14 "Real first": the demo series pass through every real figure in seed 004 and tell
its story; real and demo figures look different on the indicator page; the chart's range
buttons; targets inferred rather than read from a document."""

import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from indicators import demo, status
from indicators.models import Indicator, IndicatorStatus, Return, Target

pytestmark = pytest.mark.django_db

# Each figure as seed 004 prints it ("Emerging impact"), typed in here, not read from the code.
REAL_RETURNS = [
    ("CP-PLANS", "2018-05", D("962")),
    ("CP-PLANS", "2019-05", D("737")),
    ("SW-CASELOAD", "2018-06", D("21.4")),
    ("SW-CASELOAD", "2019-06", D("17.7")),
    ("SW-CASELOAD-ASYE", "2018-06", D("21.3")),
    ("SW-CASELOAD-ASYE", "2019-06", D("14")),
]
# April-May totals: the year to date at May of indicators added up over the financial year.
REAL_YEAR_TO_DATE = [
    ("REFERRALS", "2018-05", D("2142")),
    ("REFERRALS", "2019-05", D("1131")),
    ("S47-ENQUIRIES", "2018-05", D("518")),
    ("S47-ENQUIRIES", "2019-05", D("385")),
]
INFERRED = {
    "LAC-STARTS",
    "LAC-IMMUNISATIONS",
    "LAC-SDQ",
    "LAC-GOOD-SCHOOLS",
    "LAC-PERM-EXCLUSIONS",
    "LAC-PEP",
}
DOCUMENT_004 = "Children and Young People Scrutiny Committee papers, 17 July 2019"


@pytest.fixture
def seeded(settings):
    """`seed_demo` as a user runs it (today's date: the series run to the latest quarter)."""
    settings.DEBUG = False
    call_command("seed_demo")


@pytest.fixture
def seeded_2019(officer, performance_lead):
    """The demo as of 15 October 2019: the series end in September 2019."""
    demo.returns_seed(submitter=officer, approver=performance_lead, today=date(2019, 10, 15))
    status.statuses_recompute(end=date(2019, 10, 15))


def values(code, first, last):
    """The indicator's approved monthly returns from `first` to `last` (period codes)."""
    rows = Return.objects.filter(
        indicator__code=code, period__kind="month", period__code__gte=first
    ).filter(period__code__lte=last)
    return dict(rows.order_by("period__start").values_list("period__code", "value"))


def test_every_real_figure_goes_in_as_a_real_figure(seeded):
    for code, period, value in REAL_RETURNS:
        row = Return.objects.get(indicator__code=code, period__code=period)
        assert (row.value, row.is_synthetic) == (value, False), (code, period)
        assert row.status == Return.Status.APPROVED
        shown = IndicatorStatus.objects.get(indicator__code=code, period__code=period)
        assert (shown.value, shown.is_synthetic) == (value, False), (code, period)
    for code, period, value in REAL_YEAR_TO_DATE:
        assert Indicator.objects.get(code=code).is_cumulative
        shown = IndicatorStatus.objects.get(indicator__code=code, period__code=period)
        assert (shown.value, shown.is_synthetic) == (value, False), (code, period)
        assert not Return.objects.get(indicator__code=code, period__code=period).is_synthetic
        april = Return.objects.get(indicator__code=code, period__code=period[:5] + "04")
        assert april.is_synthetic and april.commentary.startswith("Demo data")
        # the April figure alone is demo, and so is the year to date after May
        assert IndicatorStatus.objects.get(
            indicator__code=code, period__code=period[:5] + "04"
        ).is_synthetic
        assert IndicatorStatus.objects.get(
            indicator__code=code, period__code=period[:5] + "06"
        ).is_synthetic
    real = set(
        Return.objects.filter(is_synthetic=False).values_list("indicator__code", "period__code")
    )
    assert real == {(c, p) for c, p, _ in REAL_RETURNS + REAL_YEAR_TO_DATE}


def test_cp_plans_fall_steadily_from_962_to_737(seeded_2019):
    """Every month between May 2018 and May 2019 lies strictly between the two real figures,
    no month is above the one before, and August > November > February."""
    series = values("CP-PLANS", "2018-05", "2019-05")
    assert len(series) == 13
    months = list(series.values())
    assert months[0] == D("962") and months[-1] == D("737")
    assert all(D("737") < v < D("962") for v in months[1:-1]), months
    assert all(later <= earlier for earlier, later in zip(months, months[1:], strict=False))
    assert series["2018-08"] > series["2018-11"] > series["2019-02"]


@pytest.mark.parametrize(
    ("code", "first", "last", "high", "low"),
    [
        ("SW-CASELOAD", "2018-06", "2019-06", D("21.4"), D("17.7")),
        ("SW-CASELOAD-ASYE", "2018-06", "2019-06", D("21.3"), D("14")),
    ],
)
def test_caseloads_fall_between_the_real_figures(seeded_2019, code, first, last, high, low):
    months = list(values(code, first, last).values())
    assert (months[0], months[-1], len(months)) == (high, low, 13)
    assert all(low <= v <= high for v in months)
    assert all(later <= earlier for earlier, later in zip(months, months[1:], strict=False))


def test_referrals_fall_between_the_two_real_years(seeded_2019):
    """The monthly referrals after May 2018 lie between the two years' monthly rates."""
    monthly = values("REFERRALS", "2018-06", "2019-03")
    assert all(D("1131") / 2 <= v <= D("2142") / 2 for v in monthly.values()), monthly
    first_april = values("REFERRALS", "2018-04", "2018-05")
    assert sum(first_april.values()) == D("2142")


def test_asye_caseload_is_its_own_indicator():
    asye = Indicator.objects.get(code="SW-CASELOAD-ASYE")
    assert (asye.unit, asye.polarity, asye.frequency) == ("average", "lower", "monthly")
    assert asye.source == "004_661c1d64eb933c90.txt"
    assert "21.3" in asye.definition and "14" in asye.definition


def chart_rows(page):
    table = page[page.index('id="chart-table"') :]
    table = table[table.index("<tbody") : table.index("</table>")]
    return re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)


def test_all_range_shows_the_real_cp_figures_marked_as_real(seeded, client, board_member):
    client.force_login(board_member)
    page = client.get("/indicators/CP-PLANS/?range=all").content.decode()
    rows = {re.search(r"<th[^>]*>(.*?)</th>", r).group(1): r for r in chart_rows(page)}
    for label, figure in (("May 2018", "962"), ("May 2019", "737")):
        assert figure in rows[label]
        assert "Real, seed 004" in rows[label] and DOCUMENT_004 in rows[label]
    assert "Demo" in rows["June 2018"] and "Real, seed 004" not in rows["June 2018"]
    # the chart's key names both kinds of point
    assert "Real figure (source document)" in page and "Demo figure" in page
    # the default three years from today no longer reach May 2018
    default = client.get("/indicators/CP-PLANS/").content.decode()
    assert "May 2018" not in "".join(chart_rows(default))
    # ...but the page lists every real figure whatever the range, with a link to show them
    listed = default[default.index('id="real-figures"') :].split("</section>")[0]
    assert "<strong>962</strong> in May 2018 (Real, seed 004" in listed
    assert "<strong>737</strong> in May 2019 (Real, seed 004" in listed
    assert "?range=all#real-figures" in listed
    assert "Demo" not in listed


def test_chart_json_marks_real_points_with_their_own_trace(seeded_2019, client, board_member):
    import json

    client.force_login(board_member)
    page = client.get("/indicators/CP-PLANS/?range=all").content.decode()
    data = re.search(r'<script id="indicator-chart-data"[^>]*>(.*?)</script>', page, re.S)
    data = data.group(1)
    figure = json.loads(json.loads(data))
    real = [t for t in figure["data"] if t.get("name") == "Real figure (source document)"]
    assert len(real) == 1
    assert sorted(real[0]["y"]) == [737.0, 962.0]
    assert real[0]["marker"]["symbol"] == "hexagon"


@pytest.mark.parametrize(
    ("query", "points"),
    [("", 36), ("?range=3y", 36), ("?range=5y", 42), ("?range=all", 42), ("?range=bad", 36)],
)
def test_range_buttons_choose_how_much_of_the_series(
    seeded_2019, client, board_member, query, points
):
    """The demo of 15 October 2019 has 42 months (April 2016 to September 2019)."""
    assert Return.objects.filter(indicator__code="CP-PLANS").count() == 42
    client.force_login(board_member)
    page = client.get("/indicators/CP-PLANS/" + query).content.decode()
    assert len(chart_rows(page)) == points
    for label in ("3 years", "5 years", "All"):
        assert f">{label}<" in page or f">Show {label.lower()}" in page


def test_five_years_and_all_differ_on_todays_demo(seeded, client, board_member):
    """On today's demo (April 2016 to the latest complete quarter), 5 years is 60 months and
    All is every month with a figure."""
    months = IndicatorStatus.objects.filter(
        indicator__code="CP-PLANS", period__kind="month", value__isnull=False
    ).count()
    assert months > 60
    client.force_login(board_member)
    for query, points in (("", 36), ("?range=5y", 60), ("?range=all", months)):
        page = client.get("/indicators/CP-PLANS/" + query).content.decode()
        assert len(chart_rows(page)) == points, query


def test_range_links_work_without_javascript(seeded_2019, client, board_member):
    client.force_login(board_member)
    page = client.get("/indicators/CP-PLANS/?range=5y").content.decode()
    nav = page[page.index('id="chart-range"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'href="?range=3y#chart-heading"' in nav and 'href="?range=all#chart-heading"' in nav
    assert re.search(r'aria-current="true"[^>]*>[^<]*5 years', nav)


def test_inferred_targets_carry_their_basis_and_note():
    inferred = Target.objects.filter(basis=Target.Basis.INFERRED)
    assert set(inferred.values_list("indicator__code", flat=True)) == INFERRED
    assert inferred.count() == 18  # three years each
    assert all(t.basis_note.startswith("Seed 003") for t in inferred)
    assert "All" in inferred.filter(indicator__code="LAC-SDQ").first().basis_note
    stated = Target.objects.filter(indicator__code="LAC-WITHIN-20-MILES")
    assert set(stated.values_list("basis", flat=True)) == {"stated"}
    # loading the framework again changes nothing
    call_command("load_framework", verbosity=0)
    assert Target.objects.filter(basis=Target.Basis.INFERRED).count() == 18
    # a database loaded before the flag existed (every target stated) gets it on a reload
    inferred_now = lambda: set(  # noqa: E731 - a fresh query each time
        Target.objects.filter(basis=Target.Basis.INFERRED).values_list("id", "basis_note")
    )
    before = inferred_now()
    Target.objects.update(basis=Target.Basis.STATED, basis_note="")
    assert inferred_now() == set()
    call_command("load_framework", verbosity=0)
    assert inferred_now() == before


def test_inferred_target_note_shows_on_the_page_and_in_the_api(
    client, board_member, client_for, seeded_2019
):
    note = Target.objects.filter(indicator__code="LAC-STARTS").first().basis_note
    client.force_login(board_member)
    page = client.get("/indicators/LAC-STARTS/").content.decode()
    targets = page[page.index('id="targets"') :]
    targets = targets[: targets.index("</table>")]
    assert targets.count("Inferred") >= 3 and note.replace("'", "&#x27;") in page
    assert "Target inferred" in page  # the chart's key and the table say so
    body = client_for(board_member).get("/api/targets/?indicator__code=LAC-STARTS").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert {(r["basis"], r["basis_note"]) for r in rows} == {("inferred", note)}
    stated = client_for(board_member).get("/api/targets/?indicator__code=ADOPTIONS").json()
    rows = stated["results"] if isinstance(stated, dict) else stated
    assert {(r["basis"], r["basis_note"]) for r in rows} == {("stated", "")}


def test_carried_forward_demo_targets_are_inferred(seeded):
    carried = Target.objects.filter(source__startswith="Demo data")
    assert carried.exists()
    assert set(carried.values_list("basis", flat=True)) == {"inferred"}
    assert all("Carried forward" in t.basis_note for t in carried)


def test_a_lead_setting_a_target_makes_it_stated(performance_lead):
    from indicators.returns.services import target_set

    target = Target.objects.filter(indicator__code="LAC-PEP").first()
    target_set(user=performance_lead, indicator=target.indicator, period=target.period, value="95")
    target.refresh_from_db()
    assert (target.basis, target.basis_note) == ("stated", "")
    # a lead who confirms the fixture's own figure has stated it too; reloading keeps that
    other = Target.objects.filter(indicator__code="LAC-PEP").exclude(pk=target.pk).first()
    target_set(user=performance_lead, indicator=other.indicator, period=other.period, value="100")
    call_command("load_framework", verbosity=0)
    other.refresh_from_db()
    assert (other.value, other.basis) == (D("100"), "stated")


def test_the_schema_describes_a_targets_basis_without_warnings(capsys):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    capsys.readouterr()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    warnings = capsys.readouterr().err
    assert "Warning" not in warnings and "Error" not in warnings, warnings
    validate_schema(schema)
    target = schema["components"]["schemas"]["TargetOutput"]["properties"]
    assert {"basis", "basis_note"} <= set(target)
    enum = schema["components"]["schemas"]["BasisEnum"]["enum"]
    assert sorted(enum) == ["inferred", "stated"]
