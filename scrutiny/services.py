"""Writes for scrutiny: recording meetings and responses, action plan updates, the seed
loader, the daily chase digest and its schedule. Views, the API and tasks call these."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core import roles

from . import rules, selectors
from .models import (
    Action,
    ActionPlan,
    ActionUpdate,
    AgendaItem,
    ChaseNotice,
    Committee,
    CommitteeMember,
    Decision,
    InformationItem,
    KeyDecision,
    Meeting,
    PlanRecommendation,
    Recommendation,
    RecommendationUpdate,
    WorkProgrammeItem,
)

logger = logging.getLogger(__name__)
User = get_user_model()

SCRUTINY_DIR = settings.BASE_DIR / "fixtures" / "scrutiny"
CHASE_TASK = "scrutiny.tasks.chase_digests_send"
CHASE_SCHEDULE_NAME = "Scrutiny: daily chase digest"
M2M_FIELDS = ("themes", "indicators")


class ScrutinyDataError(ValueError):
    """The scrutiny fixtures are inconsistent; nothing was loaded."""


# --- shared helpers ---------------------------------------------------------------------


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


# --- committees, meetings, items --------------------------------------------------------


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


# --- recommendations ----------------------------------------------------------------------


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


# --- action plans -------------------------------------------------------------------------


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


# --- work programme and key decisions ------------------------------------------------------


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


# --- chasing --------------------------------------------------------------------------------


@dataclass
class ChaseResult:
    digests: int = 0
    items: int = 0
    already_sent: int = 0
    without_account: int = 0


def chase_digests_send(*, today: date | None = None) -> ChaseResult:
    """Email each contact officer or lead one plain-text digest of what is overdue or due
    within 7 days. An item goes to a person at most once a day (ChaseNotice), so running the
    job again the same day sends nothing twice."""
    today = today or timezone.localdate()
    result = ChaseResult()
    by_recipient: dict[int, list[selectors.ChaseEntry]] = defaultdict(list)
    recipients = {}
    for entry in selectors.chase_list(today=today):
        if entry.recipient is None or not entry.recipient.email:
            result.without_account += 1
            continue
        by_recipient[entry.recipient.pk].append(entry)
        recipients[entry.recipient.pk] = entry.recipient
    failures: list[Exception] = []
    for pk, entries in by_recipient.items():
        try:
            sent = _chase_digest_send_one(recipient=recipients[pk], entries=entries, today=today)
        except (OSError, ConnectionError) as exc:  # smtplib errors are OSErrors
            # One person's mail failing must not stop the others; the task retries later
            # and, thanks to the notices, sends only what is still unsent.
            logger.warning("Chase digest to %s failed: %s", recipients[pk], exc)
            failures.append(exc)
            continue
        result.already_sent += len(entries) - sent
        if sent:
            result.digests += 1
            result.items += sent
    if failures:
        raise failures[0]
    return result


def _chase_digest_send_one(*, recipient, entries: list, today: date) -> int:
    """Send one digest of the entries not yet sent to this recipient today; returns how many."""
    try:
        with transaction.atomic():
            done_recs = set(
                ChaseNotice.objects.filter(
                    recipient=recipient, date=today, recommendation__isnull=False
                ).values_list("recommendation_id", flat=True)
            )
            done_actions = set(
                ChaseNotice.objects.filter(
                    recipient=recipient, date=today, action__isnull=False
                ).values_list("action_id", flat=True)
            )
            fresh = [
                e
                for e in entries
                if (e.recommendation is not None and e.recommendation.pk not in done_recs)
                or (e.action is not None and e.action.pk not in done_actions)
            ]
            if not fresh:
                return 0
            ChaseNotice.objects.bulk_create(
                [
                    ChaseNotice(
                        recipient=recipient,
                        date=today,
                        recommendation=e.recommendation,
                        action=e.action,
                        due_date=e.due_date,
                    )
                    for e in fresh
                ]
            )
            # Sent inside the transaction: if the mail server refuses, the notices roll back
            # and the task's retry tries again; a unique clash means another run sent them.
            send_mail(
                subject=_digest_subject(fresh, today),
                message=chase_digest_text(recipient=recipient, entries=fresh, today=today),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
            )
            return len(fresh)
    except IntegrityError:
        logger.info("Chase digest for %s already sent today by another run.", recipient)
        return 0


def _digest_subject(entries: list, today: date) -> str:
    overdue = sum(1 for e in entries if e.overdue)
    return (
        f"Scrutiny: {len(entries)} item{'s' if len(entries) != 1 else ''} to respond to "
        f"({overdue} overdue) – {today:%-d %B %Y}"
    )


def chase_digest_text(*, recipient, entries: list, today: date) -> str:
    """The plain-text body of one person's digest."""
    lines = [
        f"Dear {_display_name(recipient)},",
        "",
        "These Children and Young People Scrutiny Committee items are overdue or due within "
        f"{rules.CHASE_WINDOW_DAYS} days ({today:%-d %B %Y}):",
        "",
    ]
    for number, entry in enumerate(entries, start=1):
        when = f"{entry.due_date:%-d %B %Y}" if entry.due_date else "no date"
        state = "OVERDUE since" if entry.overdue else "due"
        lines.append(f"{number}. {entry.title}")
        lines.append(f"   {entry.text}")
        lines.append(f"   {state} {when}; status: {entry.status_label}")
        lines.append(f"   Respond: {entry.url}")
        lines.append("")
    lines.append("You can see all the items assigned to you under 'My scrutiny items'.")
    lines.append("Governance and Scrutiny Support Unit")
    return "\n".join(lines)


