from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import HasAnyRole

from . import periods as cal
from . import status
from .models import Indicator, IndicatorStatus, Period


class StatusOutputSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    period = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    band = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    rag = serializers.ChoiceField(choices=IndicatorStatus.Rag.choices)
    direction = serializers.ChoiceField(choices=IndicatorStatus.Direction.choices,
                                        allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)


class IndicatorStatusView(APIView):
    """The stored RAG status of one indicator for one period (computed by compute_rag)."""

    permission_classes = [HasAnyRole]

    @extend_schema(
        parameters=[OpenApiParameter("period", str, required=True,
                                     description="Period code, e.g. FY2019-20-Q2 or 2019-05")],
        responses=StatusOutputSerializer,
    )
    def get(self, request, code: str):
        indicator = get_object_or_404(Indicator, code=code)
        period_code = request.query_params.get("period", "")
        try:
            cal.parse(period_code)
        except cal.PeriodError as exc:
            raise ValidationError({"period": str(exc)}) from exc
        period = Period.objects.filter(code=period_code).first()
        if period is None:
            raise ValidationError({"period": f"{period_code} is outside the period calendar."})
        row = status.status_for(indicator=indicator, period=period)
        return Response(StatusOutputSerializer({
            "indicator": indicator.code, "period": period.code, "value": row.value,
            "target": row.target, "band": row.band, "rag": row.rag, "direction": row.direction,
            "computed_at": row.computed_at,
        }).data)
