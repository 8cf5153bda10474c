from django.urls import path

from . import benchmark_views, returns_views, views

app_name = "indicators"
urlpatterns = [
    path("returns/", returns_views.my_returns, name="my_returns"),
    path("returns/import/", returns_views.returns_import, name="import"),
    path("returns/template.csv", returns_views.import_template, name="import_template"),
    path("returns/approvals/", returns_views.approval_queue, name="approval_queue"),
    path("returns/all/", returns_views.all_returns, name="all_returns"),
    path("returns/<int:pk>/", returns_views.return_detail, name="return_detail"),
    path("targets/", returns_views.targets, name="targets"),
    path("returns/new/<str:code>/<str:period_code>/", returns_views.return_new,
         name="return_new"),
    path("benchmarks/", benchmark_views.benchmark_list, name="benchmarks"),
    path("benchmarks/new/", benchmark_views.benchmark_new, name="benchmark_new"),
    path("benchmarks/import/", benchmark_views.benchmark_import, name="benchmark_import"),
    path("benchmarks/template.csv", benchmark_views.template, name="benchmark_template"),
    # the indicator page stays last: its code would otherwise swallow "returns"
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
]
