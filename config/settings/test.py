"""Test settings: fast hashing, in-memory email; DATABASE_URL/REDIS_URL still switch backends."""

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A second alias on the same test database, as a replica would be (tests/core/test_replica.py
# routes the dashboard's reads to it); off unless a test sets DASHBOARD_READ_DATABASE.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DASHBOARD_READ_DATABASE = None
# Tasks run in-process in tests; the real-worker fixture (tests/conftest.py) switches this off.
CELERY_TASK_ALWAYS_EAGER = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
