from django.contrib import admin

from core.admin_mixins import AuditedAdmin

from .models import PromiseTheme, Strategy, StrategyOutcome


@admin.register(Strategy)
class StrategyAdmin(AuditedAdmin):
    list_display = ("code", "name", "plan", "status")
    list_filter = ("plan", "status")
    search_fields = ("code", "name", "description")


@admin.register(PromiseTheme)
class PromiseThemeAdmin(AuditedAdmin):
    list_display = ("code", "name", "strategy", "order")
    list_filter = ("strategy",)
    search_fields = ("code", "name", "promise")


@admin.register(StrategyOutcome)
class StrategyOutcomeAdmin(AuditedAdmin):
    list_display = ("code", "promise_theme", "order")
    list_filter = ("promise_theme",)
    search_fields = ("code", "text")
