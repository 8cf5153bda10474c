from django.urls import path
from rest_framework.routers import SimpleRouter

from outcomes.board import api as board_api
from outcomes.dashboard import api as dashboard_api

from . import api

router = SimpleRouter()
router.register("plans", api.PlanViewSet, basename="plan")
router.register("themes", api.ThemeViewSet, basename="theme")
router.register("priorities", api.PriorityViewSet, basename="priority")
router.register("board/sessions", board_api.SessionViewSet, basename="boardsession")
router.register("board/voice", board_api.VoiceViewSet, basename="boardvoice")
router.register("board/actions", board_api.ActionViewSet, basename="boardaction")
router.register("board/packs", board_api.PackViewSet, basename="boardpack")
urlpatterns = [
    path("dashboard/", dashboard_api.DashboardView.as_view(), name="dashboard-api"),
    *router.urls,
]
