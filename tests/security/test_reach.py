"""A signed-in user with no role reaches nothing but "No access yet"; the API docs need a role."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

SIGN_OUT = "/accounts/logout/"
# Addresses that are not pages: health checks (no data beyond "ok") and getting a token.
NOT_PAGES = {"/healthz", "/health/", "/api/token/"}


def _concrete(pattern) -> str:
    text = str(pattern)
    text = re.sub(r"<(?:\w+:)?\w+>", "1", text)  # path("<int:pk>/") converters
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)  # re_path named groups
    text = text.replace("^", "").replace("$", "").replace("\\", "")
    return re.sub(r"\.\*$", "", text)


def every_url() -> list[str]:
    """One concrete address for every URL pattern the project routes (admin included)."""

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + _concrete(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + _concrete(p.pattern)

    urls = []
    for url in walk(get_resolver().url_patterns, "/"):
        if "(" in url or "?" in url:  # an unnamed or optional group this walk cannot fill
            url = re.sub(r"\(.*", "", url)
        try:
            resolve(url)
        except Resolver404:
            continue
        if url not in urls:
            urls.append(url)
    return urls


URLS = every_url()


def test_the_walk_covers_every_part_of_the_site():
    prefixes = (
        "/dashboard/",
        "/board/",
        "/framework/",
        "/indicators/",
        "/strategies/",
        "/scrutiny/",
        "/api/",
        "/admin/",
        "/accounts/",
    )
    for prefix in prefixes:
        assert any(u.startswith(prefix) for u in URLS), prefix
    assert "/" in URLS and len(URLS) > 150


@pytest.fixture
def no_role(django_user_model):
    return django_user_model.objects.create_user("t.norole", password="x", first_name="Nora")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_no_role_user_reaches_no_page(client, no_role, method):
    client.force_login(no_role)
    reached, other_page = [], []
    for url in URLS:
        if url == SIGN_OUT or url in NOT_PAGES:
            continue
        response = getattr(client, method)(url)
        if response.status_code not in (302, 403):
            reached.append((url, response.status_code))
        elif (
            response.status_code == 403
            and (not url.startswith("/api/") or url == "/api/docs/")
            and b"No access yet" not in response.content
        ):
            other_page.append(url)
    assert reached == []
    assert other_page == []


@pytest.mark.django_db
def test_no_access_page_says_who_to_ask_and_offers_sign_out(client, no_role):
    client.force_login(no_role)
    response = client.get("/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "No access yet" in html
    assert "performance team" in html and "t.norole" in html
    assert 'action="/accounts/logout/"' in html  # the header's Sign out button


@pytest.mark.django_db
def test_no_role_user_can_sign_out(client, no_role):
    client.force_login(no_role)
    response = client.post(SIGN_OUT)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_no_role_token_reaches_no_api_endpoint(no_role):
    """DRF's own permissions (token auth bypasses the middleware) refuse every endpoint."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=no_role).key}")
    reached = []
    for url in URLS:
        if not url.startswith("/api/") or url in NOT_PAGES:
            continue
        status = client.get(url).status_code
        if url == "/api/docs/" and status == 302:  # the docs page is for browsers: sign in
            continue
        if status not in (401, 403):
            reached.append((url, status))
    assert reached == []


@pytest.mark.django_db
def test_role_holders_still_reach_their_pages(client, board_member):
    client.force_login(board_member)
    for url in ("/framework/", "/dashboard/", "/strategies/", "/board/sessions/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_staff_without_role_may_use_the_admin_only(client, django_user_model):
    staff = django_user_model.objects.create_user("t.staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/framework/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_need_sign_in(client, url):
    response = client.get(url)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code in (401, 403)
        assert b"openapi" not in response.content.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_refuse_a_token_without_role(no_role, url):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=no_role).key}")
    assert client.get(url).status_code == (302 if url == "/api/docs/" else 403)
