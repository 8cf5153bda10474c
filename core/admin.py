from django.contrib import admin

from .models import OutboxJob


@admin.register(OutboxJob)
class OutboxJobAdmin(admin.ModelAdmin):
    """Read only: jobs waiting for the broker (sent_at empty) and those sent lately."""

    list_display = ("task", "args", "created_at", "attempts", "sent_at", "last_error")
    list_filter = ("task",)
    search_fields = ("task", "task_id", "last_error")
    readonly_fields = ("task", "args", "task_id", "created_at", "attempts", "last_error", "sent_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
