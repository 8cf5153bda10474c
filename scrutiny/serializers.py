"""API serializers: an output serializer per resource, and explicit input serializers for
each write (which the API hands to a service)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.models import Indicator
from outcomes.models import Theme

from . import rules, selectors
from .models import (
    Action,
    ActionPlan,
    ActionUpdate,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    Inspection,
    KeyDecision,
    Meeting,
    PlanRecommendation,
    Recommendation,
    RecommendationUpdate,
    WorkProgrammeItem,
)


def _themes_field(**kwargs):
    return serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Theme.objects.all(), required=False, **kwargs
    )


def _indicators_field(**kwargs):
    return serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Indicator.objects.all(), required=False, **kwargs
    )


def _officer_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=selectors.officer_choices(), allow_null=True, required=False, **kwargs
    )


def _today():
    return timezone.localdate()


# --- committees and meetings ------------------------------------------------------------


class CommitteeMemberOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "name",
            "full_name",
            "kind",
            "is_chair",
            "is_vacant",
            "represents",
            "voting",
            "source",
        ]


class CommitteeOutputSerializer(serializers.ModelSerializer):
    members = CommitteeMemberOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "code",
            "name",
            "remit",
            "committee_officer_name",
            "committee_officer_post",
            "committee_officer_email",
            "source",
            "members",
        ]


class CommitteeInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Committee
        fields = [
            "code",
            "name",
            "remit",
            "committee_officer_name",
            "committee_officer_post",
            "committee_officer_email",
        ]


class MeetingOutputSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "date",
            "time",
            "venue",
            "agenda_issued",
            "present",
            "apologies",
            "source",
        ]


class MeetingInputSerializer(serializers.Serializer):
    """A meeting; the committee defaults to the Children and Young People Scrutiny Committee."""

    committee = serializers.SlugRelatedField(
        slug_field="code", queryset=Committee.objects.all(), required=False
    )
    date = serializers.DateField()
    time = serializers.CharField(required=False, allow_blank=True, max_length=20)
    venue = serializers.CharField(required=False, allow_blank=True, max_length=200)
    agenda_issued = serializers.DateField(required=False, allow_null=True)
    present = serializers.CharField(required=False, allow_blank=True)
    apologies = serializers.CharField(required=False, allow_blank=True)


class DecisionOutputSerializer(serializers.ModelSerializer):
    recommendation = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "number", "text", "recommendation"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_recommendation(self, obj) -> int | None:
        rec = getattr(obj, "recommendation", None)
        return rec.pk if rec else None


class ItemOutputSerializer(serializers.ModelSerializer):
    meeting_date = serializers.DateField(source="meeting.date", read_only=True)
    decisions = DecisionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "meeting_date",
            "ref",
            "number",
            "title",
            "report_of",
            "executive_member",
            "summary",
            "notes",
            "source",
            "decisions",
        ]


class DecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    is_recommendation = serializers.BooleanField(default=False)
    contact_officer = _officer_field()
    contact_officer_post = serializers.CharField(required=False, allow_blank=True, default="")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class ItemCreateInputSerializer(serializers.Serializer):
    """An item with its decisions; decisions marked is_recommendation go on the Monitor."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    ref = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=255)
    report_of = serializers.CharField(required=False, allow_blank=True, default="")
    executive_member = serializers.CharField(required=False, allow_blank=True, default="")
    decisions = DecisionInputSerializer(many=True, required=False, default=list)


class ItemUpdateInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["ref", "number", "title", "report_of", "executive_member", "summary", "notes"]


# --- recommendations ------------------------------------------------------------------------


class RecommendationOutputSerializer(serializers.ModelSerializer):
    ref = serializers.CharField(source="item.ref", read_only=True)
    item_title = serializers.CharField(source="item.title", read_only=True)
    meeting = serializers.IntegerField(source="item.meeting_id", read_only=True)
    meeting_date = serializers.DateField(source="item.meeting.date", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField()
    outstanding_days = serializers.SerializerMethodField()
    outstanding_flagged = serializers.SerializerMethodField()
    themes = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    indicators = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "ref",
            "item",
            "item_title",
            "meeting",
            "meeting_date",
            "decision",
            "date",
            "date_note",
            "text",
            "action",
            "contact_officer",
            "contact_officer_name",
            "contact_officer_post",
            "due_date",
            "status",
            "status_label",
            "overdue",
            "outstanding_days",
            "outstanding_flagged",
            "themes",
            "indicators",
            "source",
        ]

    def get_overdue(self, obj) -> bool:
        return bool(obj.is_open and obj.due_date and obj.due_date < _today())

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_outstanding_days(self, obj) -> int | None:
        """Open with no due date: days since the Committee made it; otherwise null."""
        return obj.outstanding_days(_today())

    def get_outstanding_flagged(self, obj) -> bool:
        """Outstanding (no due date) for more than SCRUTINY_OUTSTANDING_FLAG_DAYS days."""
        return rules.outstanding_flagged(
            obj.outstanding_days(_today()), selectors.outstanding_flag_days()
        )


class RecommendationCreateInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.all())
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.all(), required=False, allow_null=True
    )
    date = serializers.DateField(required=False, allow_null=True)
    text = serializers.CharField()
    action = serializers.CharField(required=False, allow_blank=True, default="")
    contact_officer = _officer_field()
    contact_officer_name = serializers.CharField(required=False, allow_blank=True, default="")
    contact_officer_post = serializers.CharField(required=False, allow_blank=True, default="")
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=Recommendation.Status.choices, default=rules.AWAITING_RESPONSE
    )
    themes = _themes_field()
    indicators = _indicators_field()


class RecommendationChangeInputSerializer(serializers.Serializer):
    """A scrutiny officer's change (PATCH): any of these fields."""

    text = serializers.CharField(required=False)
    action = serializers.CharField(required=False, allow_blank=True)
    contact_officer = _officer_field()
    contact_officer_name = serializers.CharField(required=False, allow_blank=True)
    contact_officer_post = serializers.CharField(required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Recommendation.Status.choices, required=False)
    themes = _themes_field()
    indicators = _indicators_field()


class RecommendationRespondInputSerializer(serializers.Serializer):
    """A contact officer's response (PATCH on their own recommendation)."""

    action = serializers.CharField()
    status = serializers.ChoiceField(choices=Recommendation.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecommendationUpdateOutputSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    ref = serializers.CharField(source="recommendation.item.ref", read_only=True)

    class Meta:
        model = RecommendationUpdate
        fields = [
            "id",
            "recommendation",
            "ref",
            "date",
            "text",
            "status",
            "note",
            "created_by",
            "created_at",
            "source",
        ]


class RecommendationUpdateCreateInputSerializer(serializers.Serializer):
    recommendation = serializers.PrimaryKeyRelatedField(queryset=Recommendation.objects.all())
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=Recommendation.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- action plans -----------------------------------------------------------------------------


class ActionUpdateOutputSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ActionUpdate
        fields = ["id", "action", "period", "text", "status", "created_by", "created_at", "source"]


class ActionOutputSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="recommendation.plan.code", read_only=True)
    recommendation_number = serializers.IntegerField(source="recommendation.number", read_only=True)
    status_label = serializers.SerializerMethodField()
    rag = serializers.SerializerMethodField()
    due_date = serializers.SerializerMethodField()
    themes = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    indicators = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    updates = ActionUpdateOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "recommendation",
            "recommendation_number",
            "position",
            "label",
            "text",
            "lead",
            "lead_name",
            "lead_post",
            "expected_text",
            "expected_date",
            "recurrence",
            "status",
            "status_label",
            "rag",
            "due_date",
            "themes",
            "indicators",
            "source",
            "updates",
        ]

    def _due(self, obj) -> rules.Due:
        return rules.action_due(obj.state(list(obj.updates.all())), _today())

    @extend_schema_field(
        serializers.ChoiceField(choices=[rules.GREEN, rules.AMBER, rules.RED, rules.NOT_RATED])
    )
    def get_rag(self, obj) -> str:
        return rules.rag_for_due(self._due(obj), _today())

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due_date(self, obj):
        return self._due(obj).date

    def get_status_label(self, obj) -> str:
        """The status words that agree with `rag` ("Update due for November 2026" for a
        recurring action whose current occurrence is not done); `status` stays the stored
        status, the latest update's."""
        return obj.status_words(_today(), list(obj.updates.all())).label


class PlanRecommendationOutputSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    actions = ActionOutputSerializer(many=True, read_only=True)
    indicators = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)

    class Meta:
        model = PlanRecommendation
        fields = [
            "id",
            "plan",
            "number",
            "text",
            "report_section",
            "source",
            "indicators",
            "actions",
        ]


