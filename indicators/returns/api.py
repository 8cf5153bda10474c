"""REST API for returns and targets: thin, every rule lives in indicators.services."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from core.api import service_call
from core.permissions import PERFORMANCE_LEAD, HasAnyRole, role_permission
from indicators.models import Area, Indicator, Period, Return, Target
from indicators.returns import services
from indicators.serializers import TargetOutputSerializer

LeadWrites = role_permission(write=(PERFORMANCE_LEAD,))


class ReturnOutputSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    area = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The locality or ward; null for the whole city.",
    )

    class Meta:
        model = Return
        fields = [
            "id",
            "indicator",
            "period",
            "area",
            "value",
            "numerator",
            "denominator",
            "is_derived",
            "commentary",
            "status",
            "returned_reason",
            "version",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "is_synthetic",
            "updated_at",
        ]


class FractionFields(serializers.Serializer):
    """A percentage entered as numerator and denominator (docs/areas.md)."""

    numerator = serializers.CharField(
        required=False,
        max_length=30,
        help_text="For a percentage entered as a fraction (a locality's figure of a fraction "
        "indicator): the children counted.",
    )
    denominator = serializers.CharField(
        required=False, max_length=30, help_text="With numerator: the children it is out of."
    )


class ReturnCreateSerializer(FractionFields):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    period = serializers.SlugRelatedField(slug_field="code", queryset=Period.objects.all())
    area = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A locality's or ward's code (indicators reported by area); leave out for "
        "the city.",
    )
    value = serializers.CharField(max_length=30, required=False)
    commentary = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, default=""
    )


class ReturnUpdateSerializer(FractionFields):
    version = serializers.IntegerField(help_text="The version you edited; a stale one is 409.")
    value = serializers.CharField(required=False, max_length=30)
    commentary = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        help_text="The version you looked at; a "
        "stale one is 409, so nobody acts on a figure unseen.",
    )


class SubmitSerializer(FractionFields):
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="With value and/or commentary: save them and submit in one step (a stale "
        "version is 409). Without: submit the draft as stored.",
    )
    value = serializers.CharField(required=False, max_length=30)
    commentary = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate(self, attrs):
        edits = {"value", "commentary", "numerator", "denominator"}
        if edits & set(attrs) and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": "Send the version you edited with the value or commentary."}
            )
        return attrs


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=2000)


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV or .xlsx: indicator,period,value,commentary, then optionally area, "
        "numerator, denominator (docs/areas.md)"
    )
    submit = serializers.BooleanField(required=False, default=False)


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(source="number")
    indicator = serializers.CharField()
    period = serializers.CharField()
    value = serializers.CharField()
    area = serializers.CharField(help_text="The locality's or ward's code; empty for the city.")
    errors = serializers.ListField(child=serializers.CharField())


class ImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    saved = serializers.IntegerField()
    rows = ImportRowSerializer(many=True)


class ReturnFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    period = django_filters.CharFilter(field_name="period__code")
    status = django_filters.ChoiceFilter(choices=Return.Status.choices)
    owner = django_filters.CharFilter(field_name="indicator__owner__username")
    area = django_filters.CharFilter(
        method="filter_area",
        label="An area's code: a locality's or ward's, or the city's (MANCHESTER) for the city.",
    )

    class Meta:
        model = Return
        fields = ["indicator", "period", "status", "owner", "area"]

    def filter_area(self, queryset, name, value):
        if Area.objects.filter(code=value, kind=Area.Kind.CITY).exists():
            return queryset.filter(area__isnull=True)
        return queryset.filter(area__code=value)


class CorrectSerializer(FractionFields):
    value = serializers.CharField(max_length=30, required=False)
    reason = serializers.CharField(max_length=90)
    version = serializers.IntegerField(help_text="The version you read.")
    commentary = serializers.CharField(required=False, allow_blank=True)


class ReturnViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Indicator returns: officers create, edit and submit their own; leads approve or return."""

    queryset = Return.objects.select_related(
        "indicator", "period", "area", "submitted_by", "approved_by"
    ).order_by("-period__start", "id")
    serializer_class = ReturnOutputSerializer
    permission_classes = [HasAnyRole]
    filterset_class = ReturnFilter

    LEAD_ACTIONS = ("approve", "send_back", "correct")

    def get_permissions(self):
        # Leads' decisions: anyone else is refused before their request body is even read.
        if self.action in self.LEAD_ACTIONS:
            return [LeadWrites()]
        return super().get_permissions()

    def _out(self, ret, code=status.HTTP_200_OK):
        return Response(ReturnOutputSerializer(ret).data, status=code)

    @extend_schema(request=ReturnCreateSerializer, responses={201: ReturnOutputSerializer})
    def create(self, request):
        data = ReturnCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ret = service_call(services.return_create, user=request.user, **data.validated_data)
        return self._out(ret, status.HTTP_201_CREATED)

    @extend_schema(request=ReturnUpdateSerializer, responses={200: ReturnOutputSerializer})
    def partial_update(self, request, pk=None):
        data = ReturnUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ret = service_call(
            services.return_update, user=request.user, ret=self.get_object(), **data.validated_data
        )
        return self._out(ret)

    @extend_schema(
        request={"multipart/form-data": ImportInputSerializer},
        responses={200: ImportResultSerializer, 400: ImportResultSerializer},
        parameters=[OpenApiParameter("dry_run", bool, description="preview only")],
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Bulk returns from a file: every row is checked; all are saved or none."""
        from indicators.returns import importers

        data = ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            rows = importers.check(
                user=request.user,
                rows=importers.read_rows(
                    name=upload.name, content=upload.read(importers.max_bytes() + 1)
                ),
            )
        except importers.ImportFileError as exc:
            raise ValidationError({"file": str(exc)}) from exc
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes"}
        failed = any(r.errors for r in rows)
        saved = 0
        if not dry_run and not failed:
            saved = len(
                service_call(
                    importers.save,
                    user=request.user,
                    rows=rows,
                    submit=data.validated_data["submit"],
                )
            )
        body = ImportResultSerializer({"dry_run": dry_run, "saved": saved, "rows": rows}).data
        return Response(body, status=400 if failed else 200)

    @extend_schema(request=SubmitSerializer, responses={200: ReturnOutputSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            service_call(
                services.return_submit,
                user=request.user,
                ret=self.get_object(),
                **data.validated_data,
            )
        )

    @extend_schema(request=VersionSerializer, responses={200: ReturnOutputSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the version you looked at (a stale version is 409)."""
        data = VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            service_call(
                services.return_approve,
                user=request.user,
                ret=self.get_object(),
                version=data.validated_data["version"],
            )
        )

    @extend_schema(request=ReasonSerializer, responses={200: ReturnOutputSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            service_call(
                services.return_send_back,
                user=request.user,
                ret=self.get_object(),
                **data.validated_data,
            )
        )

    @extend_schema(request=CorrectSerializer, responses={200: ReturnOutputSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """A performance lead corrects an approved figure, with a reason."""
        data = CorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            service_call(
                services.return_correct,
                user=request.user,
                ret=self.get_object(),
                **data.validated_data,
            )
        )


class TargetInputSerializer(serializers.Serializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    period = serializers.SlugRelatedField(slug_field="code", queryset=Period.objects.all())
    value = serializers.CharField(max_length=30)
    band = serializers.CharField(
        max_length=30, required=False, allow_blank=True, allow_null=True, default=None
    )


class TargetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Targets and amber bands; performance leads set them (a POST creates or changes one)."""

    queryset = Target.objects.select_related("indicator", "period")
    serializer_class = TargetOutputSerializer
    permission_classes = [HasAnyRole]
    filterset_fields = {"indicator__code": ["exact"], "period__code": ["exact"]}

    @extend_schema(request=TargetInputSerializer, responses={201: TargetOutputSerializer})
    def create(self, request):
        data = TargetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = service_call(services.target_set, user=request.user, **data.validated_data)
        return Response(TargetOutputSerializer(target).data, status=status.HTTP_201_CREATED)
