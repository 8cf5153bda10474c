"""Benchmarks API: every role reads; performance leads write and import."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from core.api import service_call
from core.permissions import PERFORMANCE_LEAD, role_permission
from indicators.benchmarks import selectors
from indicators.benchmarks import services as benchmarks
from indicators.models import Benchmark, Indicator, Period
from indicators.returns.importers import ImportFileError, max_bytes


class BenchmarkSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    period = serializers.SlugRelatedField(slug_field="code", queryset=Period.objects.all())
    comparator = serializers.CharField(
        help_text="england, north_west, stat_neighbours or gm (or their labels)"
    )
    value = serializers.CharField(max_length=30)
    quartile = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    quartile_label = serializers.SerializerMethodField()

    class Meta:
        model = Benchmark
        fields = [
            "id",
            "indicator",
            "period",
            "comparator",
            "value",
            "quartile",
            "quartile_label",
            "source",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        validators = []  # one row per comparator: benchmark_set replaces it

    def get_quartile_label(self, row) -> str:
        return selectors.quartile_label(row.quartile)

    def to_representation(self, row):
        data = super().to_representation(row)
        data["value"] = f"{row.value.normalize():f}"
        return data


class BenchmarkImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or .xlsx: " + ",".join(benchmarks.COLUMNS))
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="check every row, save nothing"
    )


class BenchmarkImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(source="number")
    cells = serializers.ListField(child=serializers.CharField(allow_blank=True))
    errors = serializers.ListField(child=serializers.CharField())


class BenchmarkImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    saved = serializers.IntegerField()
    rows = BenchmarkImportRowSerializer(many=True)


class BenchmarkFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    period = django_filters.CharFilter(field_name="period__code")

    class Meta:
        model = Benchmark
        fields = ["indicator", "period", "comparator"]


class BenchmarkViewSet(viewsets.ModelViewSet):
    """England, North West, statistical neighbours and Greater Manchester values."""

    queryset = Benchmark.objects.select_related("indicator", "period")
    serializer_class = BenchmarkSerializer
    permission_classes = [role_permission(write=(PERFORMANCE_LEAD,))]
    filterset_class = BenchmarkFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        """Creates the comparator's value, or replaces the one already held."""
        serializer.instance = service_call(
            benchmarks.benchmark_set, user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        """Value, quartile and source change; indicator, period and comparator do not."""
        row = serializer.instance
        data = {
            "indicator": row.indicator,
            "period": row.period,
            "comparator": row.comparator,
            "value": row.value,
            "quartile": row.quartile,
            "source": row.source,
            **serializer.validated_data,
        }
        moved = (
            data["indicator"] != row.indicator
            or data["period"] != row.period
            or service_call(benchmarks.comparator_parse, raw=data["comparator"]) != row.comparator
        )
        if moved:
            raise ValidationError(
                {
                    "detail": [
                        "A benchmark's indicator, period and comparator "
                        "cannot change: delete it and enter a new one."
                    ]
                }
            )
        serializer.instance = service_call(benchmarks.benchmark_set, user=self.request.user, **data)

    def perform_destroy(self, instance):
        service_call(benchmarks.benchmark_delete, user=self.request.user, benchmark=instance)

    @extend_schema(
        request={"multipart/form-data": BenchmarkImportSerializer},
        responses={200: BenchmarkImportResultSerializer, 400: BenchmarkImportResultSerializer},
        parameters=[
            OpenApiParameter(
                "dry_run", bool, description="check every row, save nothing (also a form field)"
            )
        ],
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Every row is checked; all are saved or none. 400 with each row's problems."""
        data = BenchmarkImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            rows = benchmarks.import_check(name=upload.name, content=upload.read(max_bytes() + 1))
        except ImportFileError as exc:
            raise ValidationError({"file": str(exc)}) from exc
        dry_run = data.validated_data["dry_run"] or request.query_params.get(
            "dry_run", ""
        ).lower() in {"1", "true", "yes", "on"}
        failed = any(r.errors for r in rows)
        saved = (
            0
            if dry_run or failed
            else service_call(benchmarks.import_save, user=request.user, rows=rows)
        )
        body = BenchmarkImportResultSerializer(
            {"dry_run": dry_run, "saved": saved, "rows": rows}
        ).data
        return Response(body, status=status.HTTP_400_BAD_REQUEST if failed else status.HTTP_200_OK)
