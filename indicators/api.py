from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.permissions import HasAnyRole

from . import selectors
from .models import Period
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
        from .returns_api import run
        from .services import period_lock

        return Response(PeriodOutputSerializer(
            run(period_lock, user=request.user, period=self.get_object())).data)

    @extend_schema(request=inline_reason(), responses=PeriodOutputSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, code=None):
        """Reopen a locked period, with a reason (performance leads)."""
        from .returns_api import run
        from .services import period_reopen

        return Response(PeriodOutputSerializer(run(
            period_reopen, user=request.user, period=self.get_object(),
            reason=str(request.data.get("reason", "")))).data)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators by code, with their links and targets."""

    queryset = selectors.indicator_list()
    serializer_class = IndicatorOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["frequency", "polarity", "unit", "is_key", "themes__code"]
