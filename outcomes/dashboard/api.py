"""The quarterly dashboard as JSON: the same figures, summary and forecasts as the page."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.db_router import replica_reads
from core.permissions import HasAnyRole

from . import selectors


class DashboardView(APIView):
    """The quarterly dashboard: the same figures, summary and forecasts as the page."""

    permission_classes = [HasAnyRole]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                str,
                description="Quarter code, e.g. "
                "FY2019-20-Q2; default the latest ended quarter with data",
            ),
            *[
                OpenApiParameter(name, str, description=f"{name} code")
                for name in selectors.FILTER_NAMES
            ],
            OpenApiParameter("key", bool, description="Key indicators only"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        _, period, code = selectors.chosen_quarter(request.query_params.get("period", "").strip())
        if period is None:
            raise Http404(
                f"No approved figures for quarter {code!r}." if code else "No approved figures yet."
            )
        options = selectors.filter_options()
        wanted = selectors.Filters.from_query(request.query_params)
        chosen, dropped = selectors.filters_clean(wanted, options)
        if dropped:
            raise ValidationError({"detail": dropped})
        renderer = request.accepted_renderer
        if renderer.format != "json":  # the browsable API renders the figures itself
            with replica_reads():
                return Response(selectors.dashboard_api(period=period, filters=chosen))
        # JSON is kept rendered, under the figures' version: a repeat request sends the bytes
        key = selectors.api_cache_key(period=period, filters=chosen) + ":bytes"
        content = cache.get(key)
        if content is None:
            with replica_reads():  # read-only: a replica may serve it (docs/scaling.md)
                body = selectors.dashboard_api(period=period, filters=chosen)
            content = renderer.render(body, renderer.media_type, self.get_renderer_context())
            cache.set(key, content, timeout=selectors.CACHE_SECONDS)
        return HttpResponse(content, content_type=renderer.media_type)
