"""Supporting strategies; the LAC and Care Leavers' Strategy's Promise themes and outcomes (003)."""

from django.db import models

from core.models import BaseModel


class Strategy(BaseModel):
    class Status(models.TextChoices):
        NOT_STATED = "", "Not stated"
        IN_DEVELOPMENT = "in_development", "In development"
        IN_FORCE = "in_force", "In force"
        BEING_REFRESHED = "being_refreshed", "Being refreshed"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=255)
    plan = models.ForeignKey(
        "outcomes.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="strategies"
    )
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        blank=True,
        default=Status.NOT_STATED,
        help_text="As the source document states it; blank where it says nothing.",
    )
    status_note = models.TextField(blank=True, help_text="The source's words for the status.")
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "strategies"

    def __str__(self):
        return self.name


class PromiseTheme(BaseModel):
    """A theme of a strategy: the Promise's Respect, Care, Support, Grow, and Edge of Care."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="promise_themes")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    promise = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["strategy__name", "order"]

    def __str__(self):
        return self.name


class StrategyOutcome(BaseModel):
    """A desired outcome a strategy theme names."""

    promise_theme = models.ForeignKey(
        PromiseTheme, on_delete=models.PROTECT, related_name="outcomes"
    )
    code = models.SlugField(max_length=40, unique=True)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["promise_theme__order", "order"]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"
