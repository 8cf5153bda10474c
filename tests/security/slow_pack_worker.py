"""A Celery app for tests only: the project's app, with each Board pack build step slowed by
SLOW_PACK_STEP_SECONDS once the worker is up, so a test can kill the worker mid-build.

    celery -A tests.security.slow_pack_worker worker ...

Nothing in the application reads SLOW_PACK_STEP_SECONDS: only this module patches it in.
"""

import os
import time

from celery import signals

from config.celery_app import app

__all__ = ["app"]


@signals.worker_ready.connect
def _slow_pack_steps(**kwargs):
    from outcomes.board import packs

    delay = float(os.environ.get("SLOW_PACK_STEP_SECONDS", "0"))
    progress = packs._progress

    def slow_progress(pack, percent, step):
        progress(pack, percent, step)
        time.sleep(delay)

    packs._progress = slow_progress
