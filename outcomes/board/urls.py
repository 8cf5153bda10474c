from django.urls import path

from outcomes.board import views

app_name = "board"
urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_edit, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/voice/new/", views.voice_edit, name="voice_new"),
    path("sessions/<int:pk>/voice/<int:voice_pk>/edit/", views.voice_edit, name="voice_edit"),
    path("sessions/<int:pk>/actions/new/", views.action_edit, name="action_new"),
    path("sessions/<int:pk>/actions/<int:action_pk>/edit/", views.action_edit, name="action_edit"),
    path(
        "sessions/<int:pk>/actions/<int:action_pk>/update/",
        views.action_progress,
        name="action_progress",
    ),
    path("sessions/<int:pk>/publish/", views.pack_publish, name="pack_publish"),
    path("packs/<int:pk>/", views.pack_detail, name="pack_detail"),
    path("packs/<int:pk>/print/", views.pack_print, name="pack_print"),
    path("packs/<int:pk>/pdf/", views.pack_pdf, name="pack_pdf"),
    path("key-indicators/", views.key_indicators, name="key_indicators"),
]
