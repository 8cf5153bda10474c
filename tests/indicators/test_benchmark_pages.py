"""Benchmark pages: the list for every role; entry and import (preview, then confirm) for
performance leads only; errors shown the GOV.UK way; refusals change nothing."""

import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from indicators.benchmarks import services as benchmarks
from indicators.models import Benchmark, Indicator, Period

pytestmark = pytest.mark.django_db

LIST = "/indicators/benchmarks/"
NEW = "/indicators/benchmarks/new/"
IMPORT = "/indicators/benchmarks/import/"
TEMPLATE = "/indicators/benchmarks/template.csv"
GOOD = (
    "indicator,period,comparator,value,quartile,source\n"
    "LAC-WITHIN-20-MILES,FY2018-19,england,74,2,LAIT\n"
    "LAC-WITHIN-20-MILES,FY2018-19,Statistical neighbours,80.5,,LAIT\n"
)
OTHERS = [roles.BOARD_MEMBER, roles.OFFICER, roles.SCRUTINY_OFFICER]


def entry(**changes):
    return {
        "indicator": "LAC-WITHIN-20-MILES",
        "period": "FY2018-19",
        "comparator": "england",
        "value": "74",
        "quartile": "2",
        "source": "LAIT",
        **changes,
    }


def upload(body=GOOD, name="b.csv"):
    return {"file": SimpleUploadedFile(name, body.encode())}


def snapshot():
    return sorted(
        Benchmark.objects.values_list(
            "indicator__code", "period__code", "comparator", "value", "quartile"
        )
    )


@pytest.fixture
def held(performance_lead):
    lac = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    for code, comparator, value in (("FY2018-19", "england", "74"), ("FY2017-18", "gm", "79")):
        benchmarks.benchmark_set(
            user=performance_lead,
            indicator=lac,
            period=Period.objects.get(code=code),
            comparator=comparator,
            value=value,
            quartile=2 if comparator == "england" else None,
            source="LAIT",
        )
    benchmarks.benchmark_set(
        user=performance_lead,
        indicator=Indicator.objects.get(code="ADOPTION-A1-DAYS"),
        period=Period.objects.get(code="FY2018-19"),
        comparator="north_west",
        value="480",
    )


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_role_sees_the_list_and_only_leads_the_links(client, users_by_role, held, role):
    client.force_login(users_by_role[role])
    page = client.get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    table = html[html.index('id="benchmarks"') :]
    assert table.count('<tr class="govuk-table__row"><td') == 3
    assert "Second quartile" in table and "Greater Manchester" in table and "79%" in table
    is_lead = role == roles.PERFORMANCE_LEAD
    assert (NEW in html) is is_lead
    assert (IMPORT in html) is is_lead
    assert (TEMPLATE in html) is is_lead


def test_the_list_filters_by_indicator(client, board_member, held):
    client.force_login(board_member)
    html = client.get(LIST + "?indicator=ADOPTION-A1-DAYS").content.decode()
    table = html[html.index('id="benchmarks"') :]
    assert "ADOPTION-A1-DAYS" in table and "LAC-WITHIN-20-MILES</a>" not in table
    assert table.count('<tr class="govuk-table__row"><td') == 1
    empty = client.get(LIST + "?indicator=CP-PLANS").content.decode()
    assert 'id="no-benchmarks"' in empty and "No benchmarks for CP-PLANS yet." in empty


def test_anonymous_is_sent_to_sign_in(client):
    for url in (LIST, NEW, IMPORT):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", OTHERS)
def test_others_get_403_on_entry_and_import_and_change_nothing(client, users_by_role, held, role):
    before = snapshot()
    client.force_login(users_by_role[role])
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, entry(value="10")).status_code == 403
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, upload()).status_code == 403
    assert client.post(IMPORT, {"token": "anything"}).status_code == 403
    assert snapshot() == before


