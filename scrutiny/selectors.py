"""Reads for scrutiny pages, exports, the API and the chase job. Each shapes its own queries
(select_related / prefetch_related) so a page's query count does not grow with the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core import roles

from . import rules
from .models import (
    Action,
    ActionPlan,
    ActionUpdate,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    Inspection,
    KeyDecision,
    Meeting,
    PlanRecommendation,
    Recommendation,
    RecommendationUpdate,
    WorkProgrammeItem,
)

User = get_user_model()


def default_committee() -> Committee | None:
    """The Children and Young People Scrutiny Committee (the app keeps one committee today)."""
    return Committee.objects.order_by("id").first()


def committee_list() -> QuerySet[Committee]:
    return Committee.objects.prefetch_related(
        Prefetch("members", queryset=CommitteeMember.objects.order_by("kind", "order"))
    )


def officer_choices() -> QuerySet:
    """Users who may be contact officers or leads: holders of the officer role."""
    return (
        User.objects.filter(is_active=True, groups__name=roles.OFFICER)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# --- the Monitor ------------------------------------------------------------------------


@dataclass(frozen=True)
class MonitorFilters:
    state: str = ""  # "open", "closed" or "" for both
    overdue: bool = False
    officer: str = ""  # a user id, a username or a contact officer's name as recorded
    meeting: int | None = None
    year: int | None = None
    status: str = ""


def recommendation_queryset() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related(
        "item__meeting", "contact_officer", "decision"
    ).prefetch_related("themes", "indicators")


def monitor_list(*, filters: MonitorFilters = MonitorFilters(), today: date) -> QuerySet:
    """The Recommendations Monitor in the Overview Report's order (by date, then item)."""
    qs = recommendation_queryset()
    if filters.state == "open":
        qs = qs.filter(status__in=rules.OPEN_RECOMMENDATION_STATUSES)
    elif filters.state == "closed":
        qs = qs.filter(status__in=rules.CLOSED_RECOMMENDATION_STATUSES)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.overdue:
        qs = overdue_filter(qs, today=today)
    if filters.officer:
        qs = officer_filter(qs, filters.officer)
    if filters.meeting:
        qs = qs.filter(item__meeting_id=filters.meeting)
    if filters.year:
        qs = qs.filter(date__year=filters.year)
    return qs.order_by("date", "item__ref", "id")


def outstanding_flag_days() -> int:
    """After how many days an open recommendation with no due date is flagged (setting
    SCRUTINY_OUTSTANDING_FLAG_DAYS, default 90)."""
    return int(getattr(settings, "SCRUTINY_OUTSTANDING_FLAG_DAYS", 90))


def with_outstanding(recommendations, *, today: date) -> list[Recommendation]:
    """The recommendations, each given `outstanding` (days, or None) and
    `outstanding_flagged` as of `today`."""
    flag_days = outstanding_flag_days()
    return [rec.outstanding_set(today, flag_days) for rec in recommendations]


def overdue_filter(qs: QuerySet, *, today: date) -> QuerySet:
    return qs.filter(status__in=rules.OPEN_RECOMMENDATION_STATUSES, due_date__lt=today)


def officer_filter(qs: QuerySet, officer: str) -> QuerySet:
    """By user id, username, or the contact officer's name as recorded (case ignored)."""
    officer = officer.strip()
    if officer.isdigit():
        return qs.filter(contact_officer_id=int(officer))
    return qs.filter(Q(contact_officer__username=officer) | Q(contact_officer_name__iexact=officer))


@dataclass
class MonitorOptions:
    officers: list[str]
    meetings: list[Meeting]
    years: list[int]


def monitor_filter_options() -> MonitorOptions:
    officers = sorted(
        set(
            Recommendation.objects.exclude(contact_officer_name="").values_list(
                "contact_officer_name", flat=True
            )
        )
    )
    meetings = list(
        Meeting.objects.filter(items__recommendations__isnull=False).distinct().order_by("-date")
    )
    years = sorted(
        {d.year for d in Recommendation.objects.values_list("date", flat=True)}, reverse=True
    )
    return MonitorOptions(officers=officers, meetings=meetings, years=years)


def recommendation_detail(*, pk: int) -> Recommendation:
    return (
        recommendation_queryset()
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=RecommendationUpdate.objects.select_related("created_by").order_by(
                    "-date", "-id"
                ),
            )
        )
        .get(pk=pk)
    )


