from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("plans", api.PlanViewSet, basename="plan")
router.register("themes", api.ThemeViewSet, basename="theme")
router.register("priorities", api.PriorityViewSet, basename="priority")
urlpatterns = router.urls
