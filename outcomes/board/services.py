"""Board sessions, young people's voice, actions and key indicators: the writes.

Every write is a performance lead's (or a superuser's). Bad input raises ValidationError with a
clear message and changes nothing; an edit made from a stale copy raises ConcurrentEditError.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.jobs import enqueue
from core.roles import PERFORMANCE_LEAD, has_role
from core.services import ConcurrentEditError
from indicators.models import Indicator
from outcomes.models import (
    ActionUpdate,
    Attendance,
    BoardAction,
    BoardPack,
    BoardSession,
    VoiceEntry,
)

from .tasks import build_pack

SESSION_FIELDS = ("period", "date", "title", "focus_theme", "venue", "notes")
ACTION_FIELDS = ("owner", "what", "due_date", "expected_impact", "impact_by", "status")


def can_manage(user) -> bool:
    return has_role(user, PERFORMANCE_LEAD)


def _require_lead(user) -> None:
    if not can_manage(user):
        raise PermissionDenied("Only a performance lead can change Board sessions.")


def _check_version(obj, version, noun: str) -> None:
    if version is None or int(version) != obj.version:
        raise ConcurrentEditError(
            f"Someone else saved this {noun} (now version {obj.version}) after you opened "
            f"version {version}. Your change was not saved: reload it and make it again."
        )


def session_clean(session: BoardSession) -> None:
    """The rules a session keeps, whichever way it is entered."""
    errors = {}
    period = session.period if session.period_id else None
    if period is not None and period.kind != "fin_quarter":
        errors["period"] = "A Board session reviews a financial quarter (e.g. FY2019-20-Q2)."
    elif period is not None and session.date and session.date < period.start:
        errors["date"] = (
            f"The session reviews {period.label}, so it cannot meet before "
            f"{period.start.day} {period.start:%B %Y}."
        )
    if errors:
        raise ValidationError(errors)


def _attendances_clean(rows) -> list[dict]:
    cleaned, seen = [], set()
    for n, row in enumerate(rows or [], start=1):
        organisation = (row.get("organisation") or "").strip()
        role = (row.get("role") or "").strip()
        if not organisation:
            raise ValidationError({"attendances": f"Attendee row {n}: give the organisation."})
        try:
            raw = row.get("count")
            count = 1 if raw is None or str(raw).strip() == "" else int(raw)
        except (TypeError, ValueError):
            raise ValidationError(
                {"attendances": f"Attendee row {n}: the number must be a whole number."}
            ) from None
        if count < 1:
            raise ValidationError(
                {"attendances": f"Attendee row {n}: the number must be 1 or more."}
            )
        if (organisation.lower(), role.lower()) in seen:
            raise ValidationError(
                {"attendances": f"Attendee row {n}: {organisation} {role} is listed twice."}
            )
        seen.add((organisation.lower(), role.lower()))
        cleaned.append({"organisation": organisation, "role": role, "count": count})
    return cleaned


def _set_attendances(session: BoardSession, rows: list[dict], user) -> None:
    session.attendances.all().delete()
    Attendance.objects.bulk_create(
        Attendance(session=session, created_by=user, updated_by=user, **row) for row in rows
    )


@transaction.atomic
def session_create(*, user, attendances=None, **fields) -> BoardSession:
    _require_lead(user)
    rows = _attendances_clean(attendances)
    session = BoardSession(
        created_by=user, updated_by=user, **{k: v for k, v in fields.items() if k in SESSION_FIELDS}
    )
    session_clean(session)
    session.full_clean()
    session.save()
    _set_attendances(session, rows, user)
    return session


def _versioned_update(obj, *, user, version, noun: str, allowed, fields: dict, clean):
    """Lock the row, refuse a stale version, apply the allowed fields, check, save as the next
    version. Shared by sessions and actions."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    _check_version(obj, version, noun)
    for name, value in fields.items():
        if name in allowed:
            setattr(obj, name, value)
    clean(obj)
    obj.full_clean()
    obj.version += 1
    obj.updated_by = user
    obj.save()
    return obj


@transaction.atomic
def session_update(
    *, user, session: BoardSession, version, attendances=None, **fields
) -> BoardSession:
    _require_lead(user)
    session = _versioned_update(
        session,
        user=user,
        version=version,
        noun="session",
        allowed=SESSION_FIELDS,
        fields=fields,
        clean=session_clean,
    )
    if attendances is not None:
        _set_attendances(session, _attendances_clean(attendances), user)
    return session


def voice_add(
    *, user, session: BoardSession, group: str, said: str, how_heard: str = ""
) -> VoiceEntry:
    _require_lead(user)
    entry = VoiceEntry(
        session=session,
        group=(group or "").strip(),
        said=(said or "").strip(),
        how_heard=(how_heard or "").strip(),
        created_by=user,
        updated_by=user,
    )
    entry.full_clean()
    entry.save()
    return entry


