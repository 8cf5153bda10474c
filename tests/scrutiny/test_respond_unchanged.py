"""Posting a response that changes neither the text nor the status is refused in the service:
a form error on the page, 400 JSON in the API, and no duplicate dated update."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from scrutiny import rules, services
from scrutiny.models import Recommendation, RecommendationUpdate

pytestmark = pytest.mark.django_db

HELD = "A report will be brought to a future meeting."


@pytest.fixture
def answered(own_recommendation):
    Recommendation.objects.filter(pk=own_recommendation.pk).update(
        action=HELD, status=rules.IN_PROGRESS
    )
    own_recommendation.refresh_from_db()
    return own_recommendation


def _updates(rec):
    return RecommendationUpdate.objects.filter(recommendation=rec).count()


def test_service_refuses_an_unchanged_response(officer, answered):
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.recommendation_respond(
            recommendation=answered, user=officer, text=HELD, status=rules.IN_PROGRESS
        )
    assert _updates(answered) == 0


def test_spacing_and_line_endings_alone_are_not_a_change(officer, answered):
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.recommendation_respond(
            recommendation=answered,
            user=officer,
            text="  A report will be brought\r\nto a future meeting. ",
            status=rules.IN_PROGRESS,
        )
    assert _updates(answered) == 0


@pytest.mark.parametrize(
    ("text", "status"),
    [(HELD, rules.COMPLETED), ("The report is appended.", rules.IN_PROGRESS)],
)
def test_a_change_of_text_or_status_is_posted(officer, answered, text, status):
    services.recommendation_respond(recommendation=answered, user=officer, text=text, status=status)
    assert _updates(answered) == 1


def test_the_prefilled_form_posted_unchanged_shows_an_error(client, officer, answered):
    client.force_login(officer)
    url = reverse("scrutiny:recommendation_respond", args=[answered.pk])
    form = client.get(url).context["form"]
    data = {"text": form.initial["text"], "status": form.initial["status"], "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Nothing has changed" in content
    assert "<title>Error:" in content
    assert _updates(answered) == 0


def test_api_answers_400_and_adds_nothing(client_for, officer, answered):
    api = client_for(officer)
    response = api.post(
        "/api/recommendation-updates/",
        {"recommendation": answered.pk, "text": HELD, "status": rules.IN_PROGRESS},
        format="json",
    )
    assert response.status_code == 400
    assert "Nothing has changed" in str(response.json())
    response = api.patch(
        f"/api/recommendations/{answered.pk}/",
        {"action": HELD, "status": rules.IN_PROGRESS},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "Nothing has changed" in str(response.json())
    assert _updates(answered) == 0
