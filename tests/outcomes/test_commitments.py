"""Seed 002's dated commitments as Board actions with no session: dates computed from the
report's date (19 June 2018), pinned to the report's words."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from outcomes.commitments import add_months, commitments_load
from outcomes.models import BoardAction

S002 = "002_e1162a03455c2d1b.txt"
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"  # verbatim copies

pytestmark = pytest.mark.django_db

EXPECTED = {
    # key: (due date, indicators, words of 002)
    "002-care-leavers-service": (
        date(2018, 12, 19),
        ["CL-PATHWAY-PLAN", "CL-SUITABLE-ACCOMMODATION"],
        "During the next 6 months I will have led the introduction of the new care leavers service",
    ),
    "002-foster-carer-plan": (
        date(2019, 6, 19),
        ["LAC-WITHIN-20-MILES", "LAC-WITHIN-MANCHESTER"],
        "Over the next 12 months I will focus on foster care recruitment and retention and "
        "bring forward a revised plan for attracting and keeping foster carers",
    ),
    "002-early-intervention-review": (
        date(2019, 6, 19),
        ["EARLY-HELP-ASSESSMENTS"],
        "within the next 12 months I will review our early intervention strategies and our "
        "triage procedures",
    ),
}


def test_the_report_is_dated_19_june_2018_and_makes_these_commitments():
    text = (SEEDS / S002).read_text(encoding="utf-8")
    assert "Report to: Children and Young People Scrutiny Committee – 19 June 2018" in text
    for _due, _codes, quote in EXPECTED.values():
        assert quote in text


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2018, 6, 19), 6) == date(2018, 12, 19)
    assert add_months(date(2018, 6, 19), 12) == date(2019, 6, 19)
    assert add_months(date(2019, 8, 31), 6) == date(2020, 2, 29)


def test_commitments_load_as_sessionless_board_actions(capsys):
    assert not BoardAction.objects.exists()
    call_command("load_commitments")
    actions = {a.seed_key: a for a in BoardAction.objects.all()}
    assert set(actions) == set(EXPECTED)
    for key, (due, codes, _quote) in EXPECTED.items():
        action = actions[key]
        assert action.session is None and action.source == S002, key
        assert action.due_date == due and action.impact_by == due, key
        assert action.owner.startswith("Executive Member for Children's Services"), key
        assert sorted(action.indicators.values_list("code", flat=True)) == codes, key
    care = actions["002-care-leavers-service"]
    assert care.status == "done" and care.updates.get().date == date(2019, 7, 17)
    assert "Seed 004" in care.updates.get().text
    assert actions["002-foster-carer-plan"].status == "not_started"
    assert not actions["002-foster-carer-plan"].updates.exists()
    capsys.readouterr()
    call_command("load_commitments")
    assert "nothing changed" in capsys.readouterr().out
    assert BoardAction.objects.count() == 3


@pytest.mark.parametrize(
    "role_user", ["board_member", "officer", "performance_lead", "scrutiny_officer"]
)
def test_board_pages_show_the_commitments(request, client, role_user):
    commitments_load()
    client.force_login(request.getfixturevalue(role_user))
    html = client.get("/board/sessions/").content.decode()
    assert "Commitments from documents" in html
    assert "Bring forward a revised plan for attracting and keeping foster carers" in html
    assert "19 June 2019" in html and "19 December 2018" in html
    assert "Executive Member report to the Children and Young People Scrutiny Committee" in html
    page = client.get("/indicators/LAC-WITHIN-MANCHESTER/")
    assert page.status_code == 200
    assert "Bring forward a revised plan" in page.content.decode()


def test_board_pages_are_refused_to_others(client, django_user_model):
    assert client.get("/board/sessions/").status_code == 302
    client.force_login(django_user_model.objects.create_user("t.norole4", password="x"))
    assert client.get("/board/sessions/").status_code == 403


def test_api_shows_a_commitment_and_refuses_a_sessionless_create(client_for, performance_lead):
    commitments_load()
    api = client_for(performance_lead)
    body = api.get("/api/board/actions/").json()
    rows = body["results"] if isinstance(body, dict) else body
    foster = next(r for r in rows if r["what"].startswith("Bring forward a revised plan"))
    assert foster["session"] is None and foster["source"] == S002
    assert foster["due_date"] == "2019-06-19"
    response = api.post(
        "/api/board/actions/",
        {
            "session": None,
            "owner": "x",
            "what": "y",
            "due_date": "2030-01-01",
            "expected_impact": "z",
            "impact_by": "2030-01-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "session" in response.json()