def schedule_setup() -> None:
    """Create or update the django-celery-beat schedule: the chase digest daily at 07:00."""
    from zoneinfo import ZoneInfo

    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    with transaction.atomic():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour="7",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=ZoneInfo(settings.TIME_ZONE),
        )
        PeriodicTask.objects.update_or_create(
            name=CHASE_SCHEDULE_NAME,
            defaults={
                "task": CHASE_TASK,
                "crontab": crontab,
                "interval": None,
                "enabled": True,
                "description": "Emails each contact officer or lead one digest of scrutiny "
                "recommendations and actions overdue or due within 7 days.",
            },
        )


# --- the seed loader --------------------------------------------------------------------


def _read(directory: Path, name: str):
    path = directory / name
    if not path.exists():
        raise ScrutinyDataError(f"Missing fixture file {path}.")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def _upsert(counter: Counter, model, lookup: dict, values: dict, create_only: dict | None = None):
    """Create or update a row, writing only what differs (so a reload changes nothing).
    `create_only` values are written when the row is created and never again: once people
    have worked on a record (its response, status) a reload leaves their work alone."""
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
        obj.save()
        counter[f"{model._meta.verbose_name_plural} updated"] += 1
    return obj


def _text(value) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


@transaction.atomic
def scrutiny_seed_load(*, directory: Path = SCRUTINY_DIR) -> Counter:
    """Load seed 004's scrutiny records from fixtures/scrutiny/*.yaml (idempotent)."""
    counter: Counter = Counter()
    committees = _load_committees(counter, _read(directory, "committee.yaml"))
    committee = next(iter(committees.values()))
    items = _load_meetings(counter, committee, _read(directory, "meetings.yaml"))
    recs = _load_recommendations(counter, items, _read(directory, "recommendations.yaml"))
    actions = _load_action_plans(counter, committee, _read(directory, "action_plans.yaml"))
    _load_work_programme(counter, committee, _read(directory, "work_programme.yaml"))
    _load_key_decisions(counter, _read(directory, "key_decisions.yaml"))
    links_path = directory / "links.yaml"
    if links_path.exists():
        _load_links(counter, recs, actions, yaml.safe_load(links_path.read_text("utf-8")) or {})
    return counter


def _load_committees(counter, data) -> dict[str, Committee]:
    committees = {}
    for c in data:
        committee = _upsert(
            counter,
            Committee,
            {"code": c["code"]},
            {
                "name": c["name"],
                "remit": _text(c.get("remit")),
                "committee_officer_name": c.get("committee_officer_name", ""),
                "committee_officer_post": c.get("committee_officer_post", ""),
                "committee_officer_email": c.get("committee_officer_email", ""),
                "source": c["source"],
            },
        )
        committees[committee.code] = committee
        for order, m in enumerate(c.get("members") or [], start=1):
            _upsert(
                counter,
                CommitteeMember,
                {
                    "committee": committee,
                    "kind": m["kind"],
                    "name": m["name"],
                    "represents": m.get("represents", ""),
                },
                {
                    "full_name": m.get("full_name", ""),
                    "is_chair": bool(m.get("is_chair")),
                    "voting": m.get("voting"),
                    "order": order,
                    "source": m["source"],
                },
            )
        for order, v in enumerate(c.get("vacancies") or [], start=100):
            _upsert(
                counter,
                CommitteeMember,
                {
                    "committee": committee,
                    "kind": CommitteeMember.Kind.CO_OPTED,
                    "name": "Vacant",
                    "represents": v["represents"],
                },
                {"is_vacant": True, "order": order, "source": v["source"]},
            )
    if not committees:
        raise ScrutinyDataError("committee.yaml holds no committee.")
    return committees


