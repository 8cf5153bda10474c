"""Benchmarks API: every role reads, only performance leads write or import; refusals change
nothing; the same validation as the pages; filters; the schema."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from indicators.benchmarks import services as benchmarks
from indicators.models import Benchmark, Indicator, Period

pytestmark = pytest.mark.django_db

URL = "/api/benchmarks/"
GOOD = (
    "indicator,period,comparator,value,quartile,source\n"
    "LAC-WITHIN-20-MILES,FY2018-19,england,74,2,LAIT\n"
    "LAC-WITHIN-20-MILES,FY2018-19,Statistical neighbours,80.5,,LAIT\n"
)
ROLES = [
    (roles.BOARD_MEMBER, False),
    (roles.OFFICER, False),
    (roles.SCRUTINY_OFFICER, False),
    (roles.PERFORMANCE_LEAD, True),
]


def results(response):
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


@pytest.fixture
def held(performance_lead):
    """Three benchmarks: two comparators for LAC-WITHIN-20-MILES 2018/19, one for ADOPTION."""
    lac = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    year = Period.objects.get(code="FY2018-19")
    return [
        benchmarks.benchmark_set(
            user=performance_lead,
            indicator=lac,
            period=year,
            comparator="england",
            value="74",
            quartile=2,
            source="LAIT",
        ),
        benchmarks.benchmark_set(
            user=performance_lead, indicator=lac, period=year, comparator="gm", value="79"
        ),
        benchmarks.benchmark_set(
            user=performance_lead,
            indicator=Indicator.objects.get(code="ADOPTION-A1-DAYS"),
            period=Period.objects.get(code="FY2017-18"),
            comparator="north_west",
            value="480",
        ),
    ]


def snapshot():
    return sorted(
        Benchmark.objects.values_list(
            "indicator__code", "period__code", "comparator", "value", "quartile", "source"
        )
    )


@pytest.mark.parametrize("role, can_write", ROLES)
def test_every_role_reads(users_by_role, client_for, held, role, can_write):
    api = client_for(users_by_role[role])
    listed = api.get(URL)
    assert listed.status_code == 200 and len(results(listed)) == 3
    one = api.get(f"{URL}{held[0].pk}/")
    assert one.status_code == 200
    assert one.json() | {"updated_at": None} == {
        "id": held[0].pk,
        "indicator": "LAC-WITHIN-20-MILES",
        "period": "FY2018-19",
        "comparator": "england",
        "value": "74",
        "quartile": 2,
        "quartile_label": "Second quartile",
        "source": "LAIT",
        "updated_at": None,
    }


@pytest.mark.parametrize("role, can_write", ROLES)
def test_create_by_role(users_by_role, client_for, held, role, can_write):
    before = snapshot()
    made = client_for(users_by_role[role]).post(
        URL,
        {
            "indicator": "LAC-WITHIN-20-MILES",
            "period": "FY2018-19",
            "comparator": "North West",
            "value": "70.25",
            "source": "LAIT",
        },
        format="json",
    )
    assert made.status_code == (201 if can_write else 403)
    if can_write:
        row = Benchmark.objects.get(comparator="north_west", indicator__code="LAC-WITHIN-20-MILES")
        assert made.json()["id"] == row.pk and made.json()["value"] == "70.25"
        assert row.value == D("70.25") and row.created_by == users_by_role[role]
    else:
        assert snapshot() == before


@pytest.mark.parametrize("role, can_write", ROLES)
def test_update_by_role(users_by_role, client_for, held, role, can_write):
    api = client_for(users_by_role[role])
    before = snapshot()
    put = api.put(
        f"{URL}{held[0].pk}/",
        {
            "indicator": "LAC-WITHIN-20-MILES",
            "period": "FY2018-19",
            "comparator": "england",
            "value": "75",
            "quartile": 1,
            "source": "LAIT 2020",
        },
        format="json",
    )
    patch = api.patch(f"{URL}{held[1].pk}/", {"value": "78.5"}, format="json")
    assert (put.status_code, patch.status_code) == ((200, 200) if can_write else (403, 403))
    if can_write:
        held[0].refresh_from_db()
        held[1].refresh_from_db()
        assert (held[0].value, held[0].quartile, held[0].source) == (D("75"), 1, "LAIT 2020")
        assert held[1].value == D("78.5") and held[1].comparator == "gm"
        assert put.json()["id"] == held[0].pk and patch.json()["value"] == "78.5"
    else:
        assert snapshot() == before


@pytest.mark.parametrize("role, can_write", ROLES)
def test_delete_by_role(users_by_role, client_for, held, role, can_write):
    response = client_for(users_by_role[role]).delete(f"{URL}{held[2].pk}/")
    assert response.status_code == (204 if can_write else 403)
    assert Benchmark.objects.filter(pk=held[2].pk).exists() is not can_write
    assert Benchmark.objects.count() == (2 if can_write else 3)


@pytest.mark.parametrize("role, can_write", ROLES)
def test_import_by_role(users_by_role, client_for, role, can_write):
    api = client_for(users_by_role[role])
    checked = api.post(
        f"{URL}import/?dry_run=1",
        {"file": SimpleUploadedFile("b.csv", GOOD.encode())},
        format="multipart",
    )
    assert checked.status_code == (200 if can_write else 403)
    assert not Benchmark.objects.exists()
    saved = api.post(
        f"{URL}import/", {"file": SimpleUploadedFile("b.csv", GOOD.encode())}, format="multipart"
    )
    assert saved.status_code == (200 if can_write else 403)
    assert Benchmark.objects.count() == (2 if can_write else 0)
    if can_write:
        assert checked.json() == {
            "dry_run": True,
            "saved": 0,
            "rows": [
                {
                    "row": 2,
                    "cells": ["LAC-WITHIN-20-MILES", "FY2018-19", "england", "74", "2", "LAIT"],
                    "errors": [],
                },
                {
                    "row": 3,
                    "cells": [
                        "LAC-WITHIN-20-MILES",
                        "FY2018-19",
                        "Statistical neighbours",
                        "80.5",
                        "",
                        "LAIT",
                    ],
                    "errors": [],
                },
            ],
        }
        assert saved.json()["saved"] == 2 and saved.json()["dry_run"] is False


def test_anonymous_is_refused_everything(client_for, held):
    api = client_for(None)
    before = snapshot()
    assert api.get(URL).status_code in (401, 403)
    assert api.get(f"{URL}{held[0].pk}/").status_code in (401, 403)
    made = api.post(
        URL,
        {
            "indicator": "LAC-WITHIN-20-MILES",
            "period": "FY2018-19",
            "comparator": "gm",
            "value": "1",
        },
        format="json",
    )
    assert made.status_code in (401, 403)
    assert api.patch(f"{URL}{held[0].pk}/", {"value": "1"}, format="json").status_code in (401, 403)
    assert api.delete(f"{URL}{held[0].pk}/").status_code in (401, 403)
    assert api.post(
        f"{URL}import/", {"file": SimpleUploadedFile("b.csv", GOOD.encode())}, format="multipart"
    ).status_code in (401, 403)
    assert snapshot() == before


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "indicator=LAC-WITHIN-20-MILES",
            {
                ("LAC-WITHIN-20-MILES", "FY2018-19", "england"),
                ("LAC-WITHIN-20-MILES", "FY2018-19", "gm"),
            },
        ),
        ("indicator=ADOPTION-A1-DAYS", {("ADOPTION-A1-DAYS", "FY2017-18", "north_west")}),
        ("period=FY2017-18", {("ADOPTION-A1-DAYS", "FY2017-18", "north_west")}),
        ("comparator=gm", {("LAC-WITHIN-20-MILES", "FY2018-19", "gm")}),
        (
            "indicator=LAC-WITHIN-20-MILES&comparator=england",
            {("LAC-WITHIN-20-MILES", "FY2018-19", "england")},
        ),
        ("indicator=CP-PLANS", set()),
    ],
)
def test_filters(client_for, board_member, held, query, expected):
    response = client_for(board_member).get(f"{URL}?{query}")
    assert response.status_code == 200
    assert {(r["indicator"], r["period"], r["comparator"]) for r in results(response)} == expected


def test_an_unknown_comparator_filter_is_a_400(client_for, board_member, held):
    assert client_for(board_member).get(f"{URL}?comparator=wales").status_code == 400


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"value": "x"}, "value", "The value must be a number, like 91.5, not 'x'."),
        ({"value": "101"}, "value", "is a percentage: 0 to 100."),
        ({"comparator": "wales"}, "comparator", "Unknown comparator 'wales'"),
        ({"comparator": "gm", "quartile": 1}, "quartile", "England row only"),
        ({"quartile": 5}, "quartile", ""),
        ({"period": "FY2018-19-Q2"}, "period", "not by financial quarter"),
        ({"period": "FY1999-00"}, "period", ""),
        ({"indicator": "NOPE"}, "indicator", ""),
    ],
)
def test_create_validation_is_the_services(client_for, performance_lead, body, field, message):
    data = {
        "indicator": "LAC-WITHIN-20-MILES",
        "period": "FY2018-19",
        "comparator": "england",
        "value": "74",
        **body,
    }
    response = client_for(performance_lead).post(URL, data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json() and message in " ".join(response.json()[field])
    assert not Benchmark.objects.exists()


def test_update_cannot_move_a_benchmark(client_for, performance_lead, held):
    before = snapshot()
    api = client_for(performance_lead)
    for change in ({"comparator": "north_west"}, {"period": "FY2017-18"}, {"indicator": "CL-EET"}):
        response = api.patch(f"{URL}{held[0].pk}/", change, format="json")
        assert response.status_code == 400
        assert "cannot change" in str(response.json())
    bad = api.patch(f"{URL}{held[1].pk}/", {"quartile": 2}, format="json")
    assert bad.status_code == 400 and "England row only" in str(bad.json())
    assert snapshot() == before
    same = api.patch(f"{URL}{held[0].pk}/", {"comparator": "England", "value": "73"}, format="json")
    assert same.status_code == 200 and same.json()["quartile"] == 2


def test_import_refuses_a_bad_file_whole(client_for, performance_lead, held):
    before = snapshot()
    body = GOOD + "LAC-WITHIN-20-MILES,FY2018-19,north_west,abc,,\n"
    response = client_for(performance_lead).post(
        f"{URL}import/", {"file": SimpleUploadedFile("b.csv", body.encode())}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["saved"] == 0
    rows = response.json()["rows"]
    assert [r["row"] for r in rows] == [2, 3, 4] and rows[2]["errors"] == [
        "The value must be a number, like 91.5, not 'abc'."
    ]
    assert snapshot() == before


def test_import_dry_run_as_a_form_field_and_unreadable_files(client_for, performance_lead):
    api = client_for(performance_lead)
    checked = api.post(
        f"{URL}import/",
        {"file": SimpleUploadedFile("b.csv", GOOD.encode()), "dry_run": "true"},
        format="multipart",
    )
    assert checked.status_code == 200 and checked.json()["dry_run"] is True
    assert not Benchmark.objects.exists()
    wrong = api.post(
        f"{URL}import/", {"file": SimpleUploadedFile("b.txt", b"x")}, format="multipart"
    )
    assert wrong.status_code == 400 and wrong.json() == {"file": "Upload a .csv or .xlsx file."}
    missing = api.post(f"{URL}import/", {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()


def test_the_schema_lists_benchmarks_without_warnings(client_for, board_member, capsys):
    from drf_spectacular.generators import SchemaGenerator

    capsys.readouterr()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    warnings = capsys.readouterr().err
    assert "enchmark" not in warnings, warnings
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/benchmarks/"])
    assert {"get", "put", "patch", "delete"} <= set(paths["/api/benchmarks/{id}/"])
    upload = paths["/api/benchmarks/import/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {p["name"] for p in upload["parameters"]} >= {"dry_run"}
    listing = {p["name"] for p in paths["/api/benchmarks/"]["get"]["parameters"]}
    assert {"indicator", "period", "comparator"} <= listing
