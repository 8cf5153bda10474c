"""Reads that may go to a replica: the dashboard's, inside `replica_reads()` (docs/scaling.md).

The router sends a read to settings.DASHBOARD_READ_DATABASE only while a `replica_reads()` block
is open and that alias is configured; every write, every other read and every migration use
the primary ("default").
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings

_replica_reads = contextvars.ContextVar("replica_reads", default=False)


@contextlib.contextmanager
def replica_reads():
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def read_alias() -> str | None:
    alias = getattr(settings, "DASHBOARD_READ_DATABASE", None)
    if _replica_reads.get() and alias and alias in settings.DATABASES:
        return alias
    return None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
