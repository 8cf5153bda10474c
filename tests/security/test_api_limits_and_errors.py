"""API pages are bounded whatever ?limit= and ?offset= say; API errors answer JSON."""

import pytest
from django.test import Client

from core.pagination import BoundedLimitOffsetPagination

HUGE = "9" * 30


@pytest.fixture
def lead_api(client_for, performance_lead):
    return client_for(performance_lead)


def test_default_pagination_is_bounded_at_500(settings):
    assert (
        settings.REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]
        == "core.pagination.BoundedLimitOffsetPagination"
    )
    assert settings.API_MAX_LIMIT == 500
    assert BoundedLimitOffsetPagination().max_limit == 500


@pytest.mark.django_db
def test_limit_above_the_maximum_gives_the_maximum(lead_api, settings):
    settings.API_MAX_LIMIT = 3
    body = lead_api.get("/api/indicators/?limit=1000").json()
    assert body["count"] > 3
    assert len(body["results"]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        f"limit={HUGE}",
        f"offset={HUGE}",
        f"limit={HUGE}&offset={HUGE}",
        "limit=abc",
        "limit=-5",
        "limit=0",
        "offset=abc",
        "offset=-1",
        "limit=1e9",
        "limit=%00",
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/api/indicators/",
        "/api/periods/",
        "/api/returns/",
        "/api/recommendations/",
        "/api/board/sessions/",
    ],
)
def test_huge_or_malformed_limit_gives_a_bounded_page(lead_api, url, query):
    response = lead_api.get(f"{url}?{query}")
    assert response.status_code == 200, (url, query, response.status_code)
    assert len(response.json()["results"]) <= 500


@pytest.mark.django_db
def test_malformed_limit_gives_the_default_page(lead_api, settings):
    body = lead_api.get("/api/indicators/?limit=abc").json()
    assert len(body["results"]) == min(body["count"], settings.REST_FRAMEWORK["PAGE_SIZE"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/no-such-thing/", "/api/indicators/A/B/C/", "/api/x"])
def test_unknown_api_address_is_json_404(lead_api, url):
    response = lead_api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_unknown_api_address_is_json_404_for_anonymous_too():
    response = Client().get("/api/no-such-thing/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.django_db
def test_unknown_page_is_still_the_html_404(client, board_member):
    client.force_login(board_member)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"Page not found" in response.content


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_boom")
def test_api_server_error_is_json_500():
    response = Client(raise_request_exception=False).get("/api/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Server error."}
    assert b"boom" not in response.content


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_boom")
def test_page_server_error_is_still_the_html_500():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"problem with the service" in response.content
