"""Scrutiny records: the Committee, its meetings, items, decisions and recommendations (the
Recommendations Monitor), inspection action plans, the work programme and key decisions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import BaseModel

from . import rules

SOURCE_HELP = "The seed document a record comes from; blank when entered in the app."


class Committee(BaseModel):
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    remit = models.TextField(blank=True)
    committee_officer_name = models.CharField(max_length=120, blank=True)
    committee_officer_post = models.CharField(max_length=200, blank=True)
    committee_officer_email = models.EmailField(blank=True)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CommitteeMember(BaseModel):
    """A councillor or co-opted member (a vacant co-opted seat is kept with is_vacant)."""

    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        CO_OPTED = "co_opted", "Co-opted member"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=120, help_text="As printed, e.g. 'Stone' or 'Mrs J Miles'.")
    full_name = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    is_chair = models.BooleanField(default=False)
    is_vacant = models.BooleanField(default=False)
    represents = models.CharField(max_length=200, blank=True)
    voting = models.BooleanField(
        null=True, blank=True, help_text="Co-opted members: may vote on education matters."
    )
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["committee", "kind", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "kind", "name", "represents"], name="scrutiny_member_unique"
            )
        ]

    def __str__(self):
        if self.is_vacant:
            return f"{self.represents} (vacant)"
        prefix = "Councillor " if self.kind == self.Kind.COUNCILLOR else ""
        return f"{prefix}{self.name}{' (Chair)' if self.is_chair else ''}"


class Meeting(BaseModel):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    time = models.CharField(max_length=20, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    agenda_issued = models.DateField(null=True, blank=True)
    present = models.TextField(blank=True, help_text="Attendance as recorded in the minutes.")
    apologies = models.TextField(blank=True)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="scrutiny_meeting_unique")
        ]

    def __str__(self):
        return f"{self.committee.name}, {self.date:%-d %B %Y}"


class AgendaItem(BaseModel):
    """An item of a meeting, e.g. CYP/19/22 Manchester's Promoting Inclusion ... Strategy."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    ref = models.CharField(
        max_length=20, blank=True, help_text="The minute reference, e.g. CYP/19/22."
    )
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Agenda number, where printed."
    )
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=255)
    report_of = models.CharField(max_length=200, blank=True)
    executive_member = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["meeting__date", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ref"], condition=~Q(ref=""), name="scrutiny_item_ref_unique"
            )
        ]

    def __str__(self):
        return f"{self.ref} {self.title}".strip()


class Decision(BaseModel):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["item", "order", "id"]

    def __str__(self):
        return f"{self.item.ref} decision {self.number or ''}".strip()


class Recommendation(BaseModel):
    """A row of the Recommendations Monitor: what the Committee asked, the response, who owes it."""

    class Status(models.TextChoices):
        AWAITING_RESPONSE = rules.AWAITING_RESPONSE, "Awaiting response"
        RESPONSE_REQUESTED = rules.RESPONSE_REQUESTED, "Response requested"
        IN_PROGRESS = rules.IN_PROGRESS, "In progress"
        COMPLETED = rules.COMPLETED, "Completed"
        CLOSED = rules.CLOSED, "Closed"
        NO_LONGER_REQUIRED = rules.NO_LONGER_REQUIRED, "No longer required"

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="recommendations")
    decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendation",
    )
    seed_key = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    date = models.DateField(help_text="The Monitor's Date column: when the Committee made it.")
    date_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown beside the date, e.g. where the Monitor's date and the minutes differ.",
    )
    text = models.TextField("recommendation")
    action = models.TextField("action (response)", blank=True)
    contact_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scrutiny_recommendations",
        help_text="The user (officer role) who owes the response, when they have an account.",
    )
    contact_officer_name = models.CharField(max_length=120, blank=True)
    contact_officer_post = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=rules.AWAITING_RESPONSE
    )
    themes = models.ManyToManyField(
        "outcomes.Theme", blank=True, related_name="scrutiny_recommendations"
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="scrutiny_recommendations"
    )
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)
    history = HistoricalRecords(m2m_fields=[themes, indicators])

    class Meta:
        ordering = ["date", "item__ref", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.item.ref}: {self.text[:60]}"

    def clean(self):
        if self.decision_id and self.decision.item_id != self.item_id:
            raise ValidationError({"decision": "The decision must belong to the same item."})

    @property
    def meeting(self) -> Meeting:
        return self.item.meeting

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN_RECOMMENDATION_STATUSES

    @property
    def contact_officer_display(self) -> str:
        name = self.contact_officer_name
        if not name and self.contact_officer_id:
            name = self.contact_officer.get_full_name() or self.contact_officer.get_username()
        return ", ".join(part for part in (name, self.contact_officer_post) if part)

    def due(self) -> rules.Due:
        return rules.recommendation_due(status=self.status, due_date=self.due_date)

    def outstanding_days(self, today) -> int | None:
        """Days an open recommendation with no due date has been outstanding (since the
        Committee made it); None otherwise."""
        return rules.outstanding_days(
            status=self.status, due_date=self.due_date, made_on=self.date, today=today
        )

    def outstanding_set(self, today, flag_days: int) -> Recommendation:
        """Give it `outstanding` (days or None) and `outstanding_flagged` for the pages."""
        self.outstanding = self.outstanding_days(today)
        self.days_open = rules.days_open(status=self.status, made_on=self.date, today=today)
        self.outstanding_flagged = rules.outstanding_flagged(self.outstanding, flag_days)
        self.outstanding_flag_days = flag_days
        return self


