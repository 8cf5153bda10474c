from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("", views.framework, name="framework"),
    path("themes/<slug:code>/", views.theme_detail, name="theme_detail"),
]
