"""The scrutiny API through the HTTP client, with real roles and permissions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import roles
from scrutiny import rules
from scrutiny.models import Action, ActionPlan, Recommendation

from .factories import ActionFactory, PlanRecommendationFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = {
    roles.BOARD_MEMBER: "board_member",
    roles.OFFICER: "officer",
    roles.PERFORMANCE_LEAD: "performance_lead",
    roles.SCRUTINY_OFFICER: "scrutiny_officer",
}


@pytest.fixture
def ctx(item, officer):
    """Objects the write payloads refer to; `officer` leads one action and owns one rec."""
    plan_rec = PlanRecommendationFactory()
    return {
        "item": item,
        "meeting": item.meeting,
        "plan_rec": plan_rec,
        "own_rec": RecommendationFactory(item=item, contact_officer=officer),
        "own_action": ActionFactory(recommendation=plan_rec, lead=officer),
        "officer": officer,
    }


def _payloads(ctx):
    """endpoint -> (list url, a detail url, a valid POST body, a valid PATCH body)."""
    item, meeting, plan_rec = ctx["item"], ctx["meeting"], ctx["plan_rec"]
    rec, action = ctx["own_rec"], ctx["own_action"]
    return {
        "committees": (
            "/api/committees/",
            f"/api/committees/{meeting.committee_id}/",
            {"code": "cyp-sub", "name": "Ofsted Subgroup"},
            {"remit": "Reviews services for young people."},
        ),
        "meetings": (
            "/api/meetings/",
            f"/api/meetings/{meeting.pk}/",
            {"date": "2032-01-05", "venue": "Council Antechamber"},
            {"venue": "Committee Room 6"},
        ),
        "items": (
            "/api/items/",
            f"/api/items/{item.pk}/",
            {
                "meeting": meeting.pk,
                "ref": "CYP/32/01",
                "title": "School Attendance",
                "decisions": [
                    {"text": "To note the report."},
                    {
                        "text": "To request figures by ward.",
                        "is_recommendation": True,
                        "contact_officer": ctx["officer"].pk,
                    },
                ],
            },
            {"report_of": "Director of Education"},
        ),
        "recommendations": (
            "/api/recommendations/",
            f"/api/recommendations/{rec.pk}/",
            {"item": item.pk, "text": "To request a briefing.", "due_date": "2032-02-01"},
            {"action": "Circulated by email.", "status": "completed"},
        ),
        "recommendation-updates": (
            "/api/recommendation-updates/",
            None,
            {"recommendation": rec.pk, "text": "Figures circulated.", "status": "completed"},
            None,
        ),
        "action-plans": (
            "/api/action-plans/",
            "/api/action-plans/HMIP-YJ-2019/",
            {"code": "OFSTED-2032", "title": "Ofsted ILACS action plan", "kind": "ofsted"},
            {"rating": "Requires Improvement"},
        ),
        "plan-recommendations": (
            "/api/plan-recommendations/",
            None,
            {"plan": plan_rec.plan.code, "number": 99, "text": "Improve supervision."},
            None,
        ),
        "actions": (
            "/api/actions/",
            f"/api/actions/{action.pk}/",
            {
                "recommendation": plan_rec.pk,
                "label": "z)",
                "text": "Audit supervision",
                "expected_text": "Monthly",
            },
            {"period": "2032-01", "text": "Audit done.", "status": "completed"},
        ),
        "action-updates": (
            "/api/action-updates/",
            None,
            {"action": action.pk, "period": "2032-01", "text": "Started.", "status": "ongoing"},
            None,
        ),
        "work-programme": (
            "/api/work-programme/",
            None,
            {
                "item": "Youth Justice",
                "meeting_date": "2032-01-05",
                "purpose": "To receive a report.",
            },
            {"comments": "See January minutes"},
        ),
        "key-decisions": (
            "/api/key-decisions/",
            None,
            {
                "ref": "2032/01/05A",
                "subject": "New school places",
                "decision_maker": "City Treasurer",
            },
            {"consultation": "Ward members"},
        ),
    }


ENDPOINTS = [
    "committees",
    "meetings",
    "items",
    "recommendations",
    "recommendation-updates",
    "action-plans",
    "plan-recommendations",
    "actions",
    "action-updates",
    "work-programme",
    "key-decisions",
]
# Officers may post updates on their own recommendations and actions; nothing else.
OFFICER_MAY_POST = {"recommendation-updates", "action-updates"}
OFFICER_MAY_PATCH_OWN = {"recommendations", "actions"}


def _detail(client, endpoint, list_url, detail_url):
    if detail_url:
        return detail_url
    first = client.get(list_url).json()["results"][0]
    return f"{list_url}{first['id']}/"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", list(ROLE_FIXTURES))
def test_permission_matrix(request, client_for, ctx, endpoint, role):
    """Every endpoint x every role x read / create / change / delete."""
    user = request.getfixturevalue(ROLE_FIXTURES[role])
    client = client_for(user)
    list_url, detail_url, post_body, patch_body = _payloads(ctx)[endpoint]

    assert client.get(list_url).status_code == 200
    detail_url = _detail(client, endpoint, list_url, detail_url)
    assert client.get(detail_url).status_code == 200

    may_post = role == roles.SCRUTINY_OFFICER or (
        role == roles.OFFICER and endpoint in OFFICER_MAY_POST
    )
    response = client.post(list_url, post_body, format="json")
    assert response.status_code == (201 if may_post else 403), response.content

    if patch_body is not None:
        may_patch = role == roles.SCRUTINY_OFFICER or (
            role == roles.OFFICER and endpoint in OFFICER_MAY_PATCH_OWN
        )
        response = client.patch(detail_url, patch_body, format="json")
        assert response.status_code == (200 if may_patch else 403), response.content
    else:
        assert client.patch(detail_url, {}, format="json").status_code in (403, 405)

    assert client.delete(detail_url).status_code in (403, 405)
    assert client.put(detail_url, post_body, format="json").status_code in (403, 405)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_gets_nothing(api_client, endpoint):
    assert api_client.get(f"/api/{endpoint}/").status_code in (401, 403)


def test_scrutiny_officer_cannot_delete_records(client_for, scrutiny_officer, ctx):
    client = client_for(scrutiny_officer)
    assert client.delete(f"/api/recommendations/{ctx['own_rec'].pk}/").status_code == 405
    assert Recommendation.objects.filter(pk=ctx["own_rec"].pk).exists()


def test_officer_patches_only_own_recommendation(client_for, officer, ctx, others_recommendation):
    client = client_for(officer)
    denied = client.patch(
        f"/api/recommendations/{others_recommendation.pk}/",
        {"action": "Done", "status": "completed"},
        format="json",
    )
    assert denied.status_code == 403
    own = ctx["own_rec"]
    response = client.patch(
        f"/api/recommendations/{own.pk}/",
        {"action": "Circulated by email.", "status": "completed", "note": "Monday"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert own.updates.get().created_by == officer


def test_officer_may_not_change_other_fields_of_own_recommendation(client_for, officer, ctx):
    response = client_for(officer).patch(
        f"/api/recommendations/{ctx['own_rec'].pk}/",
        {"action": "Done", "status": "completed", "due_date": "2040-01-01"},
        format="json",
    )
    assert response.status_code == 403
    assert ctx["own_rec"].updates.count() == 0


def test_officer_posts_updates_only_on_own(client_for, officer, ctx, others_recommendation):
    client = client_for(officer)
    denied = client.post(
        "/api/recommendation-updates/",
        {"recommendation": others_recommendation.pk, "text": "x", "status": "completed"},
        format="json",
    )
    assert denied.status_code == 403
    other_action = ActionFactory()
    denied = client.post(
        "/api/action-updates/",
        {"action": other_action.pk, "period": "2032-01", "text": "x", "status": "ongoing"},
        format="json",
    )
    assert denied.status_code == 403
    assert (
        client.patch(
            f"/api/actions/{other_action.pk}/",
            {"period": "2032-01", "text": "x", "status": "ongoing"},
            format="json",
        ).status_code
        == 403
    )


def test_recommendations_list_the_eleven_seed_rows(client_for, board_member):
    data = client_for(board_member).get("/api/recommendations/?limit=100").json()
    seed = [r for r in data["results"] if r["source"] == "004_661c1d64eb933c90.txt"]
    assert len(seed) == 11
    first = seed[0]
    assert (first["ref"], first["date"], first["contact_officer_name"]) == (
        "CYP/17/40",
        "2017-09-05",
        "Michelle Devine",
    )
    assert first["contact_officer_post"] == "Interim Head of Access"
    assert first["status"] == "response_requested"
    assert {r["ref"] for r in seed} == {
        "CYP/17/40", "CYP/18/16", "CYP/18/44", "CYP/18/55", "CYP/19/05", "CYP/19/11",
        "CYP/19/15", "CYP/19/22", "CYP/19/23",
    }  # fmt: skip


def test_recommendation_filters(client_for, board_member, item, officer):
    today = timezone.localdate()
    overdue = RecommendationFactory(
        item=item, contact_officer=officer, due_date=today - timedelta(days=1)
    )
    RecommendationFactory(item=item, contact_officer=officer, due_date=today + timedelta(days=5))
    RecommendationFactory(item=item, due_date=today - timedelta(days=3), status=rules.COMPLETED)
    client = client_for(board_member)

    def ids(query):
        return {
            r["id"]
            for r in client.get(f"/api/recommendations/?limit=500&{query}").json()["results"]
        }

    assert ids("overdue=true") == {overdue.pk}
    assert overdue.pk not in ids("overdue=false")
    assert ids(f"officer={officer.pk}") == ids(f"officer={officer.username}")
    assert len(ids(f"officer={officer.pk}")) == 2
    assert len(ids("officer=Amanda Corcoran")) == 5
    assert len(ids("officer=amanda corcoran")) == 5
    assert len(ids("status=response_requested")) == 3
    assert all(
        r["status"] == "completed"
        for r in client.get("/api/recommendations/?status=completed").json()["results"]
    )
    assert len(ids("year=2019")) == 6
    assert len(ids("ref=CYP/19/22")) == 2
    assert client.get("/api/recommendations/?status=bogus").status_code == 400
    body = client.get(f"/api/recommendations/{overdue.pk}/").json()
    assert body["overdue"] is True


def test_item_post_records_decisions_and_recommendations(client_for, scrutiny_officer, ctx):
    list_url, _, body, _ = _payloads(ctx)["items"]
    response = client_for(scrutiny_officer).post(list_url, body, format="json")
    assert response.status_code == 201
    data = response.json()
    assert [d["text"] for d in data["decisions"]] == [
        "To note the report.",
        "To request figures by ward.",
    ]
    rec = Recommendation.objects.get(pk=data["decisions"][1]["recommendation"])
    assert rec.contact_officer == ctx["officer"]
    assert data["decisions"][0]["recommendation"] is None


def test_contact_officer_must_hold_the_officer_role(
    client_for, scrutiny_officer, board_member, item
):
    response = client_for(scrutiny_officer).post(
        "/api/recommendations/",
        {"item": item.pk, "text": "x", "contact_officer": board_member.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "contact_officer" in response.json()


def test_action_plan_api_shows_five_recommendations_and_every_action(client_for, performance_lead):
    data = client_for(performance_lead).get("/api/action-plans/HMIP-YJ-2019/").json()
    assert [r["number"] for r in data["recommendations"]] == [1, 2, 3, 4, 5]
    assert sum(len(r["actions"]) for r in data["recommendations"]) == 15
    action = data["recommendations"][0]["actions"][0]
    assert action["lead_name"] == "Richard Munns"
    assert action["expected_text"] == "31.08.19"
    assert action["status"] == "partially_completed"
    assert action["rag"] in {"green", "amber", "red"}
    assert action["updates"][0]["period"] == "2019-06"


def test_action_filters(client_for, board_member):
    client = client_for(board_member)
    plan = client.get("/api/actions/?plan=HMIP-YJ-2019&limit=100").json()
    assert plan["count"] == 15
    ongoing = client.get("/api/actions/?plan=HMIP-YJ-2019&status=ongoing").json()
    assert ongoing["count"] == 1
    overdue = client.get("/api/actions/?plan=HMIP-YJ-2019&overdue=true&limit=100").json()
    # Today every dated HMIP action not completed is long past its 2019 date, and the two
    # monthly actions have no update for last month.
    assert overdue["count"] == 6


def test_lead_patch_adds_progress(client_for, officer, ctx):
    action = ctx["own_action"]
    response = client_for(officer).patch(
        f"/api/actions/{action.pk}/",
        {"period": "2032-01", "text": "Audit done.", "status": "completed"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert Action.objects.get(pk=action.pk).updates.get().created_by == officer


def test_writes_validate_and_report_service_errors(client_for, scrutiny_officer, ctx):
    client = client_for(scrutiny_officer)
    bad = client.post(
        "/api/actions/",
        {"recommendation": ctx["plan_rec"].pk, "text": "x", "expected_text": "soon"},
        format="json",
    )
    assert bad.status_code == 400
    assert "expected_text" in bad.json()
    dup = client.post(
        "/api/action-plans/", {"code": "HMIP-YJ-2019", "title": "x", "kind": "hmip"}, format="json"
    )
    assert dup.status_code == 400
    assert ActionPlan.objects.filter(code="HMIP-YJ-2019").count() == 1


def test_recommendation_updates_are_listed_newest_first(client_for, officer, ctx):
    client = client_for(officer)
    for text in ("First", "Second"):
        client.post(
            "/api/recommendation-updates/",
            {"recommendation": ctx["own_rec"].pk, "text": text, "status": "in_progress"},
            format="json",
        )
    data = client.get(f"/api/recommendation-updates/?recommendation={ctx['own_rec'].pk}").json()
    assert [u["text"] for u in data["results"]] == ["Second", "First"]
    assert data["results"][0]["created_by"] == officer.username


def test_openapi_schema_lists_the_scrutiny_endpoints(client_for, board_member):
    response = client_for(board_member).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for endpoint in ENDPOINTS:
        assert f"/api/{endpoint}/" in paths, endpoint
    params = {p["name"] for p in paths["/api/recommendations/"]["get"]["parameters"]}
    assert {"status", "overdue", "officer", "meeting", "year"} <= params
    post = paths["/api/recommendations/"]["post"]
    assert "RecommendationCreateInput" in str(post["requestBody"])
    assert "Recommendation" in str(post["responses"]["201"])
    patch = paths["/api/recommendations/{id}/"]["patch"]
    assert "RecommendationChangeInput" in str(patch["requestBody"])
