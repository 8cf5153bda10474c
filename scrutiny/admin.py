from django.contrib import admin

from core.admin_mixins import AuditedAdmin

from .models import (
    Action,
    ActionPlan,
    ActionUpdate,
    AgendaItem,
    ChaseNotice,
    Committee,
    CommitteeMember,
    Decision,
    InformationItem,
    Inspection,
    KeyDecision,
    Meeting,
    PlanRecommendation,
    Recommendation,
    RecommendationUpdate,
    WorkProgrammeItem,
)


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ("code", "name")
    inlines = [MemberInline]


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("date", "committee", "venue")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(AuditedAdmin):
    list_display = ("ref", "title", "meeting")
    search_fields = ("ref", "title")
    inlines = [DecisionInline]


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    list_display = ("item", "date", "status", "contact_officer_name", "due_date")
    list_filter = ("status",)
    search_fields = ("text", "action", "contact_officer_name", "item__ref")


class ReadOnlyUpdateAdmin(admin.ModelAdmin):
    """Updates are append-only: the admin may look, never change or delete."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecommendationUpdate)
class RecommendationUpdateAdmin(ReadOnlyUpdateAdmin):
    list_display = ("recommendation", "date", "status")


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnlyUpdateAdmin):
    list_display = ("action", "period", "status")


@admin.register(ActionPlan)
class ActionPlanAdmin(AuditedAdmin):
    list_display = ("code", "title", "kind")


@admin.register(PlanRecommendation)
class PlanRecommendationAdmin(AuditedAdmin):
    list_display = ("plan", "number", "text")


@admin.register(Action)
class ActionAdmin(AuditedAdmin):
    list_display = ("recommendation", "label", "lead_name", "expected_text", "status")
    list_filter = ("status", "recommendation__plan")


@admin.register(Inspection)
class InspectionAdmin(AuditedAdmin):
    list_display = ("title", "inspectorate", "kind", "date_text", "status", "judgement")
    list_filter = ("status",)
    search_fields = ("title", "inspectorate", "kind", "summary")
    filter_horizontal = ("action_plans",)


admin.site.register(WorkProgrammeItem, AuditedAdmin)
admin.site.register(KeyDecision, AuditedAdmin)
admin.site.register(InformationItem, AuditedAdmin)


@admin.register(ChaseNotice)
class ChaseNoticeAdmin(ReadOnlyUpdateAdmin):
    list_display = ("date", "recipient", "recommendation", "action", "sent_at")
