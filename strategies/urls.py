from django.urls import path

from . import views

app_name = "strategies"
urlpatterns = [
    path("", views.strategy_list, name="strategy_list"),
    path("<slug:code>/", views.strategy_detail, name="strategy_detail"),
]
