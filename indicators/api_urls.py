from django.urls import path
from rest_framework.routers import SimpleRouter

from indicators.benchmarks import api as benchmarks_api
from indicators.returns import api as returns_api

from . import api

router = SimpleRouter()
router.register("periods", api.PeriodViewSet, basename="period")
router.register("indicators", api.IndicatorViewSet, basename="indicator")
router.register("returns", returns_api.ReturnViewSet, basename="return")
router.register("targets", returns_api.TargetViewSet, basename="target")
router.register("benchmarks", benchmarks_api.BenchmarkViewSet, basename="benchmark")
urlpatterns = [
    path(
        "indicators/<str:code>/status/", api.IndicatorStatusView.as_view(), name="indicator-status"
    ),
    *router.urls,
]
