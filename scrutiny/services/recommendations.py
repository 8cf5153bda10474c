"""Writes for the Recommendations Monitor: recommendations and officers' responses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import roles
from scrutiny import rules
from scrutiny.models import (
    AgendaItem,
    Decision,
    Recommendation,
    RecommendationUpdate,
)
from scrutiny.services._common import _display_name, _require_officer, _require_role, _save


@transaction.atomic
def recommendation_create(
    *,
    user,
    item: AgendaItem,
    text: str,
    date: date | None = None,
    decision: Decision | None = None,
    contact_officer=None,
    contact_officer_name: str = "",
    contact_officer_post: str = "",
    due_date: date | None = None,
    status: str = rules.AWAITING_RESPONSE,
    action: str = "",
    themes: Iterable = (),
    indicators: Iterable = (),
) -> Recommendation:
    _require_role(user, roles.SCRUTINY_OFFICER)
    _require_officer(contact_officer)
    if contact_officer is not None and not contact_officer_name:
        contact_officer_name = _display_name(contact_officer)
    return _save(
        Recommendation(item=item),
        user=user,
        fields={
            "decision": decision,
            "date": date or item.meeting.date,
            "text": text.strip(),
            "action": action.strip(),
            "contact_officer": contact_officer,
            "contact_officer_name": contact_officer_name,
            "contact_officer_post": contact_officer_post,
            "due_date": due_date,
            "status": status,
            "themes": list(themes),
            "indicators": list(indicators),
        },
    )


@transaction.atomic
def recommendation_update(*, recommendation: Recommendation, user, **fields) -> Recommendation:
    """A scrutiny officer's edit (assign, re-date, close, link). A change of response or status
    is also written as a dated update, so the Monitor's history stays complete."""
    _require_role(user, roles.SCRUTINY_OFFICER)
    if "contact_officer" in fields:
        officer = fields["contact_officer"]
        _require_officer(officer)
        if officer is not None and not fields.get("contact_officer_name"):
            fields["contact_officer_name"] = _display_name(officer)
    # Compare with what is stored: a bound ModelForm may already have changed the instance.
    before = Recommendation.objects.values_list("action", "status").get(pk=recommendation.pk)
    recommendation = _save(recommendation, user=user, fields=fields)
    if (recommendation.action, recommendation.status) != tuple(before):
        _recommendation_update_append(
            recommendation=recommendation,
            user=user,
            text=recommendation.action,
            status=recommendation.status,
        )
    return recommendation


def recommendation_can_respond(*, recommendation: Recommendation, user) -> bool:
    """Scrutiny officers respond to any recommendation; officers only to their own."""
    if roles.has_role(user, roles.SCRUTINY_OFFICER):
        return True
    return (
        roles.has_role(user, roles.OFFICER)
        and recommendation.contact_officer_id is not None
        and recommendation.contact_officer_id == user.pk
    )


@transaction.atomic
def recommendation_respond(
    *,
    recommendation: Recommendation,
    user,
    text: str,
    status: str,
    note: str = "",
    on: date | None = None,
) -> RecommendationUpdate:
    """Post a response: the Action text and status change, and a dated update is kept.
    A response that changes neither the text nor the status is refused (NOTHING_CHANGED), so
    posting the pre-filled form unchanged adds no duplicate update."""
    if not recommendation_can_respond(recommendation=recommendation, user=user):
        raise PermissionDenied("Only the contact officer or a scrutiny officer may respond.")
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if _same_text(text, recommendation.action) and status == recommendation.status:
        raise ValidationError(NOTHING_CHANGED)
    _save(recommendation, user=user, fields={"action": text.strip(), "status": status})
    return _recommendation_update_append(
        recommendation=recommendation, user=user, text=text, status=status, note=note, on=on
    )


NOTHING_CHANGED = (
    "Nothing has changed: the response and status are the ones already recorded. Change the "
    "response or the status to post an update."
)


def _same_text(a: str, b: str) -> bool:
    """Equal but for spacing and line endings (a form posts CRLF; the stored text may not)."""
    return " ".join((a or "").split()) == " ".join((b or "").split())


def _recommendation_update_append(
    *, recommendation, user, text: str, status: str, note: str = "", on: date | None = None
) -> RecommendationUpdate:
    return _save(
        RecommendationUpdate(recommendation=recommendation),
        user=user,
        fields={
            "date": on or timezone.localdate(),
            "text": text.strip(),
            "status": status,
            "note": note.strip(),
        },
    )
