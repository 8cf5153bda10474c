from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("periods", api.PeriodViewSet, basename="period")
router.register("indicators", api.IndicatorViewSet, basename="indicator")
urlpatterns = router.urls
