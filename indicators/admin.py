from django.contrib import admin

from core.admin_mixins import AuditedAdmin, ReadOnlyAdmin

from .models import (
    Area,
    AreaStatus,
    Benchmark,
    Indicator,
    IndicatorStatus,
    Period,
    ReminderLog,
    Return,
    Target,
)


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    """Lock and reopen on the approvals page, with a reason."""

    list_display = ("code", "kind", "start", "end", "locked_at")
    list_filter = ("kind",)
    search_fields = ("code", "label")


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = (
        "code",
        "name",
        "unit",
        "polarity",
        "frequency",
        "aggregation",
        "owner",
        "is_key",
    )
    list_filter = ("plan", "unit", "polarity", "frequency", "aggregation", "themes", "is_key")
    search_fields = ("code", "name", "definition")
    filter_horizontal = ("themes", "priorities", "strategy_outcomes")


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    """Set on the targets page or API (year targets, lock checks, recompute)."""

    list_display = ("indicator", "period", "value", "band", "basis")
    list_filter = ("basis", "period__kind", "period")
    search_fields = ("indicator__code", "indicator__name")


@admin.register(Return)
class ReturnAdmin(ReadOnlyAdmin):
    """Entered, approved and corrected through the returns pages and API only."""

    list_display = ("indicator", "period", "area", "value", "status", "version", "is_synthetic")
    list_filter = ("status", "is_synthetic", "is_derived", "area", "period__kind")
    search_fields = ("indicator__code", "commentary")


@admin.register(IndicatorStatus)
class IndicatorStatusAdmin(ReadOnlyAdmin):
    """Computed by the RAG engine."""

    list_display = ("indicator", "period", "value", "target", "rag", "direction", "computed_at")
    list_filter = ("rag", "direction", "period__kind")
    search_fields = ("indicator__code",)


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    """Loaded from fixtures/framework/areas.yaml and `load_areas` files."""

    list_display = ("name", "code", "kind", "parent", "order")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(AreaStatus)
class AreaStatusAdmin(ReadOnlyAdmin):
    """Computed by the RAG engine for each locality."""

    list_display = ("indicator", "area", "period", "value", "target", "rag", "direction")
    list_filter = ("rag", "area", "period__kind")
    search_fields = ("indicator__code",)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("user", "indicator", "period", "kind", "sent_on")
    list_filter = ("kind", "sent_on")
    search_fields = ("user__username", "indicator__code")


@admin.register(Benchmark)
class BenchmarkAdmin(AuditedAdmin):
    list_display = ("indicator", "period", "comparator", "value", "quartile", "source")
    list_filter = ("comparator",)
    search_fields = ("indicator__code", "source")