def test_entry_saves_and_returns_to_the_filtered_list(client, performance_lead):
    client.force_login(performance_lead)
    form = client.get(NEW + "?indicator=CL-EET").content.decode()
    assert re.search(r'<option value="CL-EET" selected>', form)
    response = client.post(NEW, entry())
    assert response.status_code == 302
    assert response["Location"] == LIST + "?indicator=LAC-WITHIN-20-MILES"
    row = Benchmark.objects.get()
    assert (row.value, row.quartile, row.source, row.created_by) == (
        D("74"),
        2,
        "LAIT",
        performance_lead,
    )
    listed = client.get(response["Location"]).content.decode()
    assert "Benchmark saved: England for LAC-WITHIN-20-MILES" in listed


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"value": "oops"},
            "value",
            "The value must be a number, like 91.5, not &#x27;oops&#x27;.",
        ),
        ({"value": "120"}, "value", "LAC-WITHIN-20-MILES is a percentage: 0 to 100."),
        ({"comparator": "gm", "quartile": "1"}, "quartile", "give it on the England row only"),
        ({"period": "FY2018-19-Q1"}, "period", "not by financial quarter"),
        ({"period": "FY1900-01"}, "period", "No period with code &#x27;FY1900-01&#x27;"),
        ({"indicator": ""}, "indicator", "This field is required."),
        ({"comparator": ""}, "comparator", "This field is required."),
    ],
)
def test_entry_errors_are_shown_and_nothing_is_saved(
    client, performance_lead, held, changes, field, message
):
    before = snapshot()
    client.force_login(performance_lead)
    response = client.post(NEW, entry(**{"value": "75", **changes}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Enter a benchmark" in html
    summary = html[html.index("govuk-error-summary") : html.index("<h1")]
    assert message in summary and f'href="#id_{field}' in summary
    assert f'id="id_{field}_error"' in html or f'id="id_{field}_0_error"' in html
    assert snapshot() == before


def test_import_preview_then_confirm(client, performance_lead):
    client.force_login(performance_lead)
    assert client.get(IMPORT).status_code == 200
    preview = client.post(IMPORT, upload())
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'id="benchmark-preview"' in html and html.count("govuk-tag--green") == 2
    assert "Save 2 benchmarks" in html and not Benchmark.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    saved = client.post(IMPORT, {"token": token})
    assert saved.status_code == 302 and saved["Location"] == LIST
    assert snapshot() == [
        ("LAC-WITHIN-20-MILES", "FY2018-19", "england", D("74"), 2),
        ("LAC-WITHIN-20-MILES", "FY2018-19", "stat_neighbours", D("80.5"), None),
    ]
    assert "2 benchmarks imported." in client.get(LIST).content.decode()
    again = client.post(IMPORT, {"token": token})  # a preview is used once
    assert again.status_code == 400 and "That preview has expired" in again.content.decode()
    assert Benchmark.objects.count() == 2


def test_import_with_a_bad_row_lists_problems_and_offers_no_save(client, performance_lead, held):
    before = snapshot()
    client.force_login(performance_lead)
    body = GOOD + "NOPE,FY2018-19,england,1,,\nLAC-WITHIN-20-MILES,FY2018-19,gm,x,3,\n"
    response = client.post(IMPORT, upload(body))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Import benchmarks" in html
    assert "2 rows of b.csv have problems: nothing was saved" in html
    assert "Row 4: No indicator with code &#x27;NOPE&#x27;." in html
    assert re.search(r"Row 5: .*must be a number", html) and 'href="#row-5"' in html
    assert 'name="token"' not in html
    assert snapshot() == before


def test_import_confirm_checks_again(client, performance_lead):
    client.force_login(performance_lead)
    html = client.post(IMPORT, upload()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    Period.objects.filter(code="FY2018-19").update(kind="fin_quarter")  # the calendar changed
    response = client.post(IMPORT, {"token": token})
    assert (
        response.status_code == 400
        and "have problems: nothing was saved" in response.content.decode()
    )
    assert not Benchmark.objects.exists()


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("b.txt", GOOD, "Upload a .csv or .xlsx file."),
        ("b.csv", "indicator,value\nX,1\n", "The first row must be the headings"),
    ],
)
def test_import_of_an_unreadable_file(client, performance_lead, name, body, message):
    client.force_login(performance_lead)
    response = client.post(IMPORT, upload(body, name))
    assert response.status_code == 400 and message in response.content.decode()
    assert 'name="token"' not in response.content.decode()
    missing = client.post(IMPORT, {})
    assert (
        missing.status_code == 400
        and "Select a CSV or Excel (.xlsx) file to upload" in missing.content.decode()
    )
    assert not Benchmark.objects.exists()


def test_template_csv(client, performance_lead):
    client.force_login(performance_lead)
    response = client.get(TEMPLATE)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == ",".join(benchmarks.COLUMNS)


def test_the_indicator_page_shows_benchmarks(client, board_member, held):
    client.force_login(board_member)
    html = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    table = html[html.index('id="benchmark-table"') :]
    table = table[: table.index("</table>")]
    assert "England" in table and "Second quartile" in table and "74%" in table
    assert "Greater Manchester" in table and "79%" in table
    assert "ADOPTION" not in table
    assert "England (benchmark)" in html
