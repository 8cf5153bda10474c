"""Scrutiny endpoints under /api/ (included by config/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("committees", api.CommitteeViewSet, basename="scrutiny-committee")
router.register("meetings", api.MeetingViewSet, basename="scrutiny-meeting")
router.register("items", api.ItemViewSet, basename="scrutiny-item")
router.register("recommendations", api.RecommendationViewSet, basename="scrutiny-recommendation")
router.register(
    "recommendation-updates",
    api.RecommendationUpdateViewSet,
    basename="scrutiny-recommendation-update",
)
router.register("action-plans", api.ActionPlanViewSet, basename="scrutiny-action-plan")
router.register(
    "plan-recommendations", api.PlanRecommendationViewSet, basename="scrutiny-plan-recommendation"
)
router.register("actions", api.ActionViewSet, basename="scrutiny-action")
router.register("action-updates", api.ActionUpdateViewSet, basename="scrutiny-action-update")
router.register("work-programme", api.WorkProgrammeViewSet, basename="scrutiny-work-programme")
router.register("key-decisions", api.KeyDecisionViewSet, basename="scrutiny-key-decision")
router.register("inspections", api.InspectionViewSet, basename="scrutiny-inspection")
urlpatterns = router.urls