class AppendOnlyModel(BaseModel):
    """A dated update: written once, never changed or deleted (history must not be rewritten)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError("Updates are kept as history and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Updates are kept as history and cannot be deleted.")


class RecommendationUpdate(AppendOnlyModel):
    """A dated response to a recommendation, with the status it left the recommendation in."""

    Status = Recommendation.Status

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField()
    text = models.TextField(help_text="The response (the Monitor's Action text).")
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)
    seed_key = models.CharField(max_length=60, null=True, blank=True, unique=True, editable=False)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["recommendation", "date", "id"]

    def __str__(self):
        return f"{self.recommendation} – {self.date}"


class ActionPlan(BaseModel):
    """An inspection or review action plan (HMIP, Ofsted, LGA peer challenge ...)."""

    class Kind(models.TextChoices):
        HMIP = "hmip", "HMIP inspection"
        OFSTED = "ofsted", "Ofsted inspection"
        LGA_PEER_CHALLENGE = "lga_peer_challenge", "LGA peer challenge"
        OTHER = "other", "Other review"

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    inspected = models.CharField(
        max_length=60, blank=True, help_text="As printed, e.g. November 2018."
    )
    published = models.CharField(max_length=60, blank=True)
    rating = models.CharField(max_length=60, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_plans"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_plans"
    )
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Inspection(BaseModel):
    """A row of the inspection register: an inspection of children's services, done or
    expected, with the judgement where the document gives one and the action plans it led to."""

    class Status(models.TextChoices):
        COMPLETED = "completed", "Completed"
        EXPECTED = "expected", "Expected"

    code = models.SlugField(max_length=40, unique=True)
    inspectorate = models.CharField(max_length=200)
    title = models.CharField(max_length=255)
    kind = models.CharField(
        "type", max_length=120, help_text="As the document names it, e.g. Focus visit."
    )
    date_text = models.CharField(
        "date",
        max_length=60,
        blank=True,
        help_text="As printed, e.g. November 2018; blank where the document gives no date.",
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    judgement = models.CharField(
        max_length=60, blank=True, help_text="Only where the document states one."
    )
    published = models.CharField(max_length=60, blank=True)
    summary = models.TextField(blank=True, help_text="What the document says about it.")
    note = models.TextField(blank=True, help_text="Where sources disagree or say nothing.")
    action_plans = models.ManyToManyField(ActionPlan, blank=True, related_name="inspections")
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class PlanRecommendation(BaseModel):
    """A recommendation of an inspection, with the actions that answer it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    report_section = models.CharField(max_length=20, blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="scrutiny_plan_recommendations",
        help_text="The measures that show whether the recommendation is being met.",
    )
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="scrutiny_plan_rec_unique")
        ]

    def __str__(self):
        return f"{self.plan.code} {self.number}. {self.text[:60]}"


class Action(BaseModel):
    """An action (a), (b) ... with a lead manager, an expected completion and a status."""

    class Status(models.TextChoices):
        NOT_STARTED = rules.NOT_STARTED, "Not started"
        ONGOING = rules.ONGOING, "Ongoing"
        PARTIALLY_COMPLETED = rules.PARTIALLY_COMPLETED, "Partially completed"
        COMPLETED = rules.ACTION_COMPLETED, "Completed"
        DATES_TO_BE_CONFIRMED = rules.DATES_TO_BE_CONFIRMED, "Dates to be confirmed"

    class Recurrence(models.TextChoices):
        MONTHLY = rules.MONTHLY, "Monthly"
        QUARTERLY = rules.QUARTERLY, "Quarterly"
        ANNUALLY = rules.ANNUALLY, "Annually"

    recommendation = models.ForeignKey(
        PlanRecommendation, on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveSmallIntegerField(help_text="Order within the recommendation.")
    label = models.CharField(max_length=10, blank=True, help_text="As printed, e.g. 'a)'.")
    text = models.TextField()
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scrutiny_actions",
    )
    lead_name = models.CharField(max_length=120, blank=True)
    lead_post = models.CharField(max_length=200, blank=True)
    expected_text = models.CharField(max_length=40, blank=True, help_text="As printed.")
    expected_date = models.DateField(null=True, blank=True)
    recurrence = models.CharField(max_length=10, choices=Recurrence.choices, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=rules.NOT_STARTED)
    themes = models.ManyToManyField("outcomes.Theme", blank=True, related_name="scrutiny_actions")
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="scrutiny_actions"
    )
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)
    history = HistoricalRecords(m2m_fields=[themes, indicators])

    class Meta:
        ordering = ["recommendation__plan", "recommendation__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "position"], name="scrutiny_action_unique"
            )
        ]

    def __str__(self):
        rec = self.recommendation
        return f"{rec.plan.code} {rec.number}{self.label} {self.text[:50]}"

    def clean(self):
        if self.recurrence and self.expected_date:
            raise ValidationError("An action is expected either by a date or on a recurrence.")

    @property
    def lead_display(self) -> str:
        name = self.lead_name
        if not name and self.lead_id:
            name = self.lead.get_full_name() or self.lead.get_username()
        return ", ".join(part for part in (name, self.lead_post) if part)

    @property
    def expected_display(self) -> str:
        if self.expected_text:
            return self.expected_text
        if self.recurrence:
            return self.get_recurrence_display()
        return f"{self.expected_date:%-d %B %Y}" if self.expected_date else ""

    def state(self, updates=None) -> rules.ActionState:
        """The action as the RAG rule sees it; pass prefetched updates to save a query."""
        if updates is None:
            updates = list(self.updates.all())
        completed = frozenset(
            rules.parse_month_code(u.period) for u in updates if u.status == rules.ACTION_COMPLETED
        )
        months = [rules.parse_month_code(u.period) for u in updates]
        started = min(months) if months else (self.created_at.date() if self.created_at else None)
        return rules.ActionState(
            status=self.status,
            expected_date=self.expected_date,
            recurrence=self.recurrence,
            completed_months=completed,
            started=started,
        )

    def status_words(self, today, updates=None) -> rules.StatusWords:
        """The status as shown beside the RAG today ("Update due for November 2026" for a
        recurring action whose current occurrence is not done; see rules.action_status_words)."""
        return rules.action_status_words(self.state(updates), today)


