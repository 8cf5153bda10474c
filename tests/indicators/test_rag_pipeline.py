"""A recompute job on PostgreSQL writes each bucket's changed statuses on its second connection
while it rates the next bucket (indicators.status._store_pipelined, docs/adr/0011): it writes
what the one-connection way writes, holds each bucket's lock from before its figures are read
until its rows are committed (never more than two buckets at once), and after a failure
leaves no lock held, no thread running and CPython's switch interval as it was."""

import sys
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from indicators import locks, status
from indicators.models import IndicatorStatus
from tests.helpers import held_elsewhere
from tests.indicators.stored_statuses import ids_every, snapshot

pytestmark = [pytest.mark.django_db(transaction=True)]


def advisory_locks_held() -> list[tuple[int, int]]:
    """(classid, objid) of every advisory lock granted in the database, any session."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT classid::bigint, objid::bigint FROM pg_locks "
            "WHERE locktype = 'advisory' AND granted"
        )
        return sorted(cursor.fetchall())


def lock_id(key: str) -> tuple[int, int]:
    """How pg_locks shows the advisory lock of `key` (a bigint: high and low 32 bits)."""
    value = locks._key_to_bigint(key) & 0xFFFFFFFFFFFFFFFF
    return (value >> 32, value & 0xFFFFFFFF)


@pytest.fixture
def demo(framework_tx, settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the second connection and session locks are PostgreSQL's")
    settings.DEBUG = False
    call_command("seed_demo")
    monkeypatch.setattr(status, "CHUNK", 10)  # several buckets, as at scale
    return snapshot()


def test_each_bucket_is_written_on_the_second_connection_under_its_lock(demo, monkeypatch):
    taken: list[str] = []
    seen: list[dict] = []
    take, run_writes = locks.take_session_lock, status._run_writes

    def taking(key, **kwargs):
        take(key, **kwargs)
        taken.append(key)

    def writing(writes):
        # on the reader's thread: which bucket this is, which locks are held meanwhile
        seen.append(
            {
                "bucket": taken[len(seen)],
                "thread": threading.current_thread().name,
                "held": advisory_locks_held(),
            }
        )
        return run_writes(writes)

    monkeypatch.setattr(status, "take_session_lock", taking)
    monkeypatch.setattr(status, "_run_writes", writing)
    altered = IndicatorStatus.objects.filter(id__in=ids_every(4)).update(rag="red", value=None)
    interval = sys.getswitchinterval()

    assert status.statuses_recompute() == altered
    assert snapshot() == demo
    assert len(seen) == len(taken) > 2
    for write in seen:
        assert write["thread"].startswith("rag-stored-rows")
        assert lock_id(write["bucket"]) in write["held"]  # its own, until committed
        assert 1 <= len(write["held"]) <= 2  # and at most the next one's besides
    assert advisory_locks_held() == []
    assert sys.getswitchinterval() == interval
    assert status.statuses_recompute() == 0


def test_a_failed_write_leaves_nothing_held_and_the_next_run_repairs(demo, monkeypatch):
    calls = []
    run_writes = status._run_writes

    def failing(writes):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away mid-write")
        return run_writes(writes)

    monkeypatch.setattr(status, "_run_writes", failing)
    closed = []

    class Reader(status._Reader):
        def close(self):
            super().close()
            closed.append(self)

    monkeypatch.setattr(status, "_Reader", Reader)
    IndicatorStatus.objects.update(rag="red")
    interval = sys.getswitchinterval()

    with pytest.raises(RuntimeError, match="went away"):
        status.statuses_recompute()

    assert advisory_locks_held() == []
    assert len(closed) == 1
    assert sys.getswitchinterval() == interval
    assert snapshot() != demo  # the failed bucket and those after it are still to write
    monkeypatch.setattr(status, "_run_writes", run_writes)
    assert status.statuses_recompute() > 0
    assert snapshot() == demo


def test_a_bucket_held_elsewhere_times_out_and_frees_what_was_taken(demo, monkeypatch):
    """Another job holds the third bucket: the recompute gives up there (LockTimeout), with the
    two buckets before it written and every lock it took released."""
    ids = IndicatorStatus.objects.values_list("indicator_id", flat=True)
    buckets = sorted({i // status.CHUNK for i in ids})
    assert len(buckets) > 3
    monkeypatch.setattr(status, "LOCK_TIMEOUT", 0.3)
    IndicatorStatus.objects.update(rag="red")
    third = f"{status.LOCK_KEY}:{buckets[2]}"
    with held_elsewhere(lambda: locks.advisory_lock(third)):
        with pytest.raises(locks.LockTimeout):
            status.statuses_recompute()
        assert advisory_locks_held() == [lock_id(third)]
    assert advisory_locks_held() == []

    def city(rows: dict, written: bool) -> dict:
        """The city's rows of the buckets before the third (written), or of the rest."""
        return {
            key: row
            for key, row in rows.items()
            if key[0] == "IndicatorStatus" and (key[2] // status.CHUNK < buckets[2]) == written
        }

    now = snapshot()
    assert city(now, written=True) == city(demo, written=True)
    assert all(row[3] == "red" for row in city(now, written=False).values())
    assert city(now, written=False) != city(demo, written=False)
    assert status.statuses_recompute() > 0
    assert snapshot() == demo
