"""The framework API: token auth, schema, read-only endpoints and their permissions."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from core import roles
from tests.conftest import TEST_PASSWORD

READ_ENDPOINTS = [
    "/api/plans/",
    "/api/plans/CYPP-2016-2020/",
    "/api/themes/",
    "/api/themes/SAFE/",
    "/api/priorities/",
    "/api/strategies/",
    "/api/strategies/LAC-CL-STRATEGY/",
    "/api/periods/",
    "/api/periods/FY2019-20-Q2/",
    "/api/indicators/",
    "/api/indicators/LAC-WITHIN-20-MILES/",
]


@pytest.mark.django_db
def test_token_endpoint_returns_a_token_that_authenticates(board_member):
    client = APIClient()
    response = client.post(
        "/api/token/", {"username": "t.board", "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/plans/").status_code == 200


@pytest.mark.django_db
def test_token_endpoint_refuses_bad_password(board_member):
    response = APIClient().post(
        "/api/token/", {"username": "t.board", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.django_db
def test_lac_within_20_miles_shows_its_targets(client_for, board_member):
    response = client_for(board_member).get("/api/indicators/LAC-WITHIN-20-MILES/")
    assert response.status_code == 200
    body = response.json()
    assert body["polarity"] == "higher"
    assert body["unit"] == "percent"
    targets = {t["period"]: Decimal(t["value"]) for t in body["targets"]}
    assert targets == {"FY2017-18": 85, "FY2018-19": 87, "FY2019-20": 90}


@pytest.mark.django_db
@pytest.mark.parametrize("url", READ_ENDPOINTS)
def test_permission_matrix_for_framework_reads(
    url, users_by_role, client_for, make_user, django_user_model
):
    assert client_for(None).get(url).status_code in (401, 403)
    no_role = django_user_model.objects.create_user("t.norole", password="x")
    assert client_for(no_role).get(url).status_code == 403
    for role in roles.ROLES:
        client = client_for(users_by_role[role])
        assert client.get(url).status_code == 200, (role, url)
        assert client.post(url, {}, format="json").status_code in (403, 405), (role, url)
        assert client.delete(url).status_code in (403, 405), (role, url)


@pytest.mark.django_db
def test_unknown_indicator_is_404(client_for, board_member):
    assert client_for(board_member).get("/api/indicators/NOT-A-CODE/").status_code == 404


@pytest.mark.django_db
def test_openapi_schema_lists_the_framework_endpoints(client_for, board_member):
    response = client_for(board_member).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    paths = response.json()["paths"] if response["Content-Type"].endswith("json") else None
    if paths is None:
        import yaml

        paths = yaml.safe_load(response.content)["paths"]
    for path in (
        "/api/token/",
        "/api/plans/",
        "/api/themes/{code}/",
        "/api/indicators/{code}/",
        "/api/periods/",
        "/api/strategies/",
    ):
        assert path in paths, path


@pytest.mark.django_db
def test_api_docs_page_is_served(client, board_member):
    client.force_login(board_member)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


@pytest.mark.django_db
def test_api_docs_load_only_the_apps_own_static_files(client, officer):
    """Swagger UI comes from drf-spectacular-sidecar's static files, so it works offline."""
    import re

    client.force_login(officer)
    html = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in s for s in sources), sources
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
    assert "cdn" not in html.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,shown",
    [
        ("board_member", False),
        ("officer", True),
        ("performance_lead", True),
        ("scrutiny_officer", True),
    ],
)
def test_api_link_in_navigation_only_for_roles_that_use_the_api(client, request, role, shown):
    client.force_login(request.getfixturevalue(role))
    labels = [item["label"] for item in client.get("/framework/").context["nav_items"]]
    assert ("API" in labels) is shown


@pytest.mark.django_db
def test_only_the_most_specific_navigation_item_is_current(client, performance_lead):
    client.force_login(performance_lead)
    nav = client.get("/indicators/returns/approvals/").context["nav_items"]
    assert [i["label"] for i in nav if i["active"]] == ["Approvals"]
    nav = client.get("/indicators/returns/").context["nav_items"]
    assert [i["label"] for i in nav if i["active"]] == ["My returns"]
