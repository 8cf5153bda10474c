"""Settings shared by every environment; everything that varies comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SHARED_SEEDS_DIR = Path(os.environ.get("SHARED_SEEDS_DIR", BASE_DIR.parent / "shared" / "seeds"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-local-only-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "axes",
    "core",
    "outcomes",
    "strategies",
    "indicators",
    "scrutiny",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A strict Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user with no role sees only "No access yet" (core/middleware.py).
    "core.middleware.RoleRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into core.lockout's 429 answer.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only;
# no inline script or style (templates load static files; Plotly's stylesheet is a file, see
# static_src/build.mjs) but the printable pack's one <style>, which carries the nonce; no
# framing, no plugins, forms post only here. Data URIs for images are allowed for GOV.UK
# Frontend's and Swagger UI's small inline icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # NONCE: the printable pack's one <style> element carries the response's nonce (the
        # header names a nonce only on a page that uses one); style="" stays refused.
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# A read replica (docs/scaling.md): with DATABASE_REPLICA_URL set, the dashboard's reads go to
# it (core/db_router.py); every write, and every other read, stays on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
DASHBOARD_READ_DATABASE = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Addresses a signed-in user with no role may still use (besides sign-out and static files).
PATHS_OPEN_WITHOUT_ROLE = ["/healthz", "/health/"]
# django-axes checks every authenticate() call (sign-in page, admin, /api/token/) first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Does nothing unless OIDC_RP_CLIENT_ID is set, and only on the callback address.
    "core.oidc.CouncilOIDCBackend",
]
# Sign-in with the council's identity provider by OpenID Connect (core/oidc.py,
# docs/security.md). Off unless OIDC_RP_CLIENT_ID is set; then every OIDC_OP_* address is needed.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# The claim holding the user's groups, and which group gives which role: "group=role; ...".
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_ROLE_GROUPS = os.environ.get(
    "OIDC_ROLE_GROUPS",
    "board_member=board_member; officer=officer; performance_lead=performance_lead; "
    "scrutiny_officer=scrutiny_officer",
)
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# Two separate counters: failures for one username (from anywhere), failures from one address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe earlier failures: it would let one good account clear the address's
# count (and with it the failures against someone else's username from that address).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind a reverse proxy (Docker, load balancer) set TRUSTED_PROXY_COUNT so the client address
# is read from X-Forwarded-For; otherwise every client would share the proxy's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# Sessions end this many seconds after sign-in (default 8 hours) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# API tokens are refused this many hours after issue (core.authentication).
API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", "24"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# npm builds GOV.UK Frontend, axe and plotly.js into static/dist (see package.json).
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Where `manage.py backup_db` writes when no --output is given.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or BASE_DIR / "backups")

# Upload limits for CSV/Excel returns (bytes); Django refuses larger request bodies.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A returns (or benchmarks) import file: at most this many rows of figures and this many bytes
# (indicators/returns/importers.py; reading stops 1,000 rows past the cap, blank rows counted).
# 10,000 rows with a paragraph of commentary each fit in 4 MB.
RETURNS_IMPORT_MAX_ROWS = int(os.environ.get("RETURNS_IMPORT_MAX_ROWS", "20000"))
RETURNS_IMPORT_MAX_BYTES = int(os.environ.get("RETURNS_IMPORT_MAX_BYTES", str(4 * 1024 * 1024)))

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url: str) -> dict:
    """The cache on Redis through django-redis. With Redis down a read misses and a write is
    dropped (IGNORE_EXCEPTIONS), within a 1 s timeout, so every page still serves."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }


