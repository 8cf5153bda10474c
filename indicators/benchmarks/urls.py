"""Benchmark pages, mounted by indicators/urls.py under the `indicators` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("benchmarks/", views.benchmark_list, name="benchmarks"),
    path("benchmarks/new/", views.benchmark_new, name="benchmark_new"),
    path("benchmarks/import/", views.benchmark_import, name="benchmark_import"),
    path("benchmarks/template.csv", views.template, name="benchmark_template"),
]
