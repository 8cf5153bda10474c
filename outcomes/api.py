from rest_framework import viewsets

from core.permissions import HasAnyRole

from .models import Plan, Priority, Theme
from .serializers import PlanOutputSerializer, PriorityOutputSerializer, ThemeOutputSerializer


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The Children and Young People's Plans."""

    queryset = Plan.objects.prefetch_related("themes")
    serializer_class = PlanOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The four outcome themes with their priorities and indicators."""

    queryset = Theme.objects.select_related("plan").prefetch_related("priorities", "indicators")
    serializer_class = ThemeOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"
    filterset_fields = ["plan__code"]


class PriorityViewSet(viewsets.ReadOnlyModelViewSet):
    """Every plan line: work-to bullets, passionate-about, principles, behaviours, priorities."""

    queryset = Priority.objects.select_related("plan", "theme")
    serializer_class = PriorityOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"
    filterset_fields = ["kind", "plan__code", "theme__code"]
