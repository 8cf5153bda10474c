"""A lock so that two runs of the same job never write at once."""

import hashlib
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.db import OperationalError, connection, transaction


class LockTimeout(RuntimeError):
    """Another run held the lock for longer than we were willing to wait."""


def _key_to_bigint(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def advisory_lock(key: str, *, timeout: float = 300.0):
    """Hold `key` for the duration of the block, inside one transaction.

    PostgreSQL: a transaction-level advisory lock (released at commit). SQLite, which has no
    advisory locks: a cache entry taken with add(), which is atomic in one process (where eager
    tasks run); SQLite itself serialises writers across processes.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _wait_for("pg_advisory_xact_lock", key, timeout)
            yield
            return
        cache_key = f"lock:{key}"
        deadline = time.monotonic() + timeout
        while not cache.add(cache_key, "1", timeout=int(timeout) + 60):
            if time.monotonic() > deadline:
                raise LockTimeout(f"Could not take the lock {key!r} within {timeout} s.")
            time.sleep(0.05)
        try:
            yield
        finally:
            cache.delete(cache_key)


def take_session_lock(key: str, *, timeout: float = 300.0) -> None:
    """PostgreSQL only: take `key` for this connection's session (it outlives commits) until
    release_session_lock; waits at most `timeout` seconds. The same key as advisory_lock's:
    the two exclude each other. The RAG engine holds a bucket so while its rows are written
    on another connection (indicators.status._store_pipelined)."""
    _wait_for("pg_advisory_lock", key, timeout)


def release_session_lock(key: str) -> None:
    """Release what take_session_lock took."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [_key_to_bigint(key)])


def _wait_for(function: str, key: str, timeout: float) -> None:
    """PostgreSQL: take `key` by the advisory lock `function`, waiting at most `timeout` seconds
    (a lock_timeout of the statement's own transaction, or savepoint); LockTimeout if not."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = %s", [f"{int(timeout * 1000)}ms"])
            cursor.execute(f"SELECT {function}(%s)", [_key_to_bigint(key)])
    except OperationalError as exc:
        raise LockTimeout(f"Could not take the lock {key!r} within {timeout} s.") from exc
