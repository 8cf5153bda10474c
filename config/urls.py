from django.contrib import admin
from django.urls import include, path

from core import health, oidc
from core import views as core_views
from outcomes.dashboard import views as dashboard_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("oidc/authenticate/", oidc.authenticate_view, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.callback_view, name="oidc_authentication_callback"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/present/", dashboard_views.dashboard_present, name="dashboard_present"),
    path("board/", include("outcomes.board.urls")),
    path("framework/", include("outcomes.urls")),
    path("indicators/", include("indicators.urls")),
    path("strategies/", include("strategies.urls")),
    path("scrutiny/", include("scrutiny.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("health/", health.health, name="health"),
]

# Under /api/ errors answer JSON ({"detail": ...}); elsewhere the HTML pages (core/errors.py).
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