# Each ignored cache error is logged (django_redis logger) rather than silently swallowed.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker every task runs in-process, so nothing else has to be running.
# (Production refuses eager mode: config/settings/production.py.)
CELERY_TASK_ALWAYS_EAGER = (
    env_bool("CELERY_TASK_ALWAYS_EAGER")
    if os.environ.get("CELERY_TASK_ALWAYS_EAGER", "").strip()
    else not REDIS_URL
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Heavy jobs (a Board pack's PDF, the nightly recompute of every open period) go to their own
# queue, so a long pack never delays the RAG recompute an approval asks for (docs/scaling.md).
# Production runs a worker for each (`-Q celery` and `-Q heavy`); one worker may take both
# (`-Q celery,heavy`). Eager mode (make run) ignores queues.
CELERY_TASK_DEFAULT_QUEUE = "celery"
HEAVY_QUEUE = "heavy"
CELERY_TASK_ROUTES = {
    "outcomes.build_pack": {"queue": HEAVY_QUEUE},
    "indicators.recompute_open_periods": {"queue": HEAVY_QUEUE},
    "indicators.recompute_all": {"queue": HEAVY_QUEUE},
    "indicators.recompute_part": {"queue": HEAVY_QUEUE},
}
# The nightly and the full recompute run as this many tasks, each a range of indicators, which
# the heavy queue's workers take side by side (at most one part per bucket of 200 indicators).
RAG_RECOMPUTE_PARTS = int(os.environ.get("RAG_RECOMPUTE_PARTS", "4"))
# On PostgreSQL a recompute job reads the stored statuses, and writes the changed ones, on a
# second connection while it rates (indicators.status._Reader; docs/adr/0011, 0012): off, it
# does both on its own connection, a quarter slower (bench/recompute_reader.py).
RAG_READ_BESIDE = env_bool("RAG_READ_BESIDE", True)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Jobs go through an outbox (core/jobs.py): sending one waits at most this many seconds for
# the broker; a job that cannot be sent waits in core.OutboxJob and is sent later, by the
# `core.send_outbox` beat task (every minute) or after a request, at most this often.
JOB_SEND_TIMEOUT = 1.5
OUTBOX_FLUSH_SECONDS = 30
# A Board pack queued or being built with no progress for this long is stale: its job stopped
# (a worker died, the broker lost it). It is marked failed and a new pack may be published.
BOARD_PACK_STALE_SECONDS = 60 * int(os.environ.get("BOARD_PACK_STALE_MINUTES", "10"))
# A pack's focus section gives a page (chart, figures, commentary) to at most this many of the
# focus theme's indicators: its exceptions first, then the rest in the dashboard's order.
# Every focus indicator is in the pack's appendix table (issue 13: a theme of 192 indicators
# at Greater Manchester scale would otherwise make a 300-page pack).
PACK_FOCUS_CHARTS = int(os.environ.get("PACK_FOCUS_CHARTS", "20"))

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "childrens-board@manchester.example"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes refusals (an expired token) 401.
        "core.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Writes are limited per user; /api/token/ per address (its view sets its own throttle).
    "DEFAULT_THROTTLE_CLASSES": ["core.throttling.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "write": os.environ.get("API_WRITE_RATE", "120/minute"),
        "token": os.environ.get("API_TOKEN_RATE", "10/minute"),
    },
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # ?limit= is capped at API_MAX_LIMIT; bad values give the default page (core/pagination.py).
    "DEFAULT_PAGINATION_CLASS": "core.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
}
API_MAX_LIMIT = int(os.environ.get("API_MAX_LIMIT", "500"))
API_MAX_OFFSET = 1_000_000
SPECTACULAR_SETTINGS = {
    "TITLE": "Children's Board Outcomes API",
    "DESCRIPTION": "Manchester's outcomes framework for children and young people: framework, "
    "indicator returns, RAG status, Board dashboards and packs, and scrutiny records. "
    "Aggregate figures only.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and docs are for role holders only (anonymous: 403; the docs page signs in).
    "SERVE_PERMISSIONS": ["core.permissions.HasAnyRole"],
    # Swagger UI from the app's own static files (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents the standard JSON error answers (400/401/403/404; 409/429 on
    # writes) once, in core/schema.py, rather than view by view.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RecommendationStatusEnum": "scrutiny.models.Recommendation.Status",
        "ActionStatusEnum": "scrutiny.models.Action.Status",
        "CommitteeMemberKindEnum": "scrutiny.models.CommitteeMember.Kind",
        "ActionPlanKindEnum": "scrutiny.models.ActionPlan.Kind",
        "BoardActionStatusEnum": "outcomes.models.BoardAction.Status",
    },
}

# Returns fall due this many working days after their period ends (issue 3).
RETURN_DUE_WORKING_DAYS = int(os.environ.get("RETURN_DUE_WORKING_DAYS", "15"))
SCRUTINY_OUTSTANDING_FLAG_DAYS = int(os.environ.get("SCRUTINY_OUTSTANDING_FLAG_DAYS", "90"))
SITE_NAME = "Children's Board Outcomes"
# Absolute links in emails (e.g. https://outcomes.manchester.example); blank gives relative links.
SITE_URL = os.environ.get("SITE_URL", "")
COUNCIL_NAME = "Manchester City Council"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step of a Board pack at INFO: keep only its warnings.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Sign-in, sign-out, failures, lockouts and tokens (core/audit.py).
        "audit": {"level": "INFO"},
        "axes": {"level": "INFO"},
        "django_redis": {"level": "WARNING"},
    },
}
