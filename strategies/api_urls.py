from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("strategies", api.StrategyViewSet, basename="strategy")
urlpatterns = router.urls
