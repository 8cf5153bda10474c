"""Helpers for the idempotent loaders of reference data (framework, scrutiny records)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from django.db import models


def read_yaml(directory: Path, name: str, *, error: type[Exception], expect: type | None = None):
    """The YAML file `name` in `directory` (empty: an empty list), or `error` saying what is
    wrong: a missing file, or (with `expect`) content of the wrong type."""
    path = directory / name
    if not path.exists():
        raise error(f"Missing fixture file {path}.")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if expect is not None and not isinstance(data, expect):
        raise error(f"{path} must hold a {expect.__name__}.")
    return data


def upsert(
    counter: Counter,
    model: type[models.Model],
    lookup: dict,
    values: dict,
    create_only: dict | None = None,
):
    """Create or update the row found by `lookup`, writing only what differs, so a reload
    changes nothing; `counter` counts what was created and updated. `create_only` values are
    written when the row is created and never again (people's later work is left alone)."""
    values = {k: v for k, v in values.items() if k not in lookup}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(create_only or {}))
        obj.full_clean()
        obj.save()
        counter[f"{model._meta.verbose_name_plural} created"] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save(update_fields=[*changed, "updated_at"] if hasattr(obj, "updated_at") else changed)
        counter[f"{model._meta.verbose_name_plural} updated"] += 1
    return obj
