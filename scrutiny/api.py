"""Scrutiny API (DRF): thin viewsets. Reads come from selectors; each write validates an
explicit input serializer and calls a service; responses use the output serializer."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from core import roles
from core.api import ServiceViewSet, document_writes, service_call

from . import selectors, services
from . import serializers as s
from .filters import ActionFilter, RecommendationFilter, RecommendationUpdateFilter
from .models import ActionUpdate, PlanRecommendation, RecommendationUpdate
from .permissions import (
    OwnActionPermission,
    OwnRecommendationPermission,
    ScrutinyRecordPermission,
    UpdatePostPermission,
)


@document_writes(
    s.CommitteeInputSerializer, s.CommitteeInputSerializer, s.CommitteeOutputSerializer
)
class CommitteeViewSet(ServiceViewSet):
    """The Committee and its members (councillors, co-opted members, chair)."""

    permission_classes = [ScrutinyRecordPermission]
    output_serializer_class = s.CommitteeOutputSerializer
    create_input_serializer_class = s.CommitteeInputSerializer
    update_input_serializer_class = s.CommitteeInputSerializer

    def get_queryset(self):
        return selectors.committee_list()

    create_service = staticmethod(services.committee_create)

    update_service = staticmethod(services.committee_update)
    instance_arg = "committee"


@document_writes(s.MeetingInputSerializer, s.MeetingInputSerializer, s.MeetingOutputSerializer)
class MeetingViewSet(ServiceViewSet):
    """Meetings of the Committee."""

    permission_classes = [ScrutinyRecordPermission]
    output_serializer_class = s.MeetingOutputSerializer
    create_input_serializer_class = s.MeetingInputSerializer
    update_input_serializer_class = s.MeetingInputSerializer
    filterset_fields = ["date"]

    def get_queryset(self):
        return selectors.meeting_list()

    create_service = staticmethod(services.meeting_create)

    update_service = staticmethod(services.meeting_update)
    instance_arg = "meeting"


@document_writes(s.ItemCreateInputSerializer, s.ItemUpdateInputSerializer, s.ItemOutputSerializer)
class ItemViewSet(ServiceViewSet):
    """Agenda items (ref like CYP/19/22) with their decisions. POST records an item with its
    decisions; those marked is_recommendation go on the Recommendations Monitor."""

    permission_classes = [ScrutinyRecordPermission]
    output_serializer_class = s.ItemOutputSerializer
    create_input_serializer_class = s.ItemCreateInputSerializer
    update_input_serializer_class = s.ItemUpdateInputSerializer
    filterset_fields = ["meeting", "ref"]

    def get_queryset(self):
        return selectors.item_queryset()

    def perform_service_create(self, data):
        decisions = [services.DecisionInput(**d) for d in data.pop("decisions", [])]
        return service_call(
            services.item_record, user=self.request.user, decisions=decisions, **data
        )

    update_service = staticmethod(services.item_update)
    instance_arg = "item"


@document_writes(
    s.RecommendationCreateInputSerializer,
    s.RecommendationChangeInputSerializer,
    s.RecommendationOutputSerializer,
)
class RecommendationViewSet(ServiceViewSet):
    """The Recommendations Monitor. Filters: ?status= ?overdue=true ?officer= ?open=
    ?meeting= ?year= ?ref=. PATCH by a scrutiny officer changes any field; PATCH by the
    contact officer (officer role, own recommendations only) posts a response: `action`,
    `status` and an optional `note` (RecommendationRespondInput)."""

    permission_classes = [OwnRecommendationPermission]
    output_serializer_class = s.RecommendationOutputSerializer
    create_input_serializer_class = s.RecommendationCreateInputSerializer
    update_input_serializer_class = s.RecommendationChangeInputSerializer
    filterset_class = RecommendationFilter

    def get_queryset(self):
        return selectors.recommendation_queryset().order_by("date", "item__ref", "id")

    create_service = staticmethod(services.recommendation_create)

    def perform_service_update(self, instance, request):
        if roles.has_role(request.user, roles.SCRUTINY_OFFICER):
            return super().perform_service_update(instance, request)
        allowed = set(s.RecommendationRespondInputSerializer().fields)
        if not isinstance(request.data, dict):  # a JSON list or string: 400, not a 500
            raise ValidationError({"detail": ["Send an object of fields to change."]})
        if set(request.data) - allowed:
            raise PermissionDenied(
                "A contact officer may change only the response: action, status and note."
            )
        data = self._validated(s.RecommendationRespondInputSerializer, request.data)
        service_call(
            services.recommendation_respond,
            recommendation=instance,
            user=request.user,
            text=data["action"],
            status=data["status"],
            note=data["note"],
        )
        return instance

    update_service = staticmethod(services.recommendation_update)
    instance_arg = "recommendation"


@extend_schema_view(
    create=extend_schema(
        request=s.RecommendationUpdateCreateInputSerializer,
        responses={201: s.RecommendationUpdateOutputSerializer},
    )
)
class RecommendationUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Dated responses to recommendations, kept as history: list, read, and post (append)
    only. A contact officer posts only on their own recommendations."""

    permission_classes = [UpdatePostPermission]
    serializer_class = s.RecommendationUpdateOutputSerializer
    filterset_class = RecommendationUpdateFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.recommendation_update_list()

    def create(self, request, *args, **kwargs):
        serializer = s.RecommendationUpdateCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = service_call(
            services.recommendation_respond, user=request.user, **serializer.validated_data
        )
        update = RecommendationUpdate.objects.select_related(
            "recommendation__item", "created_by"
        ).get(pk=update.pk)
        return Response(
            s.RecommendationUpdateOutputSerializer(update).data, status=status.HTTP_201_CREATED
        )


