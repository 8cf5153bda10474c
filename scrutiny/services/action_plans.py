"""Writes for inspection action plans: recommendations, actions and dated progress."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from core import roles
from scrutiny import rules
from scrutiny.models import (
    Action,
    ActionPlan,
    ActionUpdate,
    PlanRecommendation,
)
from scrutiny.services._common import _display_name, _require_officer, _require_role, _save


@transaction.atomic
def action_plan_create(*, user, **fields) -> ActionPlan:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(ActionPlan(), user=user, fields=fields)


@transaction.atomic
def action_plan_update(*, plan: ActionPlan, user, **fields) -> ActionPlan:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(plan, user=user, fields=fields)


@transaction.atomic
def plan_recommendation_create(*, user, plan: ActionPlan, **fields) -> PlanRecommendation:
    _require_role(user, roles.SCRUTINY_OFFICER)
    return _save(PlanRecommendation(plan=plan), user=user, fields=fields)


@transaction.atomic
def action_create(*, user, recommendation: PlanRecommendation, **fields) -> Action:
    _require_role(user, roles.SCRUTINY_OFFICER)
    _require_officer(fields.get("lead"))
    if fields.get("lead") is not None and not fields.get("lead_name"):
        fields["lead_name"] = _display_name(fields["lead"])
    if "position" not in fields:
        last = recommendation.actions.aggregate(last=models.Max("position"))["last"]
        fields["position"] = (last or 0) + 1
    _fill_expected(fields)
    return _save(Action(recommendation=recommendation), user=user, fields=fields)


@transaction.atomic
def action_update(*, action: Action, user, **fields) -> Action:
    """A scrutiny officer's edit of an action (not its progress: see action_progress_add)."""
    _require_role(user, roles.SCRUTINY_OFFICER)
    if "lead" in fields:
        _require_officer(fields["lead"])
        if fields["lead"] is not None and not fields.get("lead_name"):
            fields["lead_name"] = _display_name(fields["lead"])
    _fill_expected(fields)
    return _save(action, user=user, fields=fields)


def _fill_expected(fields: dict) -> None:
    """Read a printed expected completion ("31.08.19", "Monthly") into date and recurrence."""
    if "expected_text" in fields and "expected_date" not in fields and "recurrence" not in fields:
        text = fields["expected_text"] or ""
        try:
            expected = rules.parse_expected(text)
        except ValueError as exc:
            raise ValidationError({"expected_text": str(exc)}) from exc
        fields["expected_date"], fields["recurrence"] = expected.date, expected.recurrence


def action_can_update(*, action: Action, user) -> bool:
    if roles.has_role(user, roles.SCRUTINY_OFFICER):
        return True
    return (
        roles.has_role(user, roles.OFFICER)
        and action.lead_id is not None
        and action.lead_id == user.pk
    )


@transaction.atomic
def action_progress_add(
    *, action: Action, user, period: str, text: str, status: str
) -> ActionUpdate:
    """Add a monthly progress update (never overwriting one) and move the action's status."""
    if not action_can_update(action=action, user=user):
        raise PermissionDenied("Only the action's lead or a scrutiny officer may update it.")
    action = Action.objects.select_for_update().get(pk=action.pk)
    update = _save(
        ActionUpdate(action=action),
        user=user,
        fields={"period": period.strip(), "text": text.strip(), "status": status},
    )
    _save(action, user=user, fields={"status": status})
    return update
