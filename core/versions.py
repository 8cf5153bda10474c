"""Version counters kept in the cache: what a page caches is keyed on the version of the data
it reads, and every write to that data makes a new version (issue 13, docs/performance.md).

A counter that is missing (never set, evicted, or the cache restarted) is set afresh from the
clock, so any value read after a loss differs from every value read before it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable

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


def cache_key(prefix: str, parts: Iterable) -> str:
    """A cache key for what `parts` (versions, codes, the day...) identify: `prefix` and their
    digest, so the key stays short whatever the parts hold."""
    text = "\x1f".join(map(str, parts))
    return f"{prefix}:{hashlib.sha256(text.encode()).hexdigest()}"


# The version of what the indicator page reads beyond the stored statuses: the framework,
# returns, targets and benchmarks (indicators), Board sessions and actions (outcomes) and
# strategies. Every save or delete of one of their records makes a new one (track_apps); the
# writes that bypass signals (bulk_create, QuerySet.update) call changed(FRAMEWORK) themselves.
FRAMEWORK = "framework:version"


def track_apps(key: str, app_labels: set[str]) -> None:
    """Make a new version of `key` on every post_save, post_delete and m2m_changed of a model
    in one of `app_labels`. Called from an AppConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def _changed(sender, **kwargs) -> None:
        if getattr(getattr(sender, "_meta", None), "app_label", "") in app_labels:
            changed(key)

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, weak=False, dispatch_uid=f"versions-{key}-{id(signal)}")