def _load_meetings(counter, committee, data) -> dict[str, AgendaItem]:
    """Meetings, items and decisions; returns items by reference."""
    items: dict[str, AgendaItem] = {}
    for m in data:
        meeting = _upsert(
            counter,
            Meeting,
            {"committee": committee, "date": m["date"]},
            {
                "time": m.get("time", ""),
                "venue": m.get("venue", ""),
                "agenda_issued": m.get("agenda_issued"),
                "present": _text(m.get("present")),
                "apologies": _text(m.get("apologies")),
                "source": m["source"],
            },
        )
        for order, i in enumerate(m.get("items") or [], start=1):
            ref = i.get("ref", "")
            lookup = {"ref": ref} if ref else {"meeting": meeting, "ref": "", "order": order}
            values = {
                "meeting": meeting,
                "number": i.get("number"),
                "order": order,
                "title": _text(i["title"]),
                "report_of": i.get("report_of", ""),
                "executive_member": i.get("executive_member", ""),
                "summary": _text(i.get("summary")),
                "notes": _text(i.get("notes")),
                "source": m["source"],
            }
            item = _upsert(counter, AgendaItem, lookup, values)
            if ref:
                items[ref] = item
            items[f"{meeting.date.isoformat()}#{order}"] = item
            for d_order, d in enumerate(i.get("decisions") or [], start=1):
                _upsert(
                    counter,
                    Decision,
                    {"item": item, "order": d_order},
                    {"number": d.get("number"), "text": _text(d["text"]), "source": m["source"]},
                )
        for info in m.get("information_items") or []:
            _upsert(
                counter,
                InformationItem,
                {"meeting": meeting, "title": info["title"]},
                {"description": _text(info.get("description")), "source": info["source"]},
            )
    return items


def _load_recommendations(counter, items, data) -> dict[str, Recommendation]:
    recs = {}
    for r in data:
        try:
            item = items[r["item"]]
        except KeyError as exc:
            raise ScrutinyDataError(f"{r['key']}: no item {r['item']} in meetings.yaml.") from exc
        decision = None
        if r.get("decision") is not None:
            decision = item.decisions.filter(number=r["decision"]).first()
            if decision is None:
                raise ScrutinyDataError(f"{r['key']}: {r['item']} has no decision {r['decision']}.")
        action = _text(r.get("action"))
        status = rules.status_from_action(action)
        officer = r.get("contact_officer") or {}
        rec = _upsert(
            counter,
            Recommendation,
            {"seed_key": r["key"]},
            {
                "item": item,
                "decision": decision,
                "date": r["date"],
                "text": _text(r["recommendation"]),
                "contact_officer_name": officer.get("name", ""),
                "contact_officer_post": officer.get("post", ""),
                "source": r["source"],
            },
            create_only={"action": action, "status": status, "due_date": r.get("due_date")},
        )
        recs[r["key"]] = rec
        if r.get("reported"):
            _upsert(
                counter,
                RecommendationUpdate,
                {"seed_key": f"{r['key']}@{r['reported']}"},
                {},
                create_only={
                    "recommendation": rec,
                    "date": r["reported"],
                    "text": action,
                    "status": status,
                    "note": "As reported in the Overview Report to the Committee.",
                    "source": r["source"],
                },
            )
    return recs