class ActionUpdate(AppendOnlyModel):
    """A monthly progress update on an action; never overwritten."""

    Status = Action.Status

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.CharField(max_length=7, help_text="The month it reports on, e.g. 2019-06.")
    text = models.TextField()
    status = models.CharField(max_length=24, choices=Status.choices)
    seed_key = models.CharField(max_length=60, null=True, blank=True, unique=True, editable=False)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["action", "period", "id"]

    def __str__(self):
        return f"{self.action} – {self.period}"

    def clean(self):
        try:
            rules.parse_month_code(self.period)
        except ValueError as exc:
            raise ValidationError({"period": str(exc)}) from exc

    @property
    def period_label(self) -> str:
        try:
            return f"{rules.parse_month_code(self.period):%B %Y}"
        except ValueError:
            return self.period


class WorkProgrammeItem(BaseModel):
    """A line of the Committee's work programme: for a meeting, unscheduled, or a regular item."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="work_programme"
    )
    meeting_date = models.DateField(null=True, blank=True)
    heading = models.CharField(
        max_length=200, blank=True, help_text="The table's heading as printed."
    )
    report_deadline = models.DateField(null=True, blank=True)
    is_regular = models.BooleanField(default=False)
    section_order = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)
    item = models.CharField(max_length=255)
    purpose = models.TextField(blank=True)
    executive_member = models.CharField(max_length=200, blank=True)
    lead_officer = models.CharField(max_length=255, blank=True)
    comments = models.TextField(blank=True)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["section_order", "order", "id"]
        verbose_name = "work programme item"

    def __str__(self):
        return self.item


class KeyDecision(BaseModel):
    """A row of the Register of Key Decisions within the Committee's remit."""

    ref = models.CharField(max_length=20, blank=True, help_text="e.g. 2019/05/21C")
    subject = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    decision_maker = models.CharField(max_length=200, blank=True)
    due_text = models.CharField(max_length=80, blank=True, help_text="As printed.")
    due_date = models.DateField(null=True, blank=True)
    consultation = models.TextField(blank=True)
    background_documents = models.TextField(blank=True)
    officer_name = models.CharField(max_length=120, blank=True)
    officer_post = models.CharField(max_length=200, blank=True)
    officer_email = models.EmailField(blank=True)
    register_published = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ref"], condition=~Q(ref=""), name="scrutiny_key_decision_ref_unique"
            )
        ]

    def __str__(self):
        return f"{self.subject} {self.ref}".strip()

    @property
    def officer_display(self) -> str:
        return ", ".join(p for p in (self.officer_name, self.officer_post, self.officer_email) if p)


class InformationItem(BaseModel):
    """An item for information appended to an Overview Report."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="information_items")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=120, blank=True, help_text=SOURCE_HELP)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "title"], name="scrutiny_info_item_unique")
        ]

    def __str__(self):
        return self.title


class ChaseNotice(models.Model):
    """One item included in one day's chase digest to one person: the record that makes the
    daily job safe to run twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scrutiny_chase_notices"
    )
    date = models.DateField()
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="chases"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="chases"
    )
    due_date = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "recipient"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False, action__isnull=True)
                | Q(recommendation__isnull=True, action__isnull=False),
                name="scrutiny_chase_one_item",
            ),
            models.UniqueConstraint(
                fields=["recipient", "recommendation", "date"],
                condition=Q(recommendation__isnull=False),
                name="scrutiny_chase_rec_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["recipient", "action", "date"],
                condition=Q(action__isnull=False),
                name="scrutiny_chase_action_once_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.recipient} {self.date} {self.recommendation or self.action}"
