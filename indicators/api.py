from rest_framework import viewsets

from core.permissions import HasAnyRole

from . import selectors
from .models import Period
from .serializers import IndicatorOutputSerializer, PeriodOutputSerializer


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """The period calendar, FY2015-16 to FY2029-30."""

    queryset = Period.objects.all()
    serializer_class = PeriodOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["kind"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators by code, with their links and targets."""

    queryset = selectors.indicator_list()
    serializer_class = IndicatorOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["frequency", "polarity", "unit", "is_key", "themes__code"]
