"""Indicators, the period calendar, targets, returns and computed status."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core.models import BaseModel

from . import periods as cal


class Period(models.Model):
    """One period of the calendar (reference data, loaded by load_framework)."""

    code = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=12, choices=list(cal.KIND_LABELS.items()))
    start = models.DateField()
    end = models.DateField()
    label = models.CharField(max_length=60)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "-end"]
        indexes = [models.Index(fields=["kind", "start"])]

    def __str__(self):
        return self.code

    @property
    def calendar(self) -> cal.Period:
        return cal.Period(self.start, self.end, self.kind, self.code)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Area(models.Model):
    """Where a figure is for: the city, its localities (North, Central, South), optional wards.

    A return with no area is the city's figure, so everything written before areas existed
    (and every indicator not reported by area) keeps meaning the whole city."""

    class Kind(models.TextChoices):
        CITY = "city", "City"
        LOCALITY = "locality", "Locality"
        WARD = "ward", "Ward"

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.CITY and self.parent_id is not None:
            raise ValidationError({"parent": "The city has no parent area."})
        if self.kind != self.Kind.CITY and self.parent_id is None:
            raise ValidationError({"parent": "A locality or ward belongs to a larger area."})


class Indicator(BaseModel):
    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        COUNT = "count", "Count"
        DAYS = "days", "Days"
        AVERAGE = "average", "Average (e.g. cases per worker)"
        RATE_1000 = "rate_1000", "Rate per 1,000"
        RATE_10000 = "rate_10000", "Rate per 10,000"
        RATE_100000 = "rate_100000", "Rate per 100,000"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    class Aggregation(models.TextChoices):
        SNAPSHOT = "snapshot", "Snapshot"
        CUMULATIVE = "cumulative", "Cumulative over the year"

    class YearBasis(models.TextChoices):
        FINANCIAL = "financial", "Financial year (April-March)"
        ACADEMIC = "academic", "Academic year (September-August)"

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=255)
    definition = models.TextField()
    unit = models.CharField(max_length=12, choices=Unit.choices)
    polarity = models.CharField(max_length=6, choices=Polarity.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    aggregation = models.CharField(
        max_length=10, choices=Aggregation.choices, default=Aggregation.SNAPSHOT
    )
    year_basis = models.CharField(
        max_length=10, choices=YearBasis.choices, default=YearBasis.FINANCIAL
    )
    source = models.CharField(max_length=120)
    plan = models.ForeignKey(
        "outcomes.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    measure_number = models.PositiveSmallIntegerField(null=True, blank=True)
    promise_theme = models.ForeignKey(
        "strategies.PromiseTheme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    themes = models.ManyToManyField("outcomes.Theme", related_name="indicators", blank=True)
    priorities = models.ManyToManyField("outcomes.Priority", related_name="indicators", blank=True)
    strategy_outcomes = models.ManyToManyField(
        "strategies.StrategyOutcome", related_name="indicators", blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_indicators",
        help_text="The officer who enters this indicator's returns.",
    )
    owner_team = models.CharField(max_length=120, blank=True)
    is_key = models.BooleanField(
        default=False, help_text="A key indicator, tracked regularly by the Board."
    )
    order = models.PositiveSmallIntegerField(default=0)
    by_area = models.BooleanField(
        default=False,
        help_text="Reported by locality as well as for the city (docs/areas.md).",
    )
    entry = models.CharField(
        max_length=10,
        choices=[("value", "The figure"), ("fraction", "Numerator and denominator")],
        default="value",
        help_text="A percentage may be entered as numerator and denominator, so the city's "
        "figure can be derived exactly from the localities'.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code}: {self.name}"

    @property
    def period_kind(self) -> str:
        return cal.kind_for(self.frequency, self.year_basis)

    @property
    def is_cumulative(self) -> bool:
        return self.aggregation == self.Aggregation.CUMULATIVE

    @property
    def is_fraction(self) -> bool:
        return self.entry == "fraction"

    @property
    def city_is_derived(self) -> bool:
        """By area, and the city's figure adds up exactly from the localities': a count, or a
        percentage entered as numerator and denominator."""
        return self.by_area and (self.unit == self.Unit.COUNT or self.is_fraction)

    def clean(self):
        if self.entry == "fraction" and self.unit != self.Unit.PERCENT:
            raise ValidationError({"entry": "Only a percentage is entered as a fraction."})


class Target(BaseModel):
    """A target for one indicator and one (usually yearly) period, with an optional amber band."""

    class Basis(models.TextChoices):
        STATED = "stated", "Stated (in a document, or set by a performance lead)"
        INFERRED = "inferred", "Inferred (not stated for this year)"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    band = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Amber band; empty means 5% of the target.",
    )
    source = models.CharField(max_length=120, blank=True)
    basis = models.CharField(
        max_length=8,
        choices=Basis.choices,
        default=Basis.STATED,
        help_text="Inferred: the figure is not stated for this year in any document (a yearless "
        'target spread over the years, a reading of words such as "All", or a target '
        "carried forward).",
    )
    basis_note = models.CharField(
        max_length=400, blank=True, help_text="What was inferred, and from what."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__code", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_period")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period.code}: {self.value}"

    def clean(self):
        if self.band is not None and self.band < Decimal("0"):
            raise ValidationError({"band": "The amber band cannot be negative."})
        if self.basis == self.Basis.INFERRED and not self.basis_note.strip():
            raise ValidationError({"basis_note": "Say what was inferred, and from what."})

    @property
    def is_inferred(self) -> bool:
        return self.basis == self.Basis.INFERRED


class ReturnQuerySet(models.QuerySet):
    def city(self):
        """The city's figures only: what the RAG engine, dashboards and packs read."""
        return self.filter(area__isnull=True)


