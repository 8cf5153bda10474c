"""Board pages: sessions, voice, actions, key indicators, dashboard filters, correcting a figure."""

from datetime import date

import pytest

from indicators.models import Indicator, Period, Return
from outcomes.board import services as board
from outcomes.models import BoardAction, BoardSession, Theme

pytestmark = pytest.mark.django_db


def test_lead_adds_a_session_with_attendees(client, performance_lead, quarter_data):
    client.force_login(performance_lead)
    assert client.get("/board/sessions/new/").status_code == 200
    response = client.post(
        "/board/sessions/new/",
        {
            "title": "Happy theme session",
            "date": "2019-10-30",
            "period": Period.objects.get(code="FY2019-20-Q2").pk,
            "focus_theme": Theme.objects.get(code="HAPPY").pk,
            "attendances": "Manchester City Council | Director of Children's Services | 1\n"
            "Youth Council | Young people | 4\n",
        },
    )
    session = BoardSession.objects.get()
    assert response.status_code == 302 and response.url == f"/board/sessions/{session.pk}/"
    assert [(a.organisation, a.count) for a in session.attendances.all()] == [
        ("Manchester City Council", 1),
        ("Youth Council", 4),
    ]
    page = client.get(response.url).content.decode()
    assert "Director of Children&#x27;s Services" in page and "Publish the Board pack" in page


def test_session_form_errors_are_shown_and_nothing_saved(client, performance_lead):
    client.force_login(performance_lead)
    page = client.post(
        "/board/sessions/new/",
        {"title": "", "date": "2019-06-01", "attendances": "GMP | Supt | lots"},
    )
    text = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in text
    assert "<title>Error:" in text and not BoardSession.objects.exists()


def test_stale_session_form_says_so(client, performance_lead, other_lead, session):
    board.session_update(user=other_lead, session=session, version=1, title="Renamed")
    client.force_login(performance_lead)
    page = client.post(
        f"/board/sessions/{session.pk}/edit/",
        {
            "title": "Mine",
            "date": "2019-10-24",
            "period": session.period.pk,
            "focus_theme": session.focus_theme.pk,
            "version": "1",
        },
    ).content.decode()
    assert "Someone else saved this session" in page
    session.refresh_from_db()
    assert session.title == "Renamed"


@pytest.mark.parametrize("fixture", ["board_member", "officer", "scrutiny_officer"])
def test_non_leads_read_but_cannot_write(request, client, session, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/board/sessions/").status_code == 200
    page = client.get(f"/board/sessions/{session.pk}/").content.decode()
    assert "Safe theme session" in page and "Publish the Board pack" not in page
    for url in (
        "/board/sessions/new/",
        f"/board/sessions/{session.pk}/voice/new/",
        f"/board/sessions/{session.pk}/actions/new/",
        "/board/key-indicators/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/board/sessions/{session.pk}/publish/").status_code == 403
    assert not session.packs.exists()


def test_voice_and_action_pages(client, performance_lead, session):
    client.force_login(performance_lead)
    client.post(
        f"/board/sessions/{session.pk}/voice/new/",
        {"group": "Children in Care Council", "how_heard": "Workshop", "said": "Keep us close."},
    )
    lac = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    client.post(
        f"/board/sessions/{session.pk}/actions/new/",
        {
            "owner": "Head of LAC",
            "what": "Recruit 20 foster carers",
            "due_date": "2020-03-31",
            "expected_impact": "More placed within 20 miles",
            "impact_by": "2020-09-30",
            "status": "not_started",
            "indicators": [lac.pk],
        },
    )
    action = BoardAction.objects.get()
    client.post(
        f"/board/sessions/{session.pk}/actions/{action.pk}/update/",
        {"date": "2019-12-02", "status": "on_track", "text": "Campaign launched."},
    )
    page = client.get(f"/board/sessions/{session.pk}/").content.decode()
    assert "Keep us close." in page and "Children in Care Council" in page
    assert "Recruit 20 foster carers" in page and "Campaign launched." in page
    indicator_page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    assert "Recruit 20 foster carers" in indicator_page and "On track" in indicator_page
    assert "Safe theme session" in indicator_page
    bad = client.post(
        f"/board/sessions/{session.pk}/actions/new/",
        {
            "owner": "X",
            "what": "Y",
            "due_date": "2020-03-31",
            "expected_impact": "Z",
            "impact_by": "2020-01-01",
            "status": "not_started",
        },
    ).content.decode()
    assert "on or after the due date" in bad and BoardAction.objects.count() == 1


def test_key_indicators_page_drives_the_key_switch(client, performance_lead, quarter_data):
    client.force_login(performance_lead)
    lac = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    response = client.post("/board/key-indicators/", {"indicators": [lac.pk]})
    assert response.status_code == 302
    assert list(Indicator.objects.filter(is_key=True)) == [lac]
    page = client.get("/dashboard/?period=FY2019-20-Q2&key=1").content.decode()
    assert "within 20 miles" in page and "Adoptions" not in page


def test_dashboard_filters_and_unknown_codes(client, board_member, quarter_data):
    client.force_login(board_member)
    page = client.get("/dashboard/?period=FY2019-20-Q2&promise_theme=NOPE").content.decode()
    assert "No promise theme with code NOPE: filter ignored." in page
    for name in ("plan", "priority", "strategy", "promise_theme"):
        assert f'id="{name}" name="{name}"' in page
    strategy = client.get(
        "/dashboard/?period=FY2019-20-Q2&strategy=LAC-CL-STRATEGY"
    ).content.decode()
    assert "within 20 miles" in strategy and "Infant mortality" not in strategy
    assert "Year-end projection" in strategy


def test_lead_corrects_an_approved_figure_on_the_return_page(
    client, performance_lead, other_lead, quarter_data
):
    ret = Return.objects.get(indicator__code="LAC-WITHIN-20-MILES", period__code="2019-09")
    client.force_login(performance_lead)
    url = f"/indicators/returns/{ret.pk}/"
    page = client.get(url).content.decode()
    assert "Correct the approved figure" in page
    refused = client.post(
        url, {"action": "correct", "version": ret.version, "value": "90", "reason": ""}
    ).content.decode()
    assert "Say why the approved figure is being corrected." in refused
    client.post(
        url, {"action": "correct", "version": ret.version, "value": "90", "reason": "Miscount"}
    )
    ret.refresh_from_db()
    # four-eyes: the correction goes back through approval by another lead
    assert ret.value == 90 and ret.status == "submitted" and ret.submitted_by == performance_lead
    assert ret.history.first().history_change_reason == "Correction: Miscount"
    assert "Correction: Miscount" in client.get(url).content.decode()
    client.force_login(other_lead)
    client.post(
        "/indicators/returns/approvals/",
        {"action": "approve", "return_id": ret.pk, "version": ret.version},
    )
    ret.refresh_from_db()
    assert ret.status == "approved" and ret.approved_by == other_lead


def test_officer_cannot_correct(client, officer, quarter_data):
    ret = quarter_data[0]
    client.force_login(officer)
    assert (
        "Correct the approved figure"
        not in client.get(f"/indicators/returns/{ret.pk}/").content.decode()
    )
    client.post(
        f"/indicators/returns/{ret.pk}/",
        {"action": "correct", "version": ret.version, "value": "1", "reason": "x"},
    )
    ret.refresh_from_db()
    assert ret.value == 84


def test_session_date_must_follow_quarter(performance_lead, session):
    with pytest.raises(Exception, match="cannot meet before"):
        board.session_update(
            user=performance_lead, session=session, version=1, date=date(2019, 1, 1)
        )
