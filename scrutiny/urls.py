from django.urls import path

from . import views

app_name = "scrutiny"
urlpatterns = [
    path("", views.home, name="home"),
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/print/", views.monitor_print, name="monitor_print"),
    path("monitor.csv", views.monitor_csv, name="monitor_csv"),
    path("overview-report.docx", views.overview_docx, name="overview_docx"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path(
        "recommendations/<int:pk>/respond/",
        views.recommendation_respond,
        name="recommendation_respond",
    ),
    path("my/", views.my_items, name="my_items"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("action-plans/", views.action_plan_list, name="action_plan_list"),
    path("action-plans/<slug:code>/", views.action_plan_detail, name="action_plan_detail"),
    path("action-plans/<slug:code>/print/", views.action_plan_print, name="action_plan_print"),
    path("action-plans/<slug:code>.csv", views.action_plan_csv, name="action_plan_csv"),
    path("action-plans/<slug:code>.docx", views.action_plan_docx, name="action_plan_docx"),
    path("actions/<int:pk>/update/", views.action_progress, name="action_progress"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("work-programme/", views.work_programme, name="work_programme"),
    path("key-decisions/", views.key_decisions, name="key_decisions"),
    path("inspections/", views.inspections, name="inspections"),
    path("committee/", views.committee, name="committee"),
]