@document_writes(
    s.ActionPlanInputSerializer, s.ActionPlanInputSerializer, s.ActionPlanOutputSerializer
)
class ActionPlanViewSet(ServiceViewSet):
    """Inspection and review action plans, by code, with recommendations and actions."""

    permission_classes = [ScrutinyRecordPermission]
    output_serializer_class = s.ActionPlanOutputSerializer
    create_input_serializer_class = s.ActionPlanInputSerializer
    update_input_serializer_class = s.ActionPlanInputSerializer
    lookup_field = "code"
    filterset_fields = ["kind"]

    def get_queryset(self):
        return selectors.action_plan_list().order_by("title")

    create_service = staticmethod(services.action_plan_create)

    update_service = staticmethod(services.action_plan_update)
    instance_arg = "plan"


@extend_schema_view(
    create=extend_schema(
        request=s.PlanRecommendationInputSerializer,
        responses={201: s.PlanRecommendationOutputSerializer},
    )
)
class PlanRecommendationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The recommendations of action plans (each with its actions)."""

    permission_classes = [ScrutinyRecordPermission]
    serializer_class = s.PlanRecommendationOutputSerializer
    filterset_fields = ["plan__code"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return PlanRecommendation.objects.select_related("plan").prefetch_related(
            Prefetch("actions", queryset=selectors.action_queryset()), "indicators"
        )

    def create(self, request, *args, **kwargs):
        serializer = s.PlanRecommendationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rec = service_call(
            services.plan_recommendation_create, user=request.user, **serializer.validated_data
        )
        rec = self.get_queryset().get(pk=rec.pk)
        return Response(
            s.PlanRecommendationOutputSerializer(rec).data, status=status.HTTP_201_CREATED
        )


@document_writes(
    s.ActionCreateInputSerializer, s.ActionChangeInputSerializer, s.ActionOutputSerializer
)
class ActionViewSet(ServiceViewSet):
    """Actions of action plans, with their RAG today and progress updates. Filters: ?plan=
    ?status= ?overdue=true ?lead=. PATCH by a scrutiny officer changes any field; PATCH by
    the action's lead (officer role) adds a progress update: `period`, `text`, `status`
    (ActionProgressInput)."""

    permission_classes = [OwnActionPermission]
    output_serializer_class = s.ActionOutputSerializer
    create_input_serializer_class = s.ActionCreateInputSerializer
    update_input_serializer_class = s.ActionChangeInputSerializer
    filterset_class = ActionFilter

    def get_queryset(self):
        return selectors.action_queryset().order_by(
            "recommendation__plan__code", "recommendation__number", "position"
        )

    create_service = staticmethod(services.action_create)

    def perform_service_update(self, instance, request):
        if roles.has_role(request.user, roles.SCRUTINY_OFFICER):
            return super().perform_service_update(instance, request)
        allowed = set(s.ActionProgressInputSerializer().fields)
        if not isinstance(request.data, dict):  # a JSON list or string: 400, not a 500
            raise ValidationError({"detail": ["Send an object of fields to change."]})
        if set(request.data) - allowed:
            raise PermissionDenied(
                "An action's lead may only add a progress update: period, text, status."
            )
        data = self._validated(s.ActionProgressInputSerializer, request.data)
        service_call(services.action_progress_add, action=instance, user=request.user, **data)
        return instance

    update_service = staticmethod(services.action_update)
    instance_arg = "action"


@extend_schema_view(
    create=extend_schema(
        request=s.ActionProgressCreateInputSerializer,
        responses={201: s.ActionUpdateOutputSerializer},
    )
)
class ActionUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Monthly progress updates on actions, never overwritten: list, read, post (append)."""

    permission_classes = [UpdatePostPermission]
    serializer_class = s.ActionUpdateOutputSerializer
    filterset_fields = ["action", "period", "status"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return ActionUpdate.objects.select_related("created_by").order_by("action", "period", "id")

    def create(self, request, *args, **kwargs):
        serializer = s.ActionProgressCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = service_call(
            services.action_progress_add, user=request.user, **serializer.validated_data
        )
        return Response(s.ActionUpdateOutputSerializer(update).data, status=status.HTTP_201_CREATED)


@document_writes(
    s.WorkProgrammeInputSerializer, s.WorkProgrammeInputSerializer, s.WorkProgrammeOutputSerializer
)
class WorkProgrammeViewSet(ServiceViewSet):
    """The Committee's work programme: items per meeting, unscheduled and regular items."""

    permission_classes = [ScrutinyRecordPermission]
    output_serializer_class = s.WorkProgrammeOutputSerializer
    create_input_serializer_class = s.WorkProgrammeInputSerializer
    update_input_serializer_class = s.WorkProgrammeInputSerializer
    filterset_fields = ["meeting_date", "is_regular"]

    def get_queryset(self):
        return selectors.work_programme_list()

    create_service = staticmethod(services.work_programme_item_create)

    update_service = staticmethod(services.work_programme_item_update)
    instance_arg = "item"

    def perform_service_update(self, instance, request):
        # The model's `item` field (the agenda item's title) shares its name with the service's
        # keyword for the record: set it on the record, which the service validates and saves.
        data = self._validated(self.update_input_serializer_class, request.data, partial=True)
        if "item" in data:
            instance.item = data.pop("item")
        return service_call(self.update_service, item=instance, user=request.user, **data)


@document_writes(
    s.KeyDecisionInputSerializer, s.KeyDecisionInputSerializer, s.KeyDecisionOutputSerializer
)
class KeyDecisionViewSet(ServiceViewSet):
    """The Register of Key Decisions within the Committee's remit (ref like 2019/05/21C)."""

    permission_classes = [ScrutinyRecordPermission]
    output_serializer_class = s.KeyDecisionOutputSerializer
    create_input_serializer_class = s.KeyDecisionInputSerializer
    update_input_serializer_class = s.KeyDecisionInputSerializer
    filterset_fields = ["ref"]

    def get_queryset(self):
        return selectors.key_decision_list()

    create_service = staticmethod(services.key_decision_create)

    update_service = staticmethod(services.key_decision_update)
    instance_arg = "key_decision"


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """The inspection register (read-only): inspections done and expected, by code, with the
    judgement where the document gives one and the action plans they led to."""

    permission_classes = [ScrutinyRecordPermission]
    serializer_class = s.InspectionOutputSerializer
    lookup_field = "code"
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.inspection_list()
