"""/api/: token auth, OpenAPI schema and docs, then each app's endpoints."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.api import ObtainTokenView

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include("outcomes.api_urls")),
    path("", include("strategies.api_urls")),
    path("", include("indicators.api_urls")),
    path("", include("scrutiny.api_urls")),
]
