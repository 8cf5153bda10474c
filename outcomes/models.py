"""The Children and Young People's Plans (themes, priorities) and the Board: sessions, voice,
actions and frozen packs."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import BaseModel


class Plan(BaseModel):
    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=255)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    vision = models.TextField()
    source = models.CharField(max_length=120, help_text="Seed file the item comes from.")

    class Meta:
        ordering = ["start_year"]

    def __str__(self):
        return self.title


class Theme(BaseModel):
    """One of the four outcome themes: Safe, Happy, Healthy, Successful."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="themes")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    statement = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Priority(BaseModel):
    """A line of a plan: a 'we will work to' bullet, 'passionate about', principle, ..."""

    class Kind(models.TextChoices):
        WORK_TO = "work_to", "We will work to"
        PASSIONATE_ABOUT = "passionate_about", "We are passionate about"
        PRINCIPLE = "principle", "Principle"
        BEHAVIOUR = "behaviour", "Behaviour"
        PLAN_PRIORITY = "plan_priority", "Plan priority"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="priorities"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.SlugField(max_length=40, unique=True)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["plan__start_year", "kind", "theme__order", "order"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"


class BoardSession(BaseModel):
    """A quarterly Children's Board meeting, discussing one outcome theme with young people."""

    period = models.ForeignKey(
        "indicators.Period",
        on_delete=models.PROTECT,
        related_name="board_sessions",
        limit_choices_to={"kind": "fin_quarter"},
        help_text="The quarter whose figures the session reviews.",
    )
    date = models.DateField()
    title = models.CharField(max_length=200)
    focus_theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="sessions")
    venue = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True, help_text="What the Board discussed and agreed.")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.title} ({self.date:%d %B %Y})"


class Attendance(BaseModel):
    """Who came, by organisation (a role, not a personal record)."""

    session = models.ForeignKey(BoardSession, on_delete=models.CASCADE, related_name="attendances")
    organisation = models.CharField(max_length=160)
    role = models.CharField(
        max_length=160, blank=True, help_text="e.g. Director of Children's Services"
    )
    count = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["organisation", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation", "role"], name="one_attendance_row_per_role"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.role or 'attendee'} x{self.count}"


class VoiceEntry(BaseModel):
    """What a group of children or young people said about the theme: never a named child."""

    session = models.ForeignKey(BoardSession, on_delete=models.CASCADE, related_name="voices")
    group = models.CharField(
        max_length=160,
        help_text="e.g. Youth Council, Children in Care Council: a group, never a named child.",
    )
    how_heard = models.CharField(
        max_length=255, blank=True, help_text="e.g. Workshop with 14 young people aged 13-17"
    )
    said = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "id"]
        verbose_name_plural = "voice entries"

    def __str__(self):
        return f"{self.group}: {self.said[:60]}"


class BoardAction(BaseModel):
    """Who will do what by when, and what impact we expect by when (LGA peer challenge)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    session = models.ForeignKey(
        BoardSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="The session that agreed it; empty for a dated commitment taken from a "
        "document (e.g. the Executive Member's report, seed 002).",
    )
    owner = models.CharField(max_length=200, help_text="Who: a role and organisation.")
    what = models.TextField()
    due_date = models.DateField(help_text="By when the action is done.")
    expected_impact = models.TextField()
    impact_by = models.DateField(help_text="By when the impact should show.")
    indicators = models.ManyToManyField(
        "indicators.Indicator", related_name="board_actions", blank=True
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    source = models.CharField(
        max_length=120, blank=True, help_text="The document a commitment comes from."
    )
    seed_key = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self):
        return f"{self.owner}: {self.what[:60]}"


class ActionUpdate(BaseModel):
    """A dated note on an action's progress, setting its status."""

    action = models.ForeignKey(BoardAction, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    status = models.CharField(max_length=12, choices=BoardAction.Status.choices)
    text = models.TextField()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date}: {self.get_status_display()}"


class PackFrozenError(Exception):
    """A published Board pack is never changed."""


PACK_STALE_STEP = "The job stopped; publish again"


def pack_stale_q(now=None) -> models.Q:
    """No sign of life for BOARD_PACK_STALE_SECONDS: no heartbeat since then (or, never having
    started, created before then). Meaningful for a queued or running pack."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.BOARD_PACK_STALE_SECONDS)
    return models.Q(heartbeat_at__lt=cutoff) | models.Q(
        heartbeat_at__isnull=True, created_at__lt=cutoff
    )


class BoardPackQuerySet(models.QuerySet):
    def stale(self, now=None):
        """Queued or running packs whose job stopped: a worker killed mid-build, a job lost."""
        return self.filter(pack_stale_q(now), state__in=["queued", "running"])

    def fail_stale(self, now=None) -> int:
        """Mark the stale packs failed, saying why: nothing was published; publish again."""
        minutes = max(1, round(settings.BOARD_PACK_STALE_SECONDS / 60))
        return self.stale(now).update(
            state="failed",
            step=PACK_STALE_STEP,
            error=f"The job building this pack stopped: no progress for {minutes} "
            f"minute{'s' if minutes != 1 else ''}. Nothing was published; publish again.",
            updated_at=timezone.now(),
        )


class BoardPack(BaseModel):
    """The Board pack for a session, frozen as at the moment it was published."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being built"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"

    session = models.ForeignKey(BoardSession, on_delete=models.PROTECT, related_name="packs")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent built.")
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    as_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The pack published before it.",
    )
    pdf = models.FileField(upload_to="packs/", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the build last showed progress; stale after BOARD_PACK_STALE_SECONDS.",
    )

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Pack for {self.session} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        if self.pk and BoardPack.objects.filter(pk=self.pk, state=self.State.PUBLISHED).exists():
            raise PackFrozenError("A published Board pack cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.state == self.State.PUBLISHED:
            raise PackFrozenError("A published Board pack cannot be deleted.")
        return super().delete(*args, **kwargs)