def recommendation_history(recommendation: Recommendation):
    """Every saved version (django-simple-history), newest first, with who made it."""
    return recommendation.history.select_related("history_user").order_by("-history_date")


def recommendation_update_list() -> QuerySet[RecommendationUpdate]:
    return RecommendationUpdate.objects.select_related(
        "recommendation__item", "created_by"
    ).order_by("-date", "-id")


# --- meetings -------------------------------------------------------------------------


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("committee").order_by("-date")


def meeting_detail(*, pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("committee")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.prefetch_related(
                    Prefetch(
                        "decisions",
                        queryset=Decision.objects.select_related("recommendation__contact_officer"),
                    )
                ).order_by("order", "id"),
            ),
            "information_items",
        )
        .get(pk=pk)
    )


def item_queryset() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.select_related("meeting").prefetch_related("decisions")


# --- action plans -------------------------------------------------------------------------


def action_queryset() -> QuerySet[Action]:
    return Action.objects.select_related("recommendation__plan", "lead").prefetch_related(
        Prefetch("updates", queryset=ActionUpdate.objects.select_related("created_by")),
        "themes",
        "indicators",
    )


def action_plan_summaries() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.only("code", "title", "kind").order_by("title")


def action_plan_list() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.select_related("meeting", "agenda_item").prefetch_related(
        Prefetch(
            "recommendations",
            queryset=PlanRecommendation.objects.prefetch_related(
                Prefetch("actions", queryset=action_queryset()),
                "indicators",
            ),
        )
    )


@dataclass
class ActionRow:
    action: Action
    rag: str
    due: rules.Due
    updates: list[ActionUpdate] = field(default_factory=list)
    status: rules.StatusWords | None = None


@dataclass
class PlanRecommendationRows:
    recommendation: PlanRecommendation
    actions: list[ActionRow]


def action_plan_detail(
    *, code: str, today: date
) -> tuple[ActionPlan, list[PlanRecommendationRows]]:
    """A plan with each recommendation's actions, their RAG today and their update history."""
    plan = action_plan_list().get(code=code)
    rows = []
    for rec in plan.recommendations.all():
        action_rows = []
        for action in rec.actions.all():
            updates = sorted(action.updates.all(), key=lambda u: (u.period, u.id))
            state = action.state(updates)
            due = rules.action_due(state, today)
            action_rows.append(
                ActionRow(
                    action=action,
                    rag=rules.rag_for_due(due, today),
                    due=due,
                    updates=updates,
                    status=rules.action_status_words(state, today),
                )
            )
        rows.append(PlanRecommendationRows(recommendation=rec, actions=action_rows))
    return plan, rows


def action_rag(action: Action, today: date) -> str:
    return rules.action_rag(action.state(list(action.updates.all())), today)


def action_overdue_ids(qs: QuerySet[Action], *, today: date) -> list[int]:
    """Ids of actions whose occurrence that counts today is overdue (RAG rule, in Python:
    recurring actions cannot be decided in SQL)."""
    ids = []
    for action in qs.prefetch_related("updates"):
        due = rules.action_due(action.state(list(action.updates.all())), today)
        if not due.done and due.date is not None and due.date < today:
            ids.append(action.pk)
    return ids


# --- work programme and key decisions ---------------------------------------------------------


@dataclass
class WorkProgrammeSection:
    heading: str
    meeting_date: date | None
    report_deadline: date | None
    is_regular: bool
    items: list[WorkProgrammeItem]

    @property
    def title(self) -> str:
        if self.heading:
            return self.heading
        if self.meeting_date:
            return f"{self.meeting_date:%A %-d %B %Y}"
        return "Items not yet scheduled"


def work_programme_list() -> QuerySet[WorkProgrammeItem]:
    return WorkProgrammeItem.objects.select_related("committee").order_by(
        "section_order", "order", "id"
    )


def work_programme_sections() -> list[WorkProgrammeSection]:
    """The work programme grouped by table, in the Overview Report's order."""
    sections = []
    for _, group in groupby(work_programme_list(), key=lambda i: i.section_order):
        items = list(group)
        first = items[0]
        sections.append(
            WorkProgrammeSection(
                heading=first.heading,
                meeting_date=first.meeting_date,
                report_deadline=first.report_deadline,
                is_regular=first.is_regular,
                items=items,
            )
        )
    return sections


