from django.contrib import admin

from core.admin_mixins import AuditedAdmin

from .models import (
    ActionUpdate,
    Attendance,
    BoardAction,
    BoardPack,
    BoardSession,
    Plan,
    Priority,
    Theme,
    VoiceEntry,
)


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


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ("organisation", "role", "count")
    extra = 0


@admin.register(BoardSession)
class BoardSessionAdmin(AuditedAdmin):
    list_display = ("title", "date", "period", "focus_theme")
    list_filter = ("focus_theme",)
    search_fields = ("title", "notes")
    inlines = [AttendanceInline]


@admin.register(VoiceEntry)
class VoiceEntryAdmin(AuditedAdmin):
    list_display = ("group", "session")
    search_fields = ("group", "said")


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    fields = ("date", "status", "text")
    extra = 0


@admin.register(BoardAction)
class BoardActionAdmin(AuditedAdmin):
    list_display = ("owner", "due_date", "status", "session")
    list_filter = ("status",)
    search_fields = ("owner", "what")
    filter_horizontal = ("indicators",)
    inlines = [ActionUpdateInline]


@admin.register(Attendance)
class AttendanceAdmin(AuditedAdmin):
    list_display = ("organisation", "role", "count", "session")


@admin.register(ActionUpdate)
class ActionUpdateAdmin(AuditedAdmin):
    list_display = ("action", "date", "status")


@admin.register(BoardPack)
class BoardPackAdmin(AuditedAdmin):
    """Read only: packs are published from the session page and never edited."""

    list_display = ("session", "state", "progress", "as_at")
    list_filter = ("state",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.state != BoardPack.State.PUBLISHED