class PlanRecommendationInputSerializer(serializers.Serializer):
    plan = serializers.SlugRelatedField(slug_field="code", queryset=ActionPlan.objects.all())
    number = serializers.IntegerField(min_value=1)
    text = serializers.CharField()
    report_section = serializers.CharField(required=False, allow_blank=True, default="")


class ActionPlanOutputSerializer(serializers.ModelSerializer):
    meeting_date = serializers.DateField(source="meeting.date", read_only=True, allow_null=True)
    recommendations = PlanRecommendationOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "body",
            "subject",
            "inspected",
            "published",
            "rating",
            "meeting",
            "meeting_date",
            "source",
            "recommendations",
        ]


class ActionPlanInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = [
            "code",
            "title",
            "kind",
            "body",
            "subject",
            "inspected",
            "published",
            "rating",
            "meeting",
        ]


class ActionCreateInputSerializer(serializers.Serializer):
    recommendation = serializers.PrimaryKeyRelatedField(queryset=PlanRecommendation.objects.all())
    label = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField()
    lead = _officer_field()
    lead_name = serializers.CharField(required=False, allow_blank=True, default="")
    lead_post = serializers.CharField(required=False, allow_blank=True, default="")
    expected_text = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text='As printed: "31.08.19", "Monthly" or "October 2019".',
    )
    expected_date = serializers.DateField(required=False, allow_null=True)
    recurrence = serializers.ChoiceField(
        choices=Action.Recurrence.choices, required=False, allow_blank=True
    )
    status = serializers.ChoiceField(choices=Action.Status.choices, default=rules.NOT_STARTED)
    themes = _themes_field()
    indicators = _indicators_field()


class ActionChangeInputSerializer(serializers.Serializer):
    """A scrutiny officer's change to an action (PATCH)."""

    label = serializers.CharField(required=False, allow_blank=True)
    text = serializers.CharField(required=False)
    lead = _officer_field()
    lead_name = serializers.CharField(required=False, allow_blank=True)
    lead_post = serializers.CharField(required=False, allow_blank=True)
    expected_text = serializers.CharField(required=False, allow_blank=True)
    expected_date = serializers.DateField(required=False, allow_null=True)
    recurrence = serializers.ChoiceField(
        choices=Action.Recurrence.choices, required=False, allow_blank=True
    )
    status = serializers.ChoiceField(choices=Action.Status.choices, required=False)
    themes = _themes_field()
    indicators = _indicators_field()


class ActionProgressInputSerializer(serializers.Serializer):
    """A monthly progress update (the lead's PATCH on their action, or POST action-updates)."""

    period = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", help_text="e.g. 2019-06")
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=Action.Status.choices)


class ActionProgressCreateInputSerializer(ActionProgressInputSerializer):
    action = serializers.PrimaryKeyRelatedField(queryset=Action.objects.all())


# --- work programme and key decisions -----------------------------------------------------


class WorkProgrammeOutputSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = WorkProgrammeItem
        fields = [
            "id",
            "committee",
            "meeting_date",
            "heading",
            "report_deadline",
            "is_regular",
            "section_order",
            "order",
            "item",
            "purpose",
            "executive_member",
            "lead_officer",
            "comments",
            "source",
        ]


class WorkProgrammeInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkProgrammeItem
        fields = [
            "meeting_date",
            "heading",
            "report_deadline",
            "is_regular",
            "section_order",
            "order",
            "item",
            "purpose",
            "executive_member",
            "lead_officer",
            "comments",
        ]


class KeyDecisionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyDecision
        fields = [
            "id",
            "ref",
            "subject",
            "description",
            "decision_maker",
            "due_text",
            "due_date",
            "consultation",
            "background_documents",
            "officer_name",
            "officer_post",
            "officer_email",
            "register_published",
            "order",
            "source",
        ]


class KeyDecisionInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyDecision
        fields = [
            "ref",
            "subject",
            "description",
            "decision_maker",
            "due_text",
            "due_date",
            "consultation",
            "background_documents",
            "officer_name",
            "officer_post",
            "officer_email",
            "register_published",
            "order",
        ]


class InspectionOutputSerializer(serializers.ModelSerializer):
    """A row of the inspection register (read-only)."""

    type = serializers.CharField(source="kind", read_only=True)
    date = serializers.CharField(source="date_text", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    action_plans = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "code",
            "title",
            "inspectorate",
            "type",
            "date",
            "status",
            "status_label",
            "judgement",
            "published",
            "summary",
            "note",
            "action_plans",
            "source",
        ]
