from django.db.models import Prefetch
from rest_framework import viewsets

from core.permissions import HasAnyRole

from .models import PromiseTheme, Strategy
from .serializers import StrategyOutputSerializer


class StrategyViewSet(viewsets.ReadOnlyModelViewSet):
    """Supporting strategies; the LAC strategy with its Promise themes and desired outcomes."""

    queryset = Strategy.objects.select_related("plan").prefetch_related(
        Prefetch("promise_themes", queryset=PromiseTheme.objects.prefetch_related("outcomes"))
    )
    serializer_class = StrategyOutputSerializer
    permission_classes = [HasAnyRole]
    lookup_field = "code"
