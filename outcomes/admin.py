from django.contrib import admin

from core.admin_mixins import AuditedAdmin

from .models import Plan, Priority, Theme


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ("code", "title", "start_year", "end_year")
    search_fields = ("code", "title", "vision")


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ("code", "name", "plan", "order")
    list_filter = ("plan",)
    search_fields = ("code", "name", "statement")


@admin.register(Priority)
class PriorityAdmin(AuditedAdmin):
    list_display = ("code", "kind", "plan", "theme", "order")
    list_filter = ("plan", "kind", "theme")
    search_fields = ("code", "text")
