"""Issue 14 item 5, "the rest of the documents": the LGA CSE peer challenge as an action plan,
the inspection register (page, API), the Young Carers and Family Poverty strategies' status and
the Monitor's date notes. Every record is pinned to the seed it comes from."""

from pathlib import Path

import pytest
from django.urls import reverse

from scrutiny.models import ActionPlan, Inspection, Recommendation
from strategies.models import Strategy

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"  # verbatim copies
S000 = "000_6508568dd38076ef.txt"
S002 = "002_e1162a03455c2d1b.txt"
S004 = "004_661c1d64eb933c90.txt"
ROLE_FIXTURES = ["board_member", "officer", "performance_lead", "scrutiny_officer"]

# The words of the seeds each record rests on (checked against copies of the seeds in
# tests/data/seeds/, and against the records).
QUOTES = {
    S000: ["Family Poverty Strategy (in development)"],
    S002: ["We have a post- Ofsted plan with clear recommendations"],
    S004: [
        "Children's Services Peer Challenge: Child Sexual Exploitation",
        "14th – 17th May 2019",
        "identify a subset of key indicators that are tracked regularly over time and be clear "
        "about the inter-relationships between those indicators",
        "- Who will do what, by when?",
        "An immediate action should be to complete a case summary on all case files as well as "
        "an impact chronology.",
        "there is no specific training and development programme for CSE",
        "Evaluation of the impact of this post should be considered so that sustainable funding "
        "can be identified before the funding ends in March 2020.",
        "terms of reference for the Transition Group need to be agreed",
        "we have received a focus visit from Ofsted which recognised further improvements from "
        "the last full inspection",
        "Manchester is due a SEND inspection",
        "HMIP Inspection of Manchester's Youth Justice Service undertaken in November 2018",
        "HMIP rated the Service as 'Requires Improvement'",
        "HMIP Inspection Report published in February 2019",
        "CYP/19/21 Update on the Young Carers Strategy 2017 - 2019",
        "the strategy was being refreshed to address this",
        "Minutes of the meeting held on 19 June 2019",
        "18 July 2019\tCYP/19/22",
        "18 July 2019\tCYP/19/23",
    ],
}


def test_every_quote_is_in_its_seed():
    for name, quotes in QUOTES.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        for quote in quotes:
            assert quote in text, (name, quote)


# --- (a) the LGA peer challenge ------------------------------------------------------------


def test_lga_peer_challenge_is_an_action_plan_with_its_asks():
    plan = ActionPlan.objects.get(code="LGA-CSE-2019")
    assert plan.kind == ActionPlan.Kind.LGA_PEER_CHALLENGE
    assert plan.title == "Children's Services Peer Challenge: Child Sexual Exploitation"
    assert plan.inspected == "14th – 17th May 2019" and plan.rating == ""
    assert plan.source == S004
    assert plan.meeting.date.isoformat() == "2019-07-17" and plan.agenda_item.number == 9
    asks = {r.number: r for r in plan.recommendations.all()}
    assert sorted(asks) == [1, 2, 3, 4, 5, 6, 7]
    text = {n: r.text for n, r in asks.items()}
    assert "all children who are assessed as being or at risk of sexual exploitation" in text[1]
    assert "subset of key indicators that are tracked regularly over time" in text[2]
    assert '"Who will do what, by when?"' in text[3]
    assert "case summary on all case files as well as an impact chronology" in text[4]
    assert "no specific training and development programme for CSE" in text[5]
    assert "Clinical Psychologist" in text[6] and "March 2020" in text[6]
    assert "terms of reference for the Transition Group need to be agreed" in text[7]
    # the report names no lead, date or status: nothing is invented
    assert not any(r.actions.exists() for r in asks.values())


def test_lga_plan_page_renders_without_actions(client, board_member):
    client.force_login(board_member)
    html = client.get(reverse("scrutiny:action_plan_detail", args=["LGA-CSE-2019"])).content
    html = html.decode()
    assert "Peer challenge" in html and "14th – 17th May 2019" in html
    assert html.count("No actions recorded yet") == 7


# --- (b) the inspection register ------------------------------------------------------------


def test_inspection_register_rows_follow_the_seeds():
    rows = {i.code: i for i in Inspection.objects.all()}
    assert list(rows) == [
        "OFSTED-FULL-INSPECTION",
        "OFSTED-FOCUS-VISIT",
        "HMIP-YJ-2018",
        "SEND-EXPECTED",
    ]
    hmip = rows["HMIP-YJ-2018"]
    assert (hmip.date_text, hmip.judgement, hmip.published) == (
        "November 2018",
        "Requires Improvement",
        "February 2019",
    )
    assert hmip.kind == "Full Joint Inspection" and hmip.source == S004
    assert [p.code for p in hmip.action_plans.all()] == ["HMIP-YJ-2019"]
    # the seeds date neither Ofsted visit, nor grade them: nothing is invented
    for code in ("OFSTED-FULL-INSPECTION", "OFSTED-FOCUS-VISIT"):
        assert rows[code].date_text == "" and rows[code].judgement == "", code
        assert rows[code].status == "completed" and "DOMAIN.md" in rows[code].note, code
    assert rows["OFSTED-FULL-INSPECTION"].source == S002
    assert rows["OFSTED-FOCUS-VISIT"].source == S004
    send = rows["SEND-EXPECTED"]
    assert send.status == "expected" and send.date_text == "" and send.judgement == ""
    assert "Manchester is due a SEND inspection" in send.summary


