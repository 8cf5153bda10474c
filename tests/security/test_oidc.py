"""Sign-in with the council's identity provider (OpenID Connect), against a local provider.

The flow is the real one: the app redirects to the provider, the provider redirects back with a
code, and the app's backend fetches the ID token, its signing key and the user's claims from the
provider over HTTP. Roles come from the provider's group claim.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core import roles

from .oidc_provider import Provider, other_key

pytestmark = pytest.mark.django_db

GROUPS = "CBO Board Members=board_member; CBO Officers=officer; CBO Leads=performance_lead"


@pytest.fixture
def provider(settings):
    provider = Provider().start()
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.OIDC_ROLE_GROUPS = GROUPS
    yield provider
    provider.stop()


def sign_in(client, provider, next_url="/dashboard/"):
    """Run the code flow; return the app's answer to the provider's redirect back."""
    start = client.get("/oidc/authenticate/", {"next": next_url})
    assert start.status_code == 302
    assert start.url.startswith(provider.base + "/authorize?")
    query = parse_qs(urlsplit(start.url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]
    at_provider = requests.get(start.url, allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == "/oidc/callback/"
    return client.get(back.path + "?" + back.query)


def user_roles(email):
    user = get_user_model().objects.get(email=email)
    return set(user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True))


def test_off_unless_configured(client):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with your council account" not in page


def test_sign_in_page_offers_the_council_account(client, provider):
    page = client.get("/accounts/login/?next=/dashboard/").content.decode()
    assert "Sign in with your council account" in page
    assert "/oidc/authenticate/?next=/dashboard/" in page


def test_group_claim_gives_roles_and_signs_in(client, provider, caplog):
    caplog.set_level("INFO", logger="audit")
    provider.sign_in_as(
        email="a.khan@manchester.gov.uk",
        given_name="Aisha",
        family_name="Khan",
        groups=["CBO Board Members", "All Staff"],
    )
    answer = sign_in(client, provider)
    assert answer.status_code == 302 and answer.url == "/dashboard/"
    assert user_roles("a.khan@manchester.gov.uk") == {roles.BOARD_MEMBER}
    user = get_user_model().objects.get(email="a.khan@manchester.gov.uk")
    assert (user.first_name, user.last_name) == ("Aisha", "Khan")
    assert not user.is_staff and not user.is_superuser
    assert client.get("/dashboard/").status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "audit"]
    assert any(line.startswith("sign-in user=") for line in lines)
    assert any("oidc roles" in line and "board_member" in line for line in lines)


def test_roles_follow_the_claim_at_each_sign_in(client, provider):
    provider.sign_in_as(email="b.lee@manchester.gov.uk", groups=["CBO Board Members"])
    sign_in(client, provider)
    client.logout()
    provider.sign_in_as(email="b.lee@manchester.gov.uk", groups=["CBO Officers", "CBO Leads"])
    assert sign_in(client, provider).status_code == 302
    assert user_roles("b.lee@manchester.gov.uk") == {roles.OFFICER, roles.PERFORMANCE_LEAD}
    assert get_user_model().objects.filter(email="b.lee@manchester.gov.uk").count() == 1


def test_no_mapped_group_is_refused_and_nothing_is_created(client, provider):
    provider.sign_in_as(email="c.doe@manchester.gov.uk", groups=["All Staff"])
    answer = sign_in(client, provider)
    assert answer.status_code == 302 and answer.url == "/accounts/login/?oidc=failed"
    assert not get_user_model().objects.filter(email="c.doe@manchester.gov.uk").exists()
    assert client.get("/dashboard/").status_code == 302  # still signed out
    page = client.get(answer.url).content.decode()
    assert "Sign-in with your council account did not work" in page


@pytest.mark.parametrize("fault", ["forged signature", "other audience", "provider error"])
def test_a_bad_token_or_provider_fault_is_refused(client, provider, fault):
    if fault == "forged signature":
        provider.sign_with = other_key()
    elif fault == "other audience":
        provider.audience = "another-app"
    else:
        provider.token_status = 500
    provider.sign_in_as(email="d.roe@manchester.gov.uk", groups=["CBO Officers"])
    answer = sign_in(client, provider)
    assert answer.status_code == 302 and answer.url == "/accounts/login/?oidc=failed"
    assert not get_user_model().objects.filter(email="d.roe@manchester.gov.uk").exists()


def test_a_replayed_callback_signs_nobody_in(client, provider):
    provider.sign_in_as(email="e.fox@manchester.gov.uk", groups=["CBO Officers"])
    start = client.get("/oidc/authenticate/")
    back = urlsplit(requests.get(start.url, allow_redirects=False, timeout=5).headers["Location"])
    assert client.get(back.path + "?" + back.query).status_code == 302
    client.logout()
    again = client.get(back.path + "?" + back.query)
    assert again.status_code in (302, 400)
    assert client.get("/dashboard/").status_code == 302


def test_an_administrator_is_never_matched_by_email(client, provider):
    admin = get_user_model().objects.create_superuser(
        "admin", "admin@manchester.gov.uk", "correct-horse-battery-staple-1"
    )
    provider.sign_in_as(email="admin@manchester.gov.uk", groups=["CBO Officers"])
    sign_in(client, provider)
    signed_in = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert signed_in != admin and not signed_in.is_superuser
    # The new account holds only the mapped role.
    assert set(signed_in.groups.values_list("name", flat=True)) == {roles.OFFICER}


def test_password_sign_in_never_calls_the_provider(client, provider, board_member):
    answer = client.post(
        "/accounts/login/?code=abc&state=xyz",
        {"username": board_member.username, "password": "correct-horse-battery-staple-1"},
    )
    assert answer.status_code == 302
    assert provider.requests == []


def test_settings_check_refuses_an_unknown_role(provider, settings):
    settings.OIDC_ROLE_GROUPS = "CBO Board=chair"
    with pytest.raises(SystemCheckError, match="not a role"):
        call_command("check")
    settings.OIDC_ROLE_GROUPS = GROUPS
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    with pytest.raises(SystemCheckError, match="OIDC_OP_TOKEN_ENDPOINT must be set"):
        call_command("check")
