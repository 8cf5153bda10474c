"""Version counters kept in the cache: what a page caches is keyed on the version of the data
it reads, and every write to that data makes a new version (issue 13, docs/performance.md).

A counter that is missing (never set, evicted, or the cache restarted) is set afresh from the
clock, so any value read after a loss differs from every value read before it.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def changed(key: str) -> None:
    """The data under `key` changed: a new version."""
    try:
        cache.incr(key)
    except ValueError:  # not set (or evicted): any new value invalidates
        cache.set(key, time.time_ns(), timeout=None)


def current(key: str) -> int:
    """The data's version now (see changed)."""
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        if not cache.add(key, version, timeout=None):
            version = cache.get(key, version)
    return version