@pytest.mark.parametrize("role_user", ROLE_FIXTURES)
def test_every_role_reads_the_inspection_register(request, client, role_user):
    client.force_login(request.getfixturevalue(role_user))
    response = client.get(reverse("scrutiny:inspections"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and "4 inspections" in html
    assert "Requires Improvement" in html and "Expected" in html
    assert reverse("scrutiny:action_plan_detail", args=["HMIP-YJ-2019"]) in html
    home = client.get(reverse("scrutiny:home")).content.decode()
    assert reverse("scrutiny:inspections") in home


def test_inspection_register_is_refused_to_others(client, django_user_model):
    url = reverse("scrutiny:inspections")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("t.norole2", password="x"))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role_user", ROLE_FIXTURES)
def test_inspection_api_is_read_only(request, client_for, role_user):
    api = client_for(request.getfixturevalue(role_user))
    body = api.get("/api/inspections/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["code"] for r in rows][:4] == [
        "OFSTED-FULL-INSPECTION",
        "OFSTED-FOCUS-VISIT",
        "HMIP-YJ-2018",
        "SEND-EXPECTED",
    ]
    hmip = api.get("/api/inspections/HMIP-YJ-2018/").json()
    assert hmip["judgement"] == "Requires Improvement" and hmip["date"] == "November 2018"
    assert hmip["type"] == "Full Joint Inspection" and hmip["action_plans"] == ["HMIP-YJ-2019"]
    expected = api.get("/api/inspections/?status=expected").json()
    expected = expected["results"] if isinstance(expected, dict) else expected
    assert [r["code"] for r in expected] == ["SEND-EXPECTED"]
    assert api.post("/api/inspections/", {"code": "x"}, format="json").status_code in (403, 405)
    assert api.delete("/api/inspections/HMIP-YJ-2018/").status_code in (403, 405)
    assert api.get("/api/inspections/NOPE/").status_code == 404


def test_inspection_api_refuses_anonymous_and_no_role(client_for, django_user_model):
    assert client_for(None).get("/api/inspections/").status_code in (401, 403)
    no_role = django_user_model.objects.create_user("t.norole3", password="x")
    assert client_for(no_role).get("/api/inspections/").status_code == 403


# --- (c) strategies ------------------------------------------------------------------------


def test_young_carers_and_family_poverty_strategies_have_their_status(client, board_member):
    carers = Strategy.objects.get(code="YOUNG-CARERS")
    assert carers.name == "Young Carers Strategy 2017-2019" and carers.source == S004
    assert carers.status == Strategy.Status.BEING_REFRESHED
    assert "the strategy was being refreshed to address this" in carers.status_note
    poverty = Strategy.objects.get(code="FAMILY-POVERTY")
    assert poverty.status == Strategy.Status.IN_DEVELOPMENT and poverty.source == S000
    assert "(in development)" in poverty.status_note
    assert Strategy.objects.filter(status="").count() == Strategy.objects.count() - 2
    client.force_login(board_member)
    html = client.get("/strategies/FAMILY-POVERTY/").content.decode()
    assert "In development" in html
    listing = client.get("/strategies/").content.decode()
    assert "Young Carers Strategy 2017-2019" in listing and "Being refreshed" in listing


# --- (e) the Monitor's date notes ----------------------------------------------------------


def test_monitor_rows_dated_18_july_carry_a_visible_note(client, board_member):
    noted = Recommendation.objects.exclude(date_note="").order_by("seed_key")
    assert [r.seed_key for r in noted] == ["004-monitor-09", "004-monitor-10", "004-monitor-11"]
    for rec in noted:
        assert rec.date.isoformat() == "2019-07-18"  # kept as printed
        assert rec.item.meeting.date.isoformat() == "2019-06-19"  # where the minutes put it
        assert "19 June 2019" in rec.date_note and "18 July 2019" in rec.date_note
    assert not Recommendation.objects.exclude(date__year=2019, date__month=7).exclude(date_note="")
    client.force_login(board_member)
    monitor = client.get(reverse("scrutiny:monitor")).content.decode()
    assert monitor.count("<strong>Date note:</strong>") == 3
    page = client.get(reverse("scrutiny:recommendation_detail", args=[noted[0].pk]))
    assert "<strong>Date note:</strong>" in page.content.decode()
    api = client.get(f"/api/recommendations/{noted[0].pk}/").json()
    assert "19 June 2019" in api["date_note"]
