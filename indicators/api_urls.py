from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_status

router = SimpleRouter()
router.register("periods", api.PeriodViewSet, basename="period")
router.register("indicators", api.IndicatorViewSet, basename="indicator")
urlpatterns = [
    path("indicators/<str:code>/status/", api_status.IndicatorStatusView.as_view(),
         name="indicator-status"),
    *router.urls,
]
