"""Celery application: configured from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("childrens_board")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Capabilities keep their tasks in their own package (outcomes/board/tasks.py).
app.autodiscover_tasks(["outcomes.board"])


@app.task(name="core.ping")
def ping(value="pong"):
    """Round-trip check used by the worker integration test and health checks."""
    return value
