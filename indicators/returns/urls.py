"""Returns pages, mounted by indicators/urls.py under the `indicators` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("returns/", views.my_returns, name="my_returns"),
    path("returns/import/", views.returns_import, name="import"),
    path("returns/grid/", views.returns_grid, name="returns_grid"),
    path("returns/areas/<str:code>/", views.area_entry, name="area_entry"),
    path("returns/template.csv", views.import_template, name="import_template"),
    path("returns/approvals/", views.approval_queue, name="approval_queue"),
    path("returns/all/", views.all_returns, name="all_returns"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("targets/", views.targets, name="targets"),
    path("returns/new/<str:code>/<str:period_code>/", views.return_new, name="return_new"),
    path(
        "returns/new/<str:code>/<str:period_code>/preview/",
        views.rag_preview,
        name="rag_preview",
    ),
]