def voice_update(*, user, entry: VoiceEntry, **fields) -> VoiceEntry:
    _require_lead(user)
    for name in ("group", "said", "how_heard"):
        if name in fields:
            setattr(entry, name, (fields[name] or "").strip())
    entry.updated_by = user
    entry.full_clean()
    entry.save()
    return entry


def voice_delete(*, user, entry: VoiceEntry) -> None:
    _require_lead(user)
    entry.delete()


# An action is still to be done while Not started, On track or At risk; Done and Dropped end it.
OPEN_ACTION_STATUSES = frozenset(
    {BoardAction.Status.NOT_STARTED, BoardAction.Status.ON_TRACK, BoardAction.Status.AT_RISK}
)
OVERDUE_LABEL = "Overdue"


def action_overdue(action: BoardAction, today) -> bool:
    """Past its "by when" date and still open. Derived, never stored: it ends when an update
    sets Done or Dropped, or an edit moves the due date to today or later."""
    return action.status in OPEN_ACTION_STATUSES and action.due_date < today


def action_status_label(action: BoardAction, today) -> str:
    """The status as shown: "Overdue" for an open action past its due date, else its status."""
    return OVERDUE_LABEL if action_overdue(action, today) else action.get_status_display()


def actions_status_set(actions, today) -> list[BoardAction]:
    """Give each action `overdue` and `status_label` as of `today`, for the pages."""
    actions = list(actions)
    for action in actions:
        action.overdue = action_overdue(action, today)
        action.status_label = action_status_label(action, today)
    return actions


def action_clean(action: BoardAction) -> None:
    if action.due_date and action.impact_by and action.impact_by < action.due_date:
        raise ValidationError(
            {
                "impact_by": "The impact cannot be expected before the action "
                "is due: give a date on or after the due date."
            }
        )


@transaction.atomic
def action_create(*, user, session: BoardSession, indicators=(), **fields) -> BoardAction:
    _require_lead(user)
    action = BoardAction(
        session=session,
        created_by=user,
        updated_by=user,
        **{k: v for k, v in fields.items() if k in ACTION_FIELDS},
    )
    action.full_clean()
    action_clean(action)
    action.save()
    action.indicators.set(_indicators(indicators))
    return action


@transaction.atomic
def action_update(*, user, action: BoardAction, version, indicators=None, **fields) -> BoardAction:
    _require_lead(user)
    action = _versioned_update(
        action,
        user=user,
        version=version,
        noun="action",
        allowed=ACTION_FIELDS,
        fields=fields,
        clean=action_clean,
    )
    if indicators is not None:
        action.indicators.set(_indicators(indicators))
    return action


@transaction.atomic
def action_progress(*, user, action: BoardAction, date, status: str, text: str) -> ActionUpdate:
    """A dated update, which also sets the action's status."""
    _require_lead(user)
    action = BoardAction.objects.select_for_update().get(pk=action.pk)
    update = ActionUpdate(
        action=action,
        date=date,
        status=status,
        text=(text or "").strip(),
        created_by=user,
        updated_by=user,
    )
    update.full_clean()
    update.save()
    if action.status != status:
        action.status = status
        action.version += 1
        action.updated_by = user
        action.save(update_fields=["status", "version", "updated_by", "updated_at"])
    return update


def _indicators(items) -> list[Indicator]:
    """Indicators given as objects or codes; an unknown code is a clear error."""
    items = list(items or [])
    codes = [i for i in items if isinstance(i, str)]
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError({"indicators": f"No indicator with code {', '.join(missing)}."})
    return [found[i] if isinstance(i, str) else i for i in items]


@transaction.atomic
def key_indicators_set(*, user, codes) -> list[str]:
    """Make exactly these the Board's key indicators; returns the codes that changed."""
    _require_lead(user)
    chosen = {i.code for i in _indicators(list(codes))}
    changed = []
    for indicator in Indicator.objects.select_for_update().order_by("code"):
        wanted = indicator.code in chosen
        if indicator.is_key != wanted:
            indicator.is_key = wanted
            indicator.updated_by = user
            indicator.save(update_fields=["is_key", "updated_by", "updated_at"])
            changed.append(indicator.code)
    return changed


def pack_request(*, user, session: BoardSession) -> BoardPack:
    """Queue a new pack for the session; the task builds and publishes it. A pack whose job
    stopped (stale) is marked failed first, so it never blocks publishing again."""
    if not can_manage(user):
        raise PermissionDenied("Only a performance lead can publish a Board pack.")
    with transaction.atomic():
        BoardSession.objects.select_for_update().get(pk=session.pk)
        session.packs.fail_stale()
        busy = session.packs.filter(state__in=[BoardPack.State.QUEUED, BoardPack.State.RUNNING])
        if busy.exists():
            raise ValidationError(
                "A pack for this session is already being built: wait for it to finish."
            )
        pack = BoardPack.objects.create(
            session=session, created_by=user, updated_by=user, step="Waiting for the job to start"
        )
        # Sent after the commit, through the outbox (core.jobs): a broker outage delays it.
        pack.task_id = enqueue(build_pack, pack.pk)
        pack.save(update_fields=["task_id"])
    return pack
