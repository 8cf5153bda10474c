"""The Board's API: the dashboard as JSON, sessions, voice, actions and frozen packs.

Every role reads; performance leads write. Writes go through outcomes.board and outcomes.packs,
so the API keeps exactly the rules the pages keep.
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from core.api import service_call
from core.permissions import PERFORMANCE_LEAD, role_permission
from indicators.models import Indicator, Period
from outcomes.board import services as board
from outcomes.models import (
    ActionUpdate,
    Attendance,
    BoardAction,
    BoardPack,
    BoardSession,
    Theme,
    VoiceEntry,
)

LeadWrites = role_permission(write=(PERFORMANCE_LEAD,))


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["organisation", "role", "count"]


class SessionSerializer(serializers.ModelSerializer):
    period = serializers.SlugRelatedField(
        slug_field="code", queryset=Period.objects.filter(kind="fin_quarter")
    )
    focus_theme = serializers.SlugRelatedField(slug_field="code", queryset=Theme.objects.all())
    attendances = AttendanceSerializer(many=True, required=False)
    version = serializers.IntegerField(
        required=False, help_text="Required on update: the version you read."
    )

    class Meta:
        model = BoardSession
        fields = [
            "id",
            "title",
            "date",
            "period",
            "focus_theme",
            "venue",
            "notes",
            "attendances",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class VoiceSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=BoardSession.objects.all())

    class Meta:
        model = VoiceEntry
        fields = ["id", "session", "group", "how_heard", "said", "created_at"]
        read_only_fields = ["created_at"]


class ActionUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionUpdate
        fields = ["id", "date", "status", "text", "created_at"]
        read_only_fields = ["created_at"]


class ActionSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(
        queryset=BoardSession.objects.all(),
        allow_null=True,
        help_text="The session that agreed it; null for a dated commitment taken from a "
        "document (read-only: actions made here belong to a session).",
    )
    indicators = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Indicator.objects.all()
    )
    updates = ActionUpdateSerializer(many=True, read_only=True)
    version = serializers.IntegerField(
        required=False, help_text="Required on update: the version you read."
    )
    overdue = serializers.SerializerMethodField(
        help_text="Derived: past its due date and not Done or Dropped, as of today."
    )
    status_label = serializers.SerializerMethodField(
        help_text='Derived: "Overdue" when overdue, else the status in words.'
    )

    class Meta:
        model = BoardAction
        fields = [
            "id",
            "session",
            "owner",
            "what",
            "due_date",
            "expected_impact",
            "impact_by",
            "indicators",
            "status",
            "status_label",
            "overdue",
            "source",
            "version",
            "updates",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["source", "created_at", "updated_at"]

    def validate_session(self, value):
        if value is None and self.instance is None:
            raise serializers.ValidationError("A Board action made here belongs to a session.")
        return value

    def get_overdue(self, obj) -> bool:
        return board.action_overdue(obj, timezone.localdate())

    def get_status_label(self, obj) -> str:
        return board.action_status_label(obj, timezone.localdate())


class SessionViewSet(viewsets.ModelViewSet):
    """Quarterly Board sessions with their attendees by organisation."""

    queryset = BoardSession.objects.select_related("period", "focus_theme").prefetch_related(
        "attendances"
    )
    serializer_class = SessionSerializer
    permission_classes = [LeadWrites]
    filterset_fields = {"period__code": ["exact"], "focus_theme__code": ["exact"]}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = service_call(board.session_create, user=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = service_call(
            board.session_update,
            user=self.request.user,
            session=serializer.instance,
            version=data.pop("version", None),
            **data,
        )


class VoiceViewSet(viewsets.ModelViewSet):
    """What groups of children and young people said: attributed to a group, never a child."""

    queryset = VoiceEntry.objects.select_related("session")
    serializer_class = VoiceSerializer
    permission_classes = [LeadWrites]
    filterset_fields = ["session"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = service_call(
            board.voice_add, user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("session", None)
        serializer.instance = service_call(
            board.voice_update, user=self.request.user, entry=serializer.instance, **data
        )

    def perform_destroy(self, instance):
        service_call(board.voice_delete, user=self.request.user, entry=instance)


class ActionFilter(filters.FilterSet):
    indicator = filters.CharFilter(field_name="indicators__code", label="Indicator code")

    class Meta:
        model = BoardAction
        fields = ["session", "status", "indicator"]


class ActionViewSet(viewsets.ModelViewSet):
    """Who will do what by when, the impact expected by when, and the indicators it moves."""

    queryset = (
        BoardAction.objects.select_related("session")
        .prefetch_related("indicators", "updates")
        .distinct()
    )
    serializer_class = ActionSerializer
    permission_classes = [LeadWrites]
    filterset_class = ActionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = service_call(board.action_create, user=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("session", None)
        serializer.instance = service_call(
            board.action_update,
            user=self.request.user,
            action=serializer.instance,
            version=data.pop("version", None),
            **data,
        )

    @extend_schema(request=ActionUpdateSerializer, responses={201: ActionUpdateSerializer})
    @action(detail=True, methods=["post"])
    def updates(self, request, pk=None):
        """Add a dated update; it sets the action's status."""
        data = ActionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = service_call(
            board.action_progress,
            user=request.user,
            action=self.get_object(),
            **data.validated_data,
        )
        return Response(ActionUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class PackSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = BoardPack
        fields = [
            "id",
            "session",
            "state",
            "progress",
            "step",
            "error",
            "as_at",
            "previous",
            "pdf_url",
            "created_at",
        ]

    def get_pdf_url(self, pack) -> str | None:
        if pack.state != BoardPack.State.PUBLISHED:
            return None
        from django.urls import reverse

        return reverse("boardpack-pdf", args=[pack.pk])


class PackDetailSerializer(PackSerializer):
    class Meta(PackSerializer.Meta):
        fields = [*PackSerializer.Meta.fields, "snapshot"]


class PublishSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=BoardSession.objects.all())


class PackViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Frozen Board packs. POST publishes a new one (a Celery job builds it: poll `progress`);
    a published pack never changes."""

    queryset = BoardPack.objects.select_related("session")
    permission_classes = [LeadWrites]
    filterset_fields = ["session", "state"]

    def get_serializer_class(self):
        return PackDetailSerializer if self.action == "retrieve" else PackSerializer

    @extend_schema(request=PublishSerializer, responses={202: PackSerializer})
    def create(self, request):
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pack = service_call(
            board.pack_request, user=request.user, session=data.validated_data["session"]
        )
        pack.refresh_from_db()
        return Response(PackSerializer(pack).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The published pack as a PDF."""
        pack = get_object_or_404(BoardPack, pk=pk, state=BoardPack.State.PUBLISHED)
        return FileResponse(
            pack.pdf.open("rb"),
            as_attachment=True,
            filename=f"board-pack-{pack.pk}.pdf",
            content_type="application/pdf",
        )
