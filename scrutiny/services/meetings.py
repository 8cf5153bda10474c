"""Writes for the Committee's meetings, agenda items and decisions, its work programme and the
Register of Key Decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from core import roles
from scrutiny import selectors
from scrutiny.models import (
    AgendaItem,
    Committee,
    Decision,
    KeyDecision,
    Meeting,
    WorkProgrammeItem,
)
from scrutiny.services._common import _require_role, _save
from scrutiny.services.recommendations import recommendation_create


@transaction.atomic
def committee_create(*, user, **fields) -> Committee:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(Committee(), user=user, fields=fields)


@transaction.atomic
def committee_update(*, committee: Committee, user, **fields) -> Committee:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(committee, user=user, fields=fields)


@transaction.atomic
def meeting_create(*, user, committee: Committee | None = None, **fields) -> Meeting:
    """Create a meeting (of the Children and Young People Scrutiny Committee by default)."""
    _require_role(user, roles.SCRUTINY_OFFICER)
    committee = committee or selectors.default_committee()
    if committee is None:
        raise ValidationError("There is no committee yet: run load_scrutiny first.")
    return _save(Meeting(committee=committee), user=user, fields=fields)


@transaction.atomic
def meeting_update(*, meeting: Meeting, user, **fields) -> Meeting:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(meeting, user=user, fields=fields)


@transaction.atomic
def item_create(*, user, meeting: Meeting, **fields) -> AgendaItem:
    _require_role(user, roles.SCRUTINY_OFFICER)
    if "order" not in fields:
        last = meeting.items.aggregate(last=models.Max("order"))["last"]
        fields["order"] = (last or 0) + 1
    return _save(AgendaItem(meeting=meeting), user=user, fields=fields)


@transaction.atomic
def item_update(*, item: AgendaItem, user, **fields) -> AgendaItem:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(item, user=user, fields=fields)


@dataclass(frozen=True)
class DecisionInput:
    """One decision of an item as the scrutiny officer records it."""

    text: str
    is_recommendation: bool = False
    contact_officer: Any = None  # a User holding the officer role, or None (assign later)
    contact_officer_post: str = ""
    due_date: date | None = None


@transaction.atomic
def item_record(
    *,
    user,
    meeting: Meeting,
    ref: str,
    title: str,
    report_of: str = "",
    executive_member: str = "",
    decisions: Sequence[DecisionInput],
) -> AgendaItem:
    """Record one item of a meeting with its decisions; decisions marked as recommendations
    go on the Recommendations Monitor, awaiting a response from their contact officer."""
    item = item_create(
        user=user,
        meeting=meeting,
        ref=ref.strip(),
        title=title.strip(),
        report_of=report_of.strip(),
        executive_member=executive_member.strip(),
    )
    for order, entry in enumerate(decisions, start=1):
        decision = _save(
            Decision(item=item),
            user=user,
            fields={"number": order, "order": order, "text": entry.text.strip()},
        )
        if entry.is_recommendation:
            recommendation_create(
                user=user,
                item=item,
                decision=decision,
                date=meeting.date,
                text=decision.text,
                contact_officer=entry.contact_officer,
                contact_officer_post=entry.contact_officer_post,
                due_date=entry.due_date,
            )
    return item


@transaction.atomic
def work_programme_item_create(*, user, committee: Committee | None = None, **fields):
    _require_role(user, roles.SCRUTINY_OFFICER)
    committee = committee or selectors.default_committee()
    return _save(WorkProgrammeItem(committee=committee), user=user, fields=fields)


@transaction.atomic
def work_programme_item_update(*, item: WorkProgrammeItem, user, **fields):
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(item, user=user, fields=fields)


@transaction.atomic
def key_decision_create(*, user, **fields) -> KeyDecision:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(KeyDecision(), user=user, fields=fields)


@transaction.atomic
def key_decision_update(*, key_decision: KeyDecision, user, **fields) -> KeyDecision:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(key_decision, user=user, fields=fields)
