"""Recommendations Monitor filters: an invalid value narrows nothing silently. The page keeps
every valid filter and says which was ignored and why; the CSV and .docx exports apply exactly
the same filters and say which applied; the API answers 400 naming the bad filter."""

import csv
import io
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from scrutiny import rules

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 20)

# The seed: 11 Monitor rows (2017: 1, 2018: 4, 2019: 6); 7 open, 4 closed.
OPEN_2019 = 5


@pytest.fixture(autouse=True)
def frozen():
    with mock.patch.object(
        timezone, "now", return_value=datetime(2026, 11, 20, 9, 0, tzinfo=LONDON)
    ):
        yield TODAY


def _page(client, query: str):
    response = client.get(reverse("scrutiny:monitor") + "?" + query)
    assert response.status_code == 200
    return response


def _seed_rows(response) -> list[str]:
    return [r.item.ref for r in response.context["recommendations"]]


def _monitor_csv(response):
    """(preamble lines, table rows) of the Monitor CSV."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    blank = rows.index([])
    return [r[0] for r in rows[:blank]], rows[blank + 1 :]


def test_seed_counts_hold():
    from scrutiny.models import Recommendation

    opened = Recommendation.objects.filter(status__in=rules.OPEN_RECOMMENDATION_STATUSES)
    assert opened.filter(date__year=2019).count() == OPEN_2019


@pytest.mark.parametrize(
    ("query", "label", "count"),
    [
        # The bad year narrows nothing; "open" still applies (7 open rows).
        ("state=open&year=abc", "Year", 7),
        ("state=open&year=1999", "Year", 7),
        # The bad filter narrows nothing; "open" and 2019 still apply.
        ("state=open&year=2019&status=bogus", "Status", OPEN_2019),
        ("state=open&year=2019&meeting=abc", "Meeting", OPEN_2019),
        ("state=open&year=2019&officer=Nobody+Known", "Contact officer", OPEN_2019),
        ("state=open&year=2019&overdue=maybe", "Overdue only", OPEN_2019),
    ],
)
def test_an_invalid_filter_is_ignored_and_the_others_kept(
    client, board_member, query, label, count
):
    client.force_login(board_member)
    response = _page(client, query)
    html = response.content.decode()
    assert len(_seed_rows(response)) == count
    assert 'id="ignored-filters"' in html and "govuk-error-summary" in html
    assert f"{label} filter ignored:" in html
    assert "<title>Error:" in html
    applied = html[html.index('id="filters-applied"') :].split("</div>")[0]
    assert "Open or closed: Open" in applied


def test_the_page_says_why(client, board_member):
    client.force_login(board_member)
    html = _page(client, "state=open&year=abc&status=bogus").content.decode()
    assert "2 filters were ignored" in html
    assert "Year filter ignored: “abc” is not a year with recommendations" in html
    assert "Status filter ignored: “bogus” is not a recommendation status" in html
    assert "The other filters are applied." in html
    # The valid filter stays chosen in the form.
    assert '<option value="open" selected>' in html


def test_a_valid_status_filter_applies(client, board_member):
    client.force_login(board_member)
    response = _page(client, f"status={rules.IN_PROGRESS}")
    from scrutiny.models import Recommendation

    expected = Recommendation.objects.filter(status=rules.IN_PROGRESS).count()
    assert len(_seed_rows(response)) == expected > 0
    assert "ignored-filters" not in response.content.decode()


def test_exports_use_exactly_the_page_filters_and_say_so(client, board_member):
    client.force_login(board_member)
    query = "state=open&year=abc&overdue=maybe"
    page_refs = _seed_rows(_page(client, query))
    assert len(page_refs) == 7

    preamble, rows = _monitor_csv(client.get(reverse("scrutiny:monitor_csv") + "?" + query))
    assert rows[0][:2] == ["Date", "Item"]
    assert [r[1].split(" ")[0] for r in rows[1:]] == page_refs
    assert preamble[0] == "Recommendations Monitor, as at 20 November 2026"
    assert preamble[1] == "Filters applied: Open or closed: Open"
    assert preamble[2].startswith("Filters ignored: ")
    assert "Year filter ignored: “abc” is not a year with recommendations" in preamble[2]
    assert "Overdue only filter ignored: “maybe”" in preamble[2]

    document = docx.Document(
        io.BytesIO(client.get(reverse("scrutiny:overview_docx") + "?" + query).content)
    )
    monitor = document.tables[0]
    assert [r.cells[1].text.split(" ")[0] for r in monitor.rows[1:]] == page_refs
    texts = [p.text for p in document.paragraphs]
    assert "Filters applied: Open or closed: Open" in texts
    assert any(
        t.startswith("Filters ignored: ") and "Year filter ignored: “abc”" in t for t in texts
    )

    printable = client.get(reverse("scrutiny:monitor_print") + "?" + query)
    assert [r.item.ref for r in printable.context["recommendations"]] == page_refs
    assert "Filters applied: Open or closed: Open" in printable.content.decode()


def test_exports_without_filters_say_none(client, board_member):
    client.force_login(board_member)
    preamble, rows = _monitor_csv(client.get(reverse("scrutiny:monitor_csv")))
    assert preamble[1] == "Filters applied: none (every recommendation)"
    assert len(rows) == 12


def test_an_officer_value_with_a_formula_is_not_run_by_spreadsheets(client, board_member):
    client.force_login(board_member)
    preamble, _ = _monitor_csv(client.get(reverse("scrutiny:monitor_csv") + "?officer==cmd"))
    assert all(not line.startswith(("=", "+", "-", "@")) for line in preamble)
    assert "“=cmd” is not a contact officer on the Monitor" in preamble[2]


@pytest.mark.parametrize(
    ("url", "query", "name"),
    [
        ("/api/recommendations/", "year=abc", "year"),
        ("/api/recommendations/", "year=2019.5", "year"),
        ("/api/recommendations/", "status=bogus", "status"),
        ("/api/recommendations/", "meeting=abc", "meeting"),
        ("/api/recommendations/", "overdue=maybe", "overdue"),
        ("/api/recommendations/", "open=xyz", "open"),
        ("/api/actions/", "overdue=maybe", "overdue"),
    ],
)
def test_api_answers_400_naming_the_bad_filter(client_for, board_member, url, query, name):
    response = client_for(board_member).get(f"{url}?open=true&{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == [name]


def test_api_strict_booleans_still_read_true_and_false(client_for, board_member, item):
    RecommendationFactory(item=item, due_date=date(2026, 1, 1), text="REC overdue")
    api = client_for(board_member)
    overdue = api.get("/api/recommendations/?overdue=true").json()
    assert [r["text"] for r in overdue["results"]] == ["REC overdue"]
    not_overdue = api.get("/api/recommendations/?overdue=false").json()
    assert "REC overdue" not in [r["text"] for r in not_overdue["results"]]
    assert api.get("/api/recommendations/?open=1").json()["count"] == 8
