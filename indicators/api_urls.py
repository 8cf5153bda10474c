from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_status, benchmarks_api, returns_api

router = SimpleRouter()
router.register("periods", api.PeriodViewSet, basename="period")
router.register("indicators", api.IndicatorViewSet, basename="indicator")
router.register("returns", returns_api.ReturnViewSet, basename="return")
router.register("targets", returns_api.TargetViewSet, basename="target")
router.register("benchmarks", benchmarks_api.BenchmarkViewSet, basename="benchmark")
urlpatterns = [
    path("indicators/<str:code>/status/", api_status.IndicatorStatusView.as_view(),
         name="indicator-status"),
    *router.urls,
]
