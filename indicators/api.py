"""The indicator reference API: periods, indicators and each indicator's stored RAG status."""

from django.core.cache import cache
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import HasAnyRole

from . import periods as cal
from . import selectors, status
from .models import Indicator, IndicatorStatus, Period
from .serializers import IndicatorOutputSerializer, PeriodOutputSerializer


def inline_reason():
    from drf_spectacular.utils import inline_serializer

    return inline_serializer("PeriodReopen", {"reason": serializers.CharField()})


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """The period calendar, FY2015-16 to FY2029-30."""

    queryset = Period.objects.all()
    serializer_class = PeriodOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["kind"]

    @extend_schema(request=None, responses=PeriodOutputSerializer)
    @action(detail=True, methods=["post"])
    def lock(self, request, code=None):
        """Lock the period once the Board has met (performance leads)."""
        from core.api import service_call
        from indicators.returns.services import period_lock

        return Response(
            PeriodOutputSerializer(
                service_call(period_lock, user=request.user, period=self.get_object())
            ).data
        )

    @extend_schema(request=inline_reason(), responses=PeriodOutputSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, code=None):
        """Reopen a locked period, with a reason (performance leads)."""
        from core.api import service_call
        from indicators.returns.services import period_reopen

        if not isinstance(request.data, dict):  # a JSON list or string: 400, not a 500
            raise ValidationError({"detail": ['Send an object: {"reason": "..."}.']})
        return Response(
            PeriodOutputSerializer(
                service_call(
                    period_reopen,
                    user=request.user,
                    period=self.get_object(),
                    reason=str(request.data.get("reason", "")),
                )
            ).data
        )


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators by code, with their links and targets."""

    queryset = selectors.indicator_list()
    serializer_class = IndicatorOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["frequency", "polarity", "unit", "is_key", "themes__code"]


class StatusOutputSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    period = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    band = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    rag = serializers.ChoiceField(choices=IndicatorStatus.Rag.choices)
    direction = serializers.ChoiceField(choices=IndicatorStatus.Direction.choices, allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)


class IndicatorStatusView(APIView):
    """The stored RAG status of one indicator for one period (computed by compute_rag)."""

    permission_classes = [HasAnyRole]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                str,
                required=True,
                description="Period code, e.g. FY2019-20-Q2 or 2019-05",
            )
        ],
        responses=StatusOutputSerializer,
    )
    def get(self, request, code: str):
        period_code = request.query_params.get("period", "")
        try:
            cal.parse(period_code)
        except cal.PeriodError as exc:
            get_object_or_404(Indicator, code=code)  # an unknown indicator is a 404 first
            raise ValidationError({"period": str(exc)}) from exc
        key = _status_cache_key(code, period_code)
        data = cache.get(key)
        if data is None:
            data = _status_data(code, period_code)
            cache.set(key, data, timeout=STATUS_CACHE_SECONDS)
        return Response(data)


# At most this long for what changes without a new version (the day a period starts); every
# status written, and every save in the framework (a return, a target), makes a new version.
STATUS_CACHE_SECONDS = 600


def _status_cache_key(code: str, period_code: str) -> str:
    """The status answer's key: the codes, the statuses' and framework's versions and the day
    (a period that has not started is No data until it starts)."""
    from django.utils import timezone

    from core import versions

    parts = [code, period_code, timezone.localdate().isoformat()]
    parts += [versions.current(k) for k in (status.STATUS_VERSION_KEY, versions.FRAMEWORK)]
    return versions.cache_key("indicator-status", parts)


def _status_data(code: str, period_code: str) -> dict:
    """The stored status as the API answers it; a stored status is one query by the two codes
    (issue 13), else the rules decide."""
    row = IndicatorStatus.objects.filter(indicator__code=code, period__code=period_code).first()
    if row is None:
        indicator = get_object_or_404(Indicator, code=code)
        period = Period.objects.filter(code=period_code).first()
        if period is None:
            raise ValidationError({"period": f"{period_code} is outside the period calendar."})
        row = status.status_for(indicator=indicator, period=period)
    return dict(
        StatusOutputSerializer(
            {
                "indicator": code,
                "period": period_code,
                "value": row.value,
                "target": row.target,
                "band": row.band,
                "rag": row.rag,
                "direction": row.direction,
                "computed_at": row.computed_at,
            }
        ).data
    )