class Return(BaseModel):
    """An officer's figure for one indicator and period, with commentary."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="returns")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="returns")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    commentary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    returned_reason = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_synthetic = models.BooleanField(default=False, help_text="Invented demo figure.")
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
        help_text="Empty: the whole city.",
    )
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    is_derived = models.BooleanField(
        default=False, help_text="The city's figure added up from the localities' approved ones."
    )
    history = HistoricalRecords()

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__code", "period__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=models.Q(area__isnull=True),
                name="one_city_return_per_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "area"], name="one_area_return_per_period"
            ),
        ]

    def __str__(self):
        where = f" {self.area.code}" if self.area_id else ""
        return f"{self.indicator.code} {self.period.code}{where}"


class IndicatorStatus(models.Model):
    """The computed RAG of one indicator for one period; dashboards read it, never recompute."""

    class Rag(models.TextChoices):
        GREEN = "green", "Green"
        AMBER = "amber", "Amber"
        RED = "red", "Red"
        NO_DATA = "no_data", "No data"
        NOT_RATED = "not_rated", "Not rated"

    class Direction(models.TextChoices):
        IMPROVING = "improving", "Improving"
        WORSENING = "worsening", "Worsening"
        NO_CHANGE = "no_change", "No change"

    # No index of its own: the unique constraint's index leads with the indicator (every
    # index is one more write for each row a recompute inserts or moves; docs/performance.md).
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="statuses", db_index=False
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="statuses")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    band = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    rag = models.CharField(max_length=10, choices=Rag.choices)
    direction = models.CharField(  # noqa: DJ001 - null means "no previous figure", not ""
        max_length=10, choices=Direction.choices, null=True, blank=True
    )
    is_synthetic = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator__code", "period__start"]
        verbose_name_plural = "indicator statuses"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_status_per_period")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period.code}: {self.rag}"


class AreaStatus(models.Model):
    """The computed RAG of one indicator for one locality (or ward) and period. The city's is
    IndicatorStatus; the rules are the same (indicators.status)."""

    # no index of its own: the unique constraint's leads with it (as IndicatorStatus.indicator)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="area_statuses", db_index=False
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="statuses")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="area_statuses")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    band = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    rag = models.CharField(max_length=10, choices=IndicatorStatus.Rag.choices)
    direction = models.CharField(  # noqa: DJ001 - null means "no previous figure"
        max_length=10, choices=IndicatorStatus.Direction.choices, null=True, blank=True
    )
    is_synthetic = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator__code", "period__start", "area__order"]
        verbose_name_plural = "area statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], name="one_area_status_per_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.area.code} {self.period.code}: {self.rag}"


class ReminderLog(models.Model):
    """One reminder email sent, so a second run the same day sends nothing twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "indicator", "period", "kind"], name="one_reminder_of_a_kind"
            )
        ]

    def __str__(self):
        return f"{self.kind} to {self.user_id} for {self.indicator_id} {self.period_id}"


class Benchmark(BaseModel):
    """A comparator's value for an indicator and period (DfE LAIT, PHE Fingertips, ...)."""

    class Comparator(models.TextChoices):
        ENGLAND = "england", "England"
        NORTH_WEST = "north_west", "North West"
        STAT_NEIGHBOURS = "stat_neighbours", "Statistical neighbours"
        GM = "gm", "Greater Manchester"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="benchmarks")
    comparator = models.CharField(max_length=16, choices=Comparator.choices)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    quartile = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[
            (1, "Top quartile"),
            (2, "Second quartile"),
            (3, "Third quartile"),
            (4, "Bottom quartile"),
        ],
        help_text="Manchester's quartile among English local authorities (1 = best); "
        "England rows only, where the source publishes one.",
    )
    source = models.CharField(max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__code", "period__start", "comparator"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "comparator"], name="one_benchmark_per_comparator"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period.code} {self.comparator}: {self.value}"
