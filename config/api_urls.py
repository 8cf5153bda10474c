"""/api/: token auth, OpenAPI schema and docs, then each app's endpoints."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.api import ObtainTokenView

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Anonymous visitors to the docs page are sent to sign in; the schema answers 403.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger-ui",
    ),
    path("", include("outcomes.api_urls")),
    path("", include("strategies.api_urls")),
    path("", include("indicators.api_urls")),
    path("", include("scrutiny.api_urls")),
]
