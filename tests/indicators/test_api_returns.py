"""Returns and targets through the HTTP API, with real permissions."""

from decimal import Decimal as D

import pytest

from core import roles
from indicators.models import Indicator, Return


@pytest.fixture
def owned(officer):
    indicator = Indicator.objects.get(code="ADOPTIONS")
    indicator.owner = officer
    indicator.save()
    return indicator


def make(client, period, value, commentary=""):
    return client.post(
        "/api/returns/",
        {"indicator": "ADOPTIONS", "period": period, "value": value, "commentary": commentary},
        format="json",
    )


@pytest.mark.django_db
def test_officer_enters_lead_approves_and_status_follows(
    owned, officer, performance_lead, client_for, django_capture_on_commit_callbacks
):
    mine, lead = client_for(officer), client_for(performance_lead)
    for period, value in (("FY2019-20-Q1", "15"), ("FY2019-20-Q2", "13")):
        created = make(mine, period, value, "Fewer matches this quarter; family finding next.")
        assert created.status_code == 201, created.json()
        ret_id = created.json()["id"]
        submitted = mine.post(f"/api/returns/{ret_id}/submit/")
        assert submitted.json()["status"] == "submitted"
        assert mine.post(f"/api/returns/{ret_id}/approve/").status_code == 403
        with django_capture_on_commit_callbacks(execute=True):
            approved = lead.post(
                f"/api/returns/{ret_id}/approve/",
                {"version": submitted.json()["version"]},
                format="json",
            )
        assert approved.json()["status"] == "approved"
    body = mine.get("/api/indicators/ADOPTIONS/status/?period=FY2019-20-Q2").json()
    # DOMAIN.md's example: 28 against a pro-rata 30, band 1.5: red
    assert (D(body["value"]), D(body["target"]), D(body["band"]), body["rag"]) == (
        D("28"),
        D("30"),
        D("1.5"),
        "red",
    )
    assert body["direction"] == "worsening"


@pytest.mark.django_db
def test_bad_input_gets_a_message_and_changes_nothing(owned, officer, client_for):
    client = client_for(officer)
    bad = make(client, "2019-05", "15")
    assert bad.status_code == 400 and "quarter" in str(bad.json()["period"])
    bad = make(client, "FY2019-20-Q1", "1.5")
    assert bad.status_code == 400 and "whole number" in str(bad.json()["value"])
    bad = make(client, "NOPE", "1")
    assert bad.status_code == 400
    assert not Return.objects.exists()


@pytest.mark.django_db
def test_patch_needs_the_current_version(owned, officer, client_for):
    client = client_for(officer)
    created = make(client, "FY2019-20-Q1", "15").json()
    url = f"/api/returns/{created['id']}/"
    first = client.patch(url, {"version": created["version"], "value": "16"}, format="json")
    assert first.status_code == 200 and first.json()["version"] == created["version"] + 1
    stale = client.patch(url, {"version": created["version"], "value": "17"}, format="json")
    assert stale.status_code == 409 and "Someone else saved" in stale.json()["detail"]
    assert client.patch(url, {"value": "17"}, format="json").status_code == 400
    assert D(client.get(url).json()["value"]) == D("16")


@pytest.mark.django_db
def test_return_needs_a_reason_and_filters_work(owned, officer, performance_lead, client_for):
    mine, lead = client_for(officer), client_for(performance_lead)
    ret_id = make(mine, "FY2019-20-Q1", "15", "ok").json()["id"]
    version = mine.post(f"/api/returns/{ret_id}/submit/").json()["version"]
    assert (
        lead.post(f"/api/returns/{ret_id}/return/", {"version": version}, format="json").status_code
        == 400
    )
    back = lead.post(
        f"/api/returns/{ret_id}/return/", {"reason": "Check Q1", "version": version}, format="json"
    )
    assert back.json()["status"] == "draft" and back.json()["returned_reason"] == "Check Q1"
    for query, count in (
        ("indicator=ADOPTIONS", 1),
        ("status=draft", 1),
        ("status=approved", 0),
        ("owner=t.officer", 1),
        ("period=FY2019-20-Q2", 0),
    ):
        assert lead.get(f"/api/returns/?{query}").json()["count"] == count, query


@pytest.mark.django_db
def test_targets_api(performance_lead, officer, client_for):
    body = {"indicator": "LAC-WITHIN-20-MILES", "period": "FY2020-21", "value": "92", "band": "3"}
    assert client_for(officer).post("/api/targets/", body, format="json").status_code == 403
    created = client_for(performance_lead).post("/api/targets/", body, format="json")
    assert created.status_code == 201 and D(created.json()["band"]) == 3
    listed = client_for(officer).get("/api/targets/?indicator__code=LAC-WITHIN-20-MILES").json()
    assert listed["count"] == 4


ENDPOINTS = [
    ("get", "/api/returns/"),
    ("post", "/api/returns/"),
    ("get", "/api/targets/"),
    ("post", "/api/targets/"),
]
# role -> expected status for (get returns, post returns, get targets, post targets)
MATRIX = {
    roles.BOARD_MEMBER: (200, 403, 200, 403),
    roles.OFFICER: (200, 201, 200, 403),
    roles.PERFORMANCE_LEAD: (200, 201, 200, 201),
    roles.SCRUTINY_OFFICER: (200, 403, 200, 403),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_permission_matrix(role, users_by_role, client_for, owned):
    user = users_by_role[role]
    client = client_for(user)
    bodies = {
        "/api/returns/": {"indicator": "ADOPTIONS", "period": "FY2019-20-Q3", "value": "5"},
        "/api/targets/": {"indicator": "ADOPTIONS", "period": "FY2021-22", "value": "60"},
    }
    got = tuple(
        getattr(client, method)(url, bodies[url], format="json").status_code
        if method == "post"
        else client.get(url).status_code
        for method, url in ENDPOINTS
    )
    assert got == MATRIX[role]
    assert client_for(None).get("/api/returns/").status_code in (401, 403)


@pytest.mark.django_db
def test_lock_and_reopen_periods(performance_lead, officer, client_for, owned):
    lead, mine = client_for(performance_lead), client_for(officer)
    assert mine.post("/api/periods/FY2019-20-Q1/lock/").status_code == 403
    assert lead.post("/api/periods/FY2019-20-Q1/lock/").json()["locked_at"]
    refused = make(mine, "FY2019-20-Q1", "15")
    assert refused.status_code == 400 and "locked" in str(refused.json())
    assert lead.post("/api/periods/FY2019-20-Q1/reopen/", {}, format="json").status_code == 400
    reopened = lead.post(
        "/api/periods/FY2019-20-Q1/reopen/", {"reason": "Late correction"}, format="json"
    )
    assert reopened.json()["locked_at"] is None
    assert make(mine, "FY2019-20-Q1", "15").status_code == 201


@pytest.mark.django_db
def test_lock_form_on_the_approvals_page(client, performance_lead):
    client.force_login(performance_lead)
    client.post("/indicators/returns/approvals/", {"action": "lock", "period": "2019-05"})
    assert "Locked now: 2019-05" in client.get("/indicators/returns/approvals/").content.decode()
    response = client.post(
        "/indicators/returns/approvals/", {"action": "reopen", "period": "2019-05"}, follow=True
    )
    assert "Say why" in response.content.decode()
