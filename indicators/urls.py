from django.urls import path

from indicators.benchmarks.urls import urlpatterns as benchmark_urls
from indicators.returns.urls import urlpatterns as return_urls

from . import views

app_name = "indicators"
urlpatterns = [
    *return_urls,
    *benchmark_urls,
    # the indicator page stays last: its code would otherwise swallow "returns"
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
]
