"""With Redis down every page still serves, and /health/ says which part is down."""

import pytest
from django.test import override_settings

from config.settings.base import redis_cache

DEAD_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens on 6390


@pytest.fixture
def redis_down():
    with override_settings(CACHES={"default": redis_cache(DEAD_REDIS)}):
        yield


def test_redis_cache_ignores_connection_errors():
    config = redis_cache("redis://example:6379/0")
    assert config["BACKEND"] == "django_redis.cache.RedisCache"
    assert config["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert config["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 1


@pytest.mark.django_db
def test_pages_serve_with_the_cache_down(client, board_member, redis_down):
    assert client.get("/accounts/login/").status_code == 200
    client.force_login(board_member)
    for url in ("/framework/", "/dashboard/", "/strategies/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_pages_serve_even_with_a_cache_that_raises(client, board_member):
    """Django's own Redis backend raises on every call: the context processor copes."""
    cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}
    with override_settings(CACHES={"default": cache}):
        assert client.get("/accounts/login/").status_code == 200
        client.force_login(board_member)
        assert client.get("/framework/").status_code == 200


@pytest.mark.django_db
def test_api_serves_with_the_cache_down(client_for, officer, redis_down):
    """Throttling reads the cache: with it down, requests go through."""
    client = client_for(officer)
    assert client.get("/api/indicators/").status_code == 200
    assert client.post("/api/returns/", {}, format="json").status_code == 400


@pytest.mark.django_db
def test_health_reports_the_cache_down_with_200(client, redis_down):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "down"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_health_all_fields_when_everything_is_up(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "database", "cache", "broker", "worker"}
    assert body["database"] == "ok" and body["cache"] == "ok"
    assert body["status"] in ("ok", "degraded")
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_reports_the_broker_down(client):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=DEAD_REDIS):
        body = client.get("/health/").json()
    assert body["broker"] == "down" and body["worker"] == "unknown"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    from core import health

    monkeypatch.setattr(health, "database_state", lambda: "down")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "down" and response.json()["status"] == "down"


@pytest.mark.django_db
def test_health_database_check_catches_errors(monkeypatch):
    from core import health

    class Broken:
        def cursor(self):
            raise RuntimeError("database down")

    monkeypatch.setattr(health, "connection", Broken())
    assert health.database_state() == "down"


@pytest.mark.django_db
def test_health_needs_no_sign_in_and_no_role(client, django_user_model):
    assert client.get("/health/").status_code == 200
    client.force_login(django_user_model.objects.create_user("t.norole", password="x"))
    assert client.get("/health/").status_code == 200