def _load_action_plans(counter, committee, data) -> dict[tuple, Action]:
    actions = {}
    for p in data:
        meeting = Meeting.objects.filter(committee=committee, date=p.get("meeting")).first()
        agenda_item = None
        if meeting and p.get("agenda_item"):
            agenda_item = meeting.items.filter(number=p["agenda_item"]).first()
        plan = _upsert(
            counter,
            ActionPlan,
            {"code": p["code"]},
            {
                "title": p["title"],
                "kind": p["kind"],
                "body": p.get("body", ""),
                "subject": p.get("subject", ""),
                "inspected": p.get("inspected", ""),
                "published": p.get("published", ""),
                "rating": p.get("rating", ""),
                "meeting": meeting,
                "agenda_item": agenda_item,
                "source": p["source"],
            },
        )
        for rec_data in p.get("recommendations") or []:
            rec = _upsert(
                counter,
                PlanRecommendation,
                {"plan": plan, "number": rec_data["number"]},
                {
                    "text": _text(rec_data["text"]),
                    "report_section": rec_data.get("report_section", ""),
                    "source": p["source"],
                },
            )
            for position, a in enumerate(rec_data.get("actions") or [], start=1):
                try:
                    expected = rules.parse_expected(str(a.get("expected", "")))
                except ValueError as exc:
                    raise ScrutinyDataError(f"{plan.code} {rec.number}/{position}: {exc}") from exc
                updates = a.get("updates") or []
                status = (
                    rules.action_status_from_text(updates[-1]["text"])
                    if updates
                    else rules.NOT_STARTED
                )
                lead = a.get("lead") or {}
                action = _upsert(
                    counter,
                    Action,
                    {"recommendation": rec, "position": position},
                    {
                        "label": a.get("label", ""),
                        "text": _text(a["text"]),
                        "lead_name": lead.get("name", ""),
                        "lead_post": lead.get("post", ""),
                        "expected_text": expected.text,
                        "expected_date": expected.date,
                        "recurrence": expected.recurrence,
                        "source": p["source"],
                    },
                    create_only={"status": status},
                )
                actions[(plan.code, rec.number, position)] = action
                for u in updates:
                    rules.parse_month_code(u["period"])
                    _upsert(
                        counter,
                        ActionUpdate,
                        {"seed_key": f"{plan.code}/{rec.number}/{position}@{u['period']}"},
                        {},
                        create_only={
                            "action": action,
                            "period": u["period"],
                            "text": _text(u["text"]),
                            "status": rules.action_status_from_text(u["text"]),
                            "source": p["source"],
                        },
                    )
    return actions


def _load_work_programme(counter, committee, data) -> None:
    for section_order, section in enumerate(data, start=1):
        for order, i in enumerate(section.get("items") or [], start=1):
            _upsert(
                counter,
                WorkProgrammeItem,
                {"committee": committee, "section_order": section_order, "order": order},
                {
                    "meeting_date": section.get("date"),
                    "heading": section.get("heading") or "",
                    "report_deadline": section.get("report_deadline"),
                    "is_regular": bool(section.get("regular")),
                    "item": _text(i["item"]),
                    "purpose": _text(i.get("purpose")),
                    "executive_member": i.get("executive_member", ""),
                    "lead_officer": i.get("lead_officer", ""),
                    "comments": _text(i.get("comments")),
                    "source": section["source"],
                },
            )


def _load_key_decisions(counter, data) -> None:
    for order, k in enumerate(data, start=1):
        ref = k.get("ref", "")
        officer = k.get("officer_contact") or {}
        _upsert(
            counter,
            KeyDecision,
            {"ref": ref} if ref else {"ref": "", "subject": k["subject"]},
            {
                "subject": k["subject"],
                "description": _text(k.get("description")),
                "decision_maker": k.get("decision_maker", ""),
                "due_text": k.get("due_text", ""),
                "due_date": k.get("due_date"),
                "consultation": _text(k.get("consultation")),
                "background_documents": _text(k.get("background_documents")),
                "officer_name": officer.get("name", ""),
                "officer_post": officer.get("post", ""),
                "officer_email": officer.get("email", ""),
                "register_published": k.get("register_published"),
                "order": order,
                "source": k["source"],
            },
        )


def _load_links(counter, recs, actions, data) -> None:
    """Editorial links to indicators: added only to records that have no links yet, so a
    scrutiny officer's later choice stands. Unknown indicator codes are skipped."""
    from indicators.models import Indicator

    def indicators_for(codes):
        found = list(Indicator.objects.filter(code__in=codes))
        missing = set(codes) - {i.code for i in found}
        if missing:
            logger.warning("Scrutiny links: indicator codes not found: %s", sorted(missing))
        return found

    for link in data.get("recommendations") or []:
        rec = recs.get(link["key"])
        if rec and not rec.indicators.exists():
            found = indicators_for(link.get("indicators") or [])
            if found:
                rec.indicators.add(*found)
                counter["recommendation links added"] += len(found)
    for link in data.get("actions") or []:
        action = actions.get((link["plan"], link["recommendation"], link["position"]))
        if action and not action.indicators.exists():
            found = indicators_for(link.get("indicators") or [])
            if found:
                action.indicators.add(*found)
                counter["action links added"] += len(found)
