"""Sign-in hardening: lockout, throttling, token expiry, session timeout and the audit log."""

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings as django_settings
from django.db.models import F
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import TEST_PASSWORD

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/token/"


@pytest.fixture
def later():
    """later(minutes=...) moves timezone.now() forward for the block."""

    def _later(**delta):
        moment = timezone.now() + timedelta(**delta)
        return mock.patch.object(timezone, "now", return_value=moment)

    return _later


def _fail(client, url, username, times, **extra):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-password"}, **extra)
        assert response.status_code in (200, 400, 429), response.status_code


def test_lockout_settings_are_five_failures_for_thirty_minutes():
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_COOLOFF_TIME == timedelta(minutes=30)
    assert django_settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert django_settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


@pytest.mark.django_db
def test_sixth_sign_in_with_the_right_password_is_refused(client, board_member):
    _fail(client, LOGIN, "t.board", 5)
    response = client.post(LOGIN, {"username": "t.board", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert b"Sign-in locked" in response.content
    assert "_auth_user_id" not in client.session
    assert client.get("/framework/").status_code == 302  # still signed out


@pytest.mark.django_db
def test_four_failures_do_not_lock(client, board_member):
    _fail(client, LOGIN, "t.board", 4)
    response = client.post(LOGIN, {"username": "t.board", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(board_member.pk)


@pytest.mark.django_db
def test_lockout_per_username_from_any_address(client, board_member):
    for n in range(5):
        client.post(LOGIN, {"username": "t.board", "password": "x"}, REMOTE_ADDR=f"10.0.0.{n}")
    response = client.post(
        LOGIN, {"username": "t.board", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.9.9"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_lockout_per_address_whatever_the_username(client, board_member):
    for n in range(5):
        client.post(LOGIN, {"username": f"guess{n}", "password": "x"}, REMOTE_ADDR="10.1.1.1")
    locked = client.post(
        LOGIN, {"username": "t.board", "password": TEST_PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        LOGIN, {"username": "t.board", "password": TEST_PASSWORD}, REMOTE_ADDR="10.2.2.2"
    )
    assert elsewhere.status_code == 302


def _age_failures(**delta):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(**delta))


@pytest.mark.django_db
def test_lockout_ends_thirty_minutes_after_the_last_failure(client, board_member):
    _fail(client, LOGIN, "t.board", 5)
    _age_failures(minutes=29)
    right = {"username": "t.board", "password": TEST_PASSWORD}
    assert client.post(LOGIN, right).status_code == 429
    _age_failures(minutes=31)
    assert client.post(LOGIN, right).status_code == 302


@pytest.mark.django_db
def test_admin_sign_in_is_locked_too(client, django_user_model):
    django_user_model.objects.create_superuser("t.root", "root@example.com", TEST_PASSWORD)
    _fail(client, ADMIN_LOGIN, "t.root", 5)
    response = client.post(
        ADMIN_LOGIN, {"username": "t.root", "password": TEST_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_token_endpoint_is_locked_too(board_member):
    client = APIClient()
    statuses = [
        client.post(TOKEN, {"username": "t.board", "password": "x"}, format="json").status_code
        for _ in range(5)
    ]
    assert statuses[:4] == [400] * 4 and statuses[4] in (400, 429)
    response = client.post(TOKEN, {"username": "t.board", "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "token" not in response.json() and "detail" in response.json()
    assert not Token.objects.filter(user=board_member).exists()


@pytest.mark.django_db
def test_failures_on_one_door_count_on_the_others(client, board_member):
    _fail(client, LOGIN, "t.board", 3)
    _fail(client, ADMIN_LOGIN, "t.board", 2)
    response = APIClient().post(
        TOKEN, {"username": "t.board", "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_token_endpoint_is_throttled_with_a_json_429(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "token": "3/minute",
        },
    }
    client = APIClient()
    statuses = [client.post(TOKEN, {}, format="json").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    response = client.post(TOKEN, {}, format="json")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_default_rates_are_set():
    rates = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"write": "120/minute", "token": "10/minute"}


@pytest.mark.django_db
def test_api_writes_are_throttled_per_user_and_reads_are_not(settings, client_for, officer):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "write": "2/minute",
        },
    }
    client = client_for(officer)
    statuses = [client.post("/api/returns/", {}, format="json").status_code for _ in range(3)]
    assert statuses[:2] == [400, 400] and statuses[2] == 429
    assert all(client.get("/api/returns/").status_code == 200 for _ in range(5))


@pytest.mark.django_db
def test_expired_token_is_refused_with_401(board_member):
    token = Token.objects.create(user=board_member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/plans/").status_code == 200
    issued = timezone.now() - timedelta(hours=24, minutes=1)
    Token.objects.filter(pk=token.pk).update(created=issued)
    response = client.get("/api/plans/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@pytest.mark.django_db
def test_token_younger_than_the_ttl_works(board_member, settings):
    assert settings.API_TOKEN_TTL_HOURS == 24
    token = Token.objects.create(user=board_member)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(hours=23))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/plans/").status_code == 200


@pytest.mark.django_db
def test_asking_again_after_expiry_gives_a_new_working_token(board_member):
    client = APIClient()
    body = {"username": "t.board", "password": TEST_PASSWORD}
    old = client.post(TOKEN, body, format="json").json()["token"]
    Token.objects.filter(key=old).update(created=timezone.now() - timedelta(hours=25))
    new = client.post(TOKEN, body, format="json").json()["token"]
    assert new != old
    client.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert client.get("/api/plans/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/api/plans/").status_code == 401


@pytest.mark.django_db
def test_session_ends_eight_hours_after_sign_in(client, board_member, later, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    response = client.post(LOGIN, {"username": "t.board", "password": TEST_PASSWORD})
    assert response.status_code == 302
    with later(hours=7, minutes=59):
        assert client.get("/framework/").status_code == 200
    with later(hours=8, minutes=1):
        response = client.get("/framework/")
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_sign_in_sign_out_and_failures_are_audited(client, board_member, caplog):
    caplog.set_level("INFO", logger="audit")
    client.post(LOGIN, {"username": "t.board", "password": "wrong"}, REMOTE_ADDR="10.9.8.7")
    client.post(LOGIN, {"username": "t.board", "password": TEST_PASSWORD}, REMOTE_ADDR="10.9.8.7")
    client.post("/accounts/logout/", REMOTE_ADDR="10.9.8.7")
    APIClient().post(TOKEN, {"username": "t.board", "password": TEST_PASSWORD}, format="json")
    lines = [r.getMessage() for r in caplog.records if r.name == "audit"]
    assert any(line.startswith("sign-in failed user=t.board ip=10.9.8.7") for line in lines)
    assert any(line.startswith("sign-in user=t.board ip=10.9.8.7") for line in lines)
    assert any(line.startswith("sign-out user=t.board ip=10.9.8.7") for line in lines)
    assert any(line.startswith("api token issued user=t.board") for line in lines)
    assert not any(TEST_PASSWORD in line or "wrong" in line for line in lines)
    # django-axes' own access log (admin: Axes)
    assert AccessFailureLog.objects.filter(username="t.board", ip_address="10.9.8.7").exists()
    log = AccessLog.objects.get(username="t.board", ip_address="10.9.8.7")
    assert log.logout_time is not None


@pytest.mark.django_db
def test_lockout_is_audited(client, board_member, caplog):
    caplog.set_level("INFO", logger="audit")
    _fail(client, LOGIN, "t.board", 6)
    assert AccessAttempt.objects.filter(username="t.board").exists()
    assert any(r.getMessage().startswith("locked out user=t.board") for r in caplog.records)