def inspection_list() -> QuerySet[Inspection]:
    return Inspection.objects.prefetch_related(
        Prefetch("action_plans", queryset=ActionPlan.objects.only("code", "title"))
    )


def key_decision_list() -> QuerySet[KeyDecision]:
    return KeyDecision.objects.order_by("order", "id")


# --- an officer's own items ---------------------------------------------------------------


def my_recommendations(*, user) -> QuerySet[Recommendation]:
    return (
        recommendation_queryset()
        .filter(contact_officer=user)
        .order_by("status", "due_date", "date")
    )


def my_actions(*, user) -> QuerySet[Action]:
    return action_queryset().filter(lead=user)


# --- chasing --------------------------------------------------------------------------------


@dataclass
class ChaseEntry:
    """One recommendation or action that is overdue or due within the chase window."""

    kind: str  # "recommendation" or "action"
    recommendation: Recommendation | None
    action: Action | None
    due_date: date | None
    overdue: bool
    recipient: object | None  # the User to email, when there is one
    recipient_name: str
    title: str
    text: str
    status_label: str
    url: str


def _absolute(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def chase_list(*, today: date, window_days: int = rules.CHASE_WINDOW_DAYS) -> list[ChaseEntry]:
    """Open recommendations and unfinished actions overdue or due within `window_days`,
    soonest first: what the daily digest sends and the scrutiny officer's home page shows."""
    horizon = today + timedelta(days=window_days)
    entries = []
    recs = recommendation_queryset().filter(
        status__in=rules.OPEN_RECOMMENDATION_STATUSES, due_date__lte=horizon
    )
    for rec in recs:
        entries.append(
            ChaseEntry(
                kind="recommendation",
                recommendation=rec,
                action=None,
                due_date=rec.due_date,
                overdue=rec.due_date < today,
                recipient=rec.contact_officer,
                recipient_name=rec.contact_officer_display,
                title=f"Recommendation {rec.item.ref or rec.item.title} "
                f"({rec.item.meeting.date:%-d %B %Y})",
                text=rec.text,
                status_label=rec.get_status_display(),
                url=_absolute(reverse("scrutiny:recommendation_respond", args=[rec.pk])),
            )
        )
    for action in action_queryset():
        state = action.state(list(action.updates.all()))
        due = rules.action_due(state, today)
        if not rules.needs_chasing(due, today, window_days):
            continue
        plan = action.recommendation.plan
        entries.append(
            ChaseEntry(
                kind="action",
                recommendation=None,
                action=action,
                due_date=due.date,
                overdue=due.date < today,
                recipient=action.lead,
                recipient_name=action.lead_display,
                title=f"{plan.title}: recommendation {action.recommendation.number}"
                f"{' action ' + action.label if action.label else ''}",
                text=action.text,
                status_label=rules.action_status_words(state, today).label,
                url=_absolute(reverse("scrutiny:action_progress", args=[action.pk])),
            )
        )
    entries.sort(key=lambda e: (e.due_date, e.kind, e.title))
    return entries


# --- links to the framework -------------------------------------------------------------------


@dataclass
class IndicatorLinks:
    recommendations: list[Recommendation]
    actions: list[Action]


def links_for_indicator(indicator, today: date | None = None) -> IndicatorLinks:
    """Recommendations and actions linked to an indicator (directly, or through one of its
    outcome themes); each action carries `status_now`, its status words as of `today`."""
    theme_ids = list(indicator.themes.values_list("id", flat=True)) if indicator.pk else []
    recs = (
        Recommendation.objects.select_related("item__meeting")
        .filter(Q(indicators=indicator) | Q(themes__in=theme_ids))
        .distinct()
        .order_by("date", "id")
    )
    actions = list(
        Action.objects.select_related("recommendation__plan")
        .prefetch_related("updates")
        .filter(Q(indicators=indicator) | Q(themes__in=theme_ids))
        .distinct()
    )
    today = today or timezone.localdate()
    for action in actions:
        action.status_now = action.status_words(today, list(action.updates.all()))
    return IndicatorLinks(recommendations=list(recs), actions=actions)
