"""Requests Schemathesis found answering 500: each now answers a 4xx in JSON."""

import pytest

from scrutiny.models import WorkProgrammeItem


@pytest.fixture
def lead_api(client_for, performance_lead):
    return client_for(performance_lead)


@pytest.fixture
def scrutiny_api(client_for, scrutiny_officer):
    return client_for(scrutiny_officer)


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "10000", "-1"])
def test_recommendations_year_out_of_range_is_400(scrutiny_api, year):
    response = scrutiny_api.get(f"/api/recommendations/?year={year}")
    assert response.status_code == 400
    assert "year" in response.json()


@pytest.mark.django_db
def test_actions_lead_must_be_a_whole_number(scrutiny_api):
    response = scrutiny_api.get("/api/actions/?lead=3.4e16")
    assert response.status_code == 400
    assert "lead" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["null,null", "abc"])
def test_pack_pdf_with_malformed_id_is_404(lead_api, pk):
    response = lead_api.get(f"/api/board/packs/{pk}/pdf/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
@pytest.mark.parametrize("body", [[None, None], "reason"])
def test_period_reopen_with_a_list_body_is_400(lead_api, body):
    response = lead_api.post("/api/periods/2019-01/reopen/", body, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.django_db
def test_recommendation_patch_with_a_list_body_is_400(client_for, officer):
    from scrutiny.models import Recommendation

    rec = Recommendation.objects.first()
    response = client_for(officer).patch(f"/api/recommendations/{rec.pk}/", [{}], format="json")
    assert response.status_code in (400, 403)
    assert response.status_code != 500


@pytest.mark.django_db
def test_work_programme_patch_may_change_the_item_title(scrutiny_api):
    entry = WorkProgrammeItem.objects.first()
    response = scrutiny_api.patch(
        f"/api/work-programme/{entry.pk}/", {"item": "Youth Justice (revised)"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["item"] == "Youth Justice (revised)"
    entry.refresh_from_db()
    assert entry.item == "Youth Justice (revised)"
