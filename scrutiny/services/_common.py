"""Shared pieces of the scrutiny services: saving with audit fields, role checks, settings."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from core import roles

logger = logging.getLogger(__name__)
User = get_user_model()

SCRUTINY_DIR = settings.BASE_DIR / "fixtures" / "scrutiny"
CHASE_TASK = "scrutiny.tasks.chase_digests_send"
CHASE_SCHEDULE_NAME = "Scrutiny: daily chase digest"
M2M_FIELDS = ("themes", "indicators")


class ScrutinyDataError(ValueError):
    """The scrutiny fixtures are inconsistent; nothing was loaded."""


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _save(obj: models.Model, *, user=None, fields: dict[str, Any] | None = None) -> models.Model:
    """Set fields, stamp the audit fields, validate and save; many-to-many fields after save."""
    m2m = {}
    for name, value in (fields or {}).items():
        if name in M2M_FIELDS:
            m2m[name] = value
        else:
            setattr(obj, name, value)
    if user is not None and getattr(user, "is_authenticated", False):
        if obj.pk is None:
            obj.created_by = user
        obj.updated_by = user
        obj._history_user = user
    obj.full_clean()
    obj.save()
    for name, value in m2m.items():
        getattr(obj, name).set(value)
    return obj


def _require_role(user, *allowed: str) -> None:
    if not roles.has_role(user, *allowed):
        raise PermissionDenied("Your role does not allow this.")


def _require_officer(user) -> None:
    """A contact officer or lead must be a user holding the officer role."""
    if user is not None and not roles.has_role(user, roles.OFFICER):
        raise ValidationError(f"{_display_name(user)} does not hold the officer role.")
