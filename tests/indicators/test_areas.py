"""Areas: the city and its localities; returns by locality; the city's figure added up exactly;
RAG per area; the locality page, the API, the indicator page and the dashboard's breakdown."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from indicators import status
from indicators.models import Area, AreaStatus, Indicator, Period, Return
from indicators.returns import services

pytestmark = pytest.mark.django_db

PERIOD = "2019-05"


@pytest.fixture
def plans(officer):
    """CP-PLANS (a count reported by locality), owned by the test officer."""
    indicator = Indicator.objects.get(code="CP-PLANS")
    indicator.owner = officer
    indicator.save()
    return indicator


@pytest.fixture
def miles(officer):
    """LAC-WITHIN-20-MILES (a percentage entered by locality as a fraction)."""
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    indicator.owner = officer
    indicator.save()
    return indicator


def area(code):
    return Area.objects.get(code=code)


def period(code=PERIOD):
    return Period.objects.get(code=code)


def enter(user, indicator, code, **figure):
    ret = services.return_create(
        user=user,
        indicator=indicator,
        period=period(),
        area=area(code),
        commentary="Helping: the locality team. Hurting: vacancies. Next: recruit.",
        **figure,
    )
    return services.return_submit(user=user, ret=ret)


def approve(lead, ret):
    return services.return_approve(user=lead, ret=ret, version=ret.version)


def city(indicator):
    return Return.objects.city().filter(indicator=indicator, period=period()).first()


# --- the hierarchy ------------------------------------------------------------------------


def test_the_city_and_its_three_localities_come_from_seed_004():
    manchester = Area.objects.get(kind=Area.Kind.CITY)
    assert manchester.code == "MANCHESTER" and manchester.parent is None
    localities = Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("order")
    assert [a.name for a in localities] == ["North", "Central", "South"]
    assert all(a.parent == manchester and a.source.startswith("004_") for a in localities)
    assert set(Indicator.objects.filter(by_area=True).values_list("code", "entry")) == {
        ("CP-PLANS", "value"),
        ("CIN-TOTAL", "value"),
        ("LAC-WITHIN-20-MILES", "fraction"),
    }


def test_wards_load_from_a_file_under_their_localities(tmp_path):
    path = tmp_path / "wards.csv"
    path.write_text(
        "code,name,kind,parent\nW-HARPURHEY,Harpurhey,ward,NORTH\nW-HULME,Hulme,ward,CENTRAL\n"
    )
    call_command("load_areas", str(path))
    assert Area.objects.get(code="W-HULME").parent.code == "CENTRAL"
    call_command("load_areas", str(path))  # again: nothing new
    assert Area.objects.filter(kind=Area.Kind.WARD).count() == 2


def test_a_bad_area_file_changes_nothing(tmp_path):
    path = tmp_path / "wards.csv"
    path.write_text("code,name,kind,parent\nW-A,A,ward,NORTH\nW-B,B,ward,NOWHERE\n")
    with pytest.raises(CommandError, match="NOWHERE"):
        call_command("load_areas", str(path))
    assert not Area.objects.filter(code="W-A").exists()


# --- the city's figure, added up ----------------------------------------------------------


def test_the_city_count_is_the_sum_once_every_locality_is_approved(
    plans, officer, performance_lead
):
    north = enter(officer, plans, "NORTH", value="301")
    central = enter(officer, plans, "CENTRAL", value="212")
    south = enter(officer, plans, "SOUTH", value="224")
    approve(performance_lead, north)
    approve(performance_lead, central)
    assert city(plans) is None  # not until all three are approved
    approve(performance_lead, south)
    derived = city(plans)
    assert derived.value == D("737") and derived.is_derived
    assert derived.status == "approved" and derived.approved_by == performance_lead
    assert "North 301" in derived.commentary and "South 224" in derived.commentary


def test_a_percentage_adds_up_from_numerators_and_denominators_not_an_average(
    miles, officer, performance_lead
):
    # 90/100 = 90%, 10/20 = 50%, 45/50 = 90%: the mean of the percentages is 76.67%, the
    # city's true figure 145 of 170 = 85.2941%.
    for code, (num, den) in {"NORTH": (90, 100), "CENTRAL": (10, 20), "SOUTH": (45, 50)}.items():
        ret = enter(officer, miles, code, numerator=str(num), denominator=str(den))
        assert ret.value == (D(num) * 100 / D(den)).quantize(D("0.0001"))
        approve(performance_lead, ret)
    derived = city(miles)
    assert (derived.numerator, derived.denominator) == (D(145), D(170))
    assert derived.value == D("85.2941")


@pytest.mark.parametrize(
    "figure, field, message",
    [
        ({"numerator": "12", "denominator": "10"}, "numerator", "more than the denominator"),
        ({"numerator": "1", "denominator": "0"}, "denominator", "more than 0"),
        ({"numerator": "", "denominator": "10"}, "numerator", "Enter the numerator"),
        ({"numerator": "2.5", "denominator": "10"}, "numerator", "whole number"),
        ({"value": "90"}, "numerator", "Enter the numerator"),
    ],
)
def test_a_bad_fraction_is_refused_and_nothing_saved(miles, officer, figure, field, message):
    with pytest.raises(ValidationError) as caught:
        services.return_create(
            user=officer, indicator=miles, period=period(), area=area("NORTH"), **figure
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert not Return.objects.filter(indicator=miles, area__isnull=False).exists()


def test_an_indicator_not_reported_by_area_refuses_a_locality(officer):
    indicator = Indicator.objects.get(code="LAC-SDQ")
    indicator.owner = officer
    indicator.save()
    with pytest.raises(ValidationError, match="city only"):
        services.return_create(
            user=officer,
            indicator=indicator,
            period=period("FY2019-20-Q1"),
            area=area("NORTH"),
            value="50",
        )


def test_city_and_locality_entry_never_both_for_one_period(plans, officer):
    enter(officer, plans, "NORTH", value="300")
    with pytest.raises(ValidationError, match="added up from its localities"):
        services.return_create(user=officer, indicator=plans, period=period(), value="700")
    other = Period.objects.get(code="2019-04")
    services.return_create(user=officer, indicator=plans, period=other, value="700")
    with pytest.raises(ValidationError, match="entered directly"):
        services.return_create(
            user=officer, indicator=plans, period=other, area=area("SOUTH"), value="200"
        )


def test_the_derived_city_figure_cannot_be_changed_directly(
    plans, officer, performance_lead, other_lead
):
    for code, value in (("NORTH", "300"), ("CENTRAL", "200"), ("SOUTH", "250")):
        approve(performance_lead, enter(officer, plans, code, value=value))
    derived = city(plans)
    with pytest.raises(ValidationError, match="change a locality's figure"):
        services.return_correct(
            user=other_lead, ret=derived, version=derived.version, value="1", reason="typo"
        )


def test_correcting_a_locality_withdraws_then_re_adds_the_city(
    plans, officer, performance_lead, other_lead
):
    rets = {
        code: approve(performance_lead, enter(officer, plans, code, value=value))
        for code, value in (("NORTH", "300"), ("CENTRAL", "200"), ("SOUTH", "250"))
    }
    assert city(plans).value == D("750")
    north = services.return_correct(
        user=other_lead,
        ret=rets["NORTH"],
        version=rets["NORTH"].version,
        value="310",
        reason="late case",
    )
    assert city(plans) is None  # North's correction awaits approval: no city figure
    with pytest.raises(PermissionDenied):
        approve(other_lead, north)  # four-eyes still holds for a locality
    approve(performance_lead, north)
    assert city(plans).value == D("760")


# --- RAG per area ---------------------------------------------------------------------------


def test_each_locality_is_rated_against_the_citys_target(miles, officer, performance_lead):
    figures = {"NORTH": (95, 100), "CENTRAL": (70, 100), "SOUTH": (88, 100)}
    for code, (num, den) in figures.items():
        approve(
            performance_lead,
            enter(officer, miles, code, numerator=str(num), denominator=str(den)),
        )
    status.status_compute_period(period_code=PERIOD)
    rags = dict(
        AreaStatus.objects.filter(indicator=miles, period=period()).values_list("area__code", "rag")
    )
    # 90% target in 2019/20 with the default 5% amber band (85.5% to 90%)
    assert rags == {"NORTH": "green", "CENTRAL": "red", "SOUTH": "amber"}
    city_status = miles.statuses.get(period=period())
    assert city_status.value == D("84.3333") and city_status.rag == "red"


# --- pages and API --------------------------------------------------------------------------


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_locality_page_saves_and_submits_all_three(plans, officer, client):
    client = signed_in(client, officer)
    url = f"/indicators/returns/areas/CP-PLANS/?period={PERIOD}"
    page = client.get(url)
    assert page.status_code == 200 and "North" in page.content.decode()
    assert '<a class="govuk-link" href="/indicators/CP-PLANS/">Back to CP-PLANS</a>' in (
        page.content.decode()
    )
    data = {
        "area-TOTAL_FORMS": "3",
        "area-INITIAL_FORMS": "3",
        "action": "submit",
    }
    for n, (code, value) in enumerate((("NORTH", "301"), ("CENTRAL", "212"), ("SOUTH", "224"))):
        data |= {f"area-{n}-area": code, f"area-{n}-value": value}
        data[f"area-{n}-commentary"] = "Helping: early help. Hurting: demand. Next: review."
    answer = client.post(url, data)
    assert answer.status_code == 302
    saved = Return.objects.filter(indicator=plans, period=period(), area__isnull=False)
    assert sorted(saved.values_list("area__code", "value", "status")) == [
        ("CENTRAL", D("212"), "submitted"),
        ("NORTH", D("301"), "submitted"),
        ("SOUTH", D("224"), "submitted"),
    ]


def test_one_bad_row_on_the_locality_page_saves_nothing(miles, officer, client):
    client = signed_in(client, officer)
    url = f"/indicators/returns/areas/LAC-WITHIN-20-MILES/?period={PERIOD}"
    data = {"area-TOTAL_FORMS": "2", "area-INITIAL_FORMS": "2", "action": "save"}
    data |= {"area-0-area": "NORTH", "area-0-numerator": "90", "area-0-denominator": "100"}
    data |= {"area-1-area": "CENTRAL", "area-1-numerator": "30", "area-1-denominator": "20"}
    answer = client.post(url, data)
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Central: The numerator cannot be more than the denominator." in text
    assert 'value="30"' in text  # what was typed is kept
    assert not Return.objects.filter(indicator=miles, area__isnull=False).exists()


def test_the_locality_page_is_for_who_enters_the_figures(
    plans, client, board_member, other_officer
):
    signed_in(client, board_member)
    assert client.get("/indicators/returns/areas/CP-PLANS/").status_code == 403
    signed_in(client, other_officer)  # an officer who does not own CP-PLANS
    assert client.get("/indicators/returns/areas/CP-PLANS/").status_code == 403
    signed_in(client, plans.owner)
    assert client.get("/indicators/returns/areas/LAC-SDQ/").status_code == 404


def test_the_api_takes_and_filters_by_area(miles, officer, client_for):
    api = client_for(officer)
    made = api.post(
        "/api/returns/",
        {
            "indicator": "LAC-WITHIN-20-MILES",
            "period": PERIOD,
            "area": "SOUTH",
            "numerator": "45",
            "denominator": "50",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["area"], body["value"], body["numerator"]) == ("SOUTH", "90.0000", "45.0000")
    bad = api.post(
        "/api/returns/",
        {"indicator": "LAC-WITHIN-20-MILES", "period": PERIOD, "area": "NOWHERE", "value": "1"},
        format="json",
    )
    assert bad.status_code == 400 and "area" in bad.json()
    listed = api.get("/api/returns/", {"area": "SOUTH", "indicator": "LAC-WITHIN-20-MILES"})
    assert [r["area"] for r in listed.json()["results"]] == ["SOUTH"]
    assert all(
        r["area"] is None
        for r in api.get("/api/returns/", {"area": "MANCHESTER"}).json()["results"]
    )


def test_indicator_page_and_dashboard_show_the_breakdown(
    plans, officer, performance_lead, client, client_for, board_member
):
    quarter = Period.objects.get(code="FY2019-20-Q1")
    for code, value in (("NORTH", "301"), ("CENTRAL", "212"), ("SOUTH", "224")):
        approve(performance_lead, enter(officer, plans, code, value=value))
    status.status_compute_period(period_code=PERIOD)
    board = signed_in(client, board_member)
    page = board.get("/indicators/CP-PLANS/").content.decode()
    assert "By locality" in page
    for text in ("North", "Central", "South", "301", "212", "224", "737"):
        assert text in page
    dashboard = board.get(f"/dashboard/?period={quarter.code}").content.decode()
    assert 'id="localities"' in dashboard and "CP-PLANS by locality" not in dashboard
    assert "301" in dashboard
    data = client_for(board_member).get(f"/api/dashboard/?period={quarter.code}").json()
    areas = {row["area"]: row for row in data["localities"][0]["areas"]}
    assert data["localities"][0]["code"] in {"CP-PLANS", "CIN-TOTAL", "LAC-WITHIN-20-MILES"}
    plans_row = next(r for r in data["localities"] if r["code"] == "CP-PLANS")
    assert [a["area"] for a in plans_row["areas"]] == ["NORTH", "CENTRAL", "SOUTH", "MANCHESTER"]
    assert plans_row["areas"][0]["value"] is not None and areas


# --- imports ------------------------------------------------------------------------------


def import_file(user, text, submit=False):
    from indicators.returns import importers

    rows = importers.check(user=user, rows=importers.read_rows(name="r.csv", content=text.encode()))
    if any(r.errors for r in rows):
        return rows, []
    return rows, importers.save(user=user, rows=rows, submit=submit)


def test_a_file_with_an_area_column_enters_localities(plans, miles, officer):
    text = (
        "indicator,period,value,commentary,area,numerator,denominator\n"
        "CP-PLANS,2019-05,301,North steady,NORTH,,\n"
        "CP-PLANS,2019-05,212,Central steady,CENTRAL,,\n"
        "LAC-WITHIN-20-MILES,2019-05,,South placements,SOUTH,45,50\n"
    )
    rows, saved = import_file(officer, text)
    assert [r.errors for r in rows] == [[], [], []]
    got = {(r.indicator.code, r.area.code): (r.value, r.numerator) for r in saved}
    assert got == {
        ("CP-PLANS", "NORTH"): (D("301"), None),
        ("CP-PLANS", "CENTRAL"): (D("212"), None),
        ("LAC-WITHIN-20-MILES", "SOUTH"): (D("90.0000"), D("45")),
    }


def test_a_file_with_a_bad_area_row_saves_nothing(plans, officer):
    text = (
        "indicator,period,value,commentary,area\n"
        "CP-PLANS,2019-05,301,ok,NORTH\n"
        "CP-PLANS,2019-05,212,ok,NOWHERE\n"
        "CP-PLANS,2019-05,200,ok,NORTH\n"
    )
    rows, saved = import_file(officer, text)
    assert saved == []
    assert "Unknown area 'NOWHERE'." in rows[1].errors
    assert "Duplicate of row 2." in rows[2].errors
    assert not Return.objects.filter(indicator=plans, area__isnull=False).exists()


def test_the_approval_queue_compares_each_locality_with_its_own_previous_figure(
    plans, miles, officer, performance_lead
):
    """Locality rows are read in a fixed number of queries however many are queued."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.returns.selectors import approval_rows
    from tests.factories import approved

    for code, value in (("NORTH", "300"), ("CENTRAL", "200"), ("SOUTH", "250")):
        approved("CP-PLANS", "2019-04", value, area=area(code))
    enter(officer, plans, "NORTH", value="310")
    with CaptureQueriesContext(connection) as one:
        [row] = approval_rows(user=performance_lead)
    assert row.previous_label == "April 2019, North" and row.previous == "300"
    assert row.change.startswith("+10") and row.rag in ("red", "amber", "green", "not_rated")
    enter(officer, plans, "CENTRAL", value="150")
    enter(officer, plans, "SOUTH", value="260")
    enter(officer, miles, "NORTH", numerator="45", denominator="50")  # a first figure: no previous
    with CaptureQueriesContext(connection) as four:
        rows = {
            (r.ret.indicator.code, r.ret.area.code): r for r in approval_rows(user=performance_lead)
        }
    assert rows[("CP-PLANS", "CENTRAL")].previous == "200"
    assert rows[("CP-PLANS", "CENTRAL")].change.startswith("-50")
    assert rows[("LAC-WITHIN-20-MILES", "NORTH")].previous is None
    assert rows[("LAC-WITHIN-20-MILES", "NORTH")].rag == "green"  # 90% against 90%
    assert len(four) == len(one)
