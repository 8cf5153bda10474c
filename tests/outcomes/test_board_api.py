"""The Board API: dashboard JSON, sessions, voice, actions, packs; every role by every verb."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import roles
from outcomes.models import BoardAction, BoardSession, VoiceEntry

pytestmark = pytest.mark.django_db

SESSION = {
    "title": "Happy theme session",
    "date": "2019-10-30",
    "period": "FY2019-20-Q2",
    "focus_theme": "HAPPY",
    "attendances": [{"organisation": "MCC", "role": "DCS"}],
}


def test_dashboard_json_matches_the_page(quarter_data, client_for, board_member, client):
    data = client_for(board_member).get("/api/dashboard/?period=FY2019-20-Q2&theme=SAFE").json()
    assert data["period"] == {"code": "FY2019-20-Q2", "label": "Q2 2019/20 (Jul–Sep 2019)"}
    assert data["filters"] == {"theme": "SAFE"} and [t["code"] for t in data["themes"]] == ["SAFE"]
    lac = next(t for t in data["themes"][0]["indicators"] if t["code"] == "LAC-WITHIN-20-MILES")
    assert (lac["value"], lac["target"], lac["rag"]) == ("86.2", "90", "amber")
    assert lac["forecast"]["flag"] in {"on_course", "at_risk", "off_course"}
    assert "projection" in lac["forecast"]["explanation"].lower()
    client.force_login(board_member)
    page = client.get("/dashboard/?period=FY2019-20-Q2&theme=SAFE").content.decode()
    assert data["summary"] in page.replace("&#x27;", "'")
    assert sum(data["counts"].values()) == data["themes"][0]["counts"]["amber"] + sum(
        v for k, v in data["themes"][0]["counts"].items() if k != "amber"
    )


def test_dashboard_api_filters_and_refusals(quarter_data, client_for, board_member):
    api = client_for(board_member)
    assert api.get("/api/dashboard/?period=FY2030-31-Q1").status_code == 404
    bad = api.get("/api/dashboard/?period=FY2019-20-Q2&strategy=NOPE")
    assert bad.status_code == 400 and "No strategy with code NOPE" in str(bad.json())
    promise = api.get("/api/dashboard/?period=FY2019-20-Q2&strategy=LAC-CL-STRATEGY").json()
    codes = {t["code"] for th in promise["themes"] for t in th["indicators"]}
    assert "LAC-WITHIN-20-MILES" in codes and "INFANT-MORTALITY" not in codes
    assert client_for(None).get("/api/dashboard/").status_code in (401, 403)


def test_dashboard_api_query_count_does_not_grow_with_data(quarter_data, client_for, board_member):
    from indicators import status
    from tests.outcomes.conftest import approve

    api = client_for(board_member)
    url = "/api/dashboard/?period=FY2019-20-Q2&theme=SAFE"
    api.get(url)
    cache.clear()  # computed afresh both times, not served from the dashboard's cache
    with CaptureQueriesContext(connection) as small:
        before = api.get(url).json()
    no_data_before = sum(th["counts"]["no_data"] for th in before["themes"])
    for code in ("CP-PLANS", "LAC-HOME-CARE-ORDER", "LAC-IRO-VISIT", "CIN-TOTAL"):
        for month in ("2018-10", "2019-01", "2019-04", "2019-07", "2019-08", "2019-09"):
            approve(code, month, "50")
    for q in ("FY2018-19-Q3", "FY2018-19-Q4", "FY2019-20-Q1", "FY2019-20-Q2"):
        status.status_compute_period(period_code=q)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        data = api.get(url).json()
    assert sum(th["counts"]["no_data"] for th in data["themes"]) < no_data_before  # data grew
    assert len(large) == len(small), (len(small), len(large))


@pytest.mark.parametrize(
    "role, can_write",
    [
        (roles.BOARD_MEMBER, False),
        (roles.OFFICER, False),
        (roles.SCRUTINY_OFFICER, False),
        (roles.PERFORMANCE_LEAD, True),
    ],
)
def test_permission_matrix(session, users_by_role, client_for, role, can_write):
    api = client_for(users_by_role[role])
    for url in (
        "/api/board/sessions/",
        "/api/board/voice/",
        "/api/board/actions/",
        "/api/board/packs/",
        f"/api/board/sessions/{session.pk}/",
    ):
        assert api.get(url).status_code == 200, url
    writes = [
        ("post", "/api/board/sessions/", SESSION),
        ("patch", f"/api/board/sessions/{session.pk}/", {"title": "X", "version": 1}),
        (
            "post",
            "/api/board/voice/",
            {"session": session.pk, "group": "Youth Council", "said": "More youth clubs."},
        ),
        (
            "post",
            "/api/board/actions/",
            {
                "session": session.pk,
                "owner": "Head of LAC",
                "what": "Recruit carers",
                "due_date": "2020-03-31",
                "expected_impact": "Closer placements",
                "impact_by": "2020-09-30",
                "indicators": ["LAC-WITHIN-20-MILES"],
            },
        ),
    ]
    for method, url, body in writes:
        response = getattr(api, method)(url, body, format="json")
        assert (
            response.status_code == (201 if method == "post" else 200)
            if can_write
            else response.status_code == 403
        ), (url, response.status_code, response.content)
    expected = 1 if can_write else 0
    assert VoiceEntry.objects.count() == expected and BoardAction.objects.count() == expected
    assert BoardSession.objects.count() == 1 + expected


def test_anonymous_gets_nothing(session, client_for):
    anon = client_for(None)
    for url in ("/api/board/sessions/", "/api/board/packs/", "/api/dashboard/"):
        assert anon.get(url).status_code in (401, 403)
    assert anon.post(
        "/api/board/voice/", {"session": session.pk, "group": "G", "said": "S"}
    ).status_code in (401, 403)
    assert not VoiceEntry.objects.exists()


def test_bad_and_stale_writes(session, performance_lead, client_for):
    api = client_for(performance_lead)
    bad = api.post(
        "/api/board/actions/",
        {
            "session": session.pk,
            "owner": "X",
            "what": "Y",
            "due_date": "2020-03-31",
            "expected_impact": "Z",
            "impact_by": "2020-01-01",
        },
        format="json",
    )
    assert bad.status_code == 400 and "on or after the due date" in str(bad.json())
    stale = api.patch(
        f"/api/board/sessions/{session.pk}/", {"title": "X", "version": 7}, format="json"
    )
    assert stale.status_code == 409 and "Someone else saved" in str(stale.json())
    session.refresh_from_db()
    assert session.title == "Safe theme session" and not BoardAction.objects.exists()


def test_action_updates_and_indicator_filter(session, performance_lead, client_for):
    api = client_for(performance_lead)
    made = api.post(
        "/api/board/actions/",
        {
            "session": session.pk,
            "owner": "Head of LAC",
            "what": "Recruit carers",
            "due_date": "2020-03-31",
            "expected_impact": "Closer placements",
            "impact_by": "2020-09-30",
            "indicators": ["LAC-WITHIN-20-MILES"],
        },
        format="json",
    ).json()
    update = api.post(
        f"/api/board/actions/{made['id']}/updates/",
        {"date": "2019-12-01", "status": "on_track", "text": "12 enquiries."},
    )
    assert update.status_code == 201
    listed = api.get("/api/board/actions/?indicator=LAC-WITHIN-20-MILES").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [a["status"] for a in rows] == ["on_track"] and rows[0]["updates"][0][
        "text"
    ] == "12 enquiries."
    other = api.get("/api/board/actions/?indicator=CP-PLANS").json()
    assert (other["results"] if isinstance(other, dict) else other) == []


@pytest.mark.django_db(transaction=True)
def test_publish_through_the_api(framework_tx, performance_lead, board_member, client_for):
    from datetime import date

    from indicators.models import Period
    from outcomes.board import services as board
    from outcomes.models import Theme

    session = board.session_create(
        user=performance_lead,
        period=Period.objects.get(code="FY2019-20-Q2"),
        date=date(2019, 10, 24),
        title="S",
        focus_theme=Theme.objects.get(code="SAFE"),
    )
    assert (
        client_for(board_member).post("/api/board/packs/", {"session": session.pk}).status_code
        == 403
    )
    made = client_for(performance_lead).post("/api/board/packs/", {"session": session.pk})
    assert made.status_code == 202
    pack = client_for(board_member).get(f"/api/board/packs/{made.json()['id']}/").json()
    assert pack["state"] == "published" and pack["progress"] == 100
    assert pack["snapshot"]["session"]["title"] == "S"
    pdf = client_for(board_member).get(pack["pdf_url"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_board_endpoints_are_in_the_schema(client_for, board_member):
    schema = client_for(board_member).get("/api/schema/?format=json").json()
    for path in (
        "/api/dashboard/",
        "/api/board/sessions/",
        "/api/board/voice/",
        "/api/board/actions/",
        "/api/board/actions/{id}/updates/",
        "/api/board/packs/",
        "/api/board/packs/{id}/pdf/",
        "/api/returns/{id}/correct/",
    ):
        assert path in schema["paths"], path
