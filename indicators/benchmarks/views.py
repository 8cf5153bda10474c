"""Benchmark pages: every role reads the list; performance leads enter one value or import a
file (checked, previewed, then confirmed: the checked rows wait in the session like the
returns import)."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core import roles
from core.decorators import role_required
from core.forms import form_add_service_errors
from indicators.benchmarks import services as benchmarks
from indicators.models import Benchmark, Indicator
from indicators.returns.forms import ImportConfirmForm
from indicators.returns.importers import ImportFileError, max_bytes, max_rows

from .forms import BenchmarkForm, ImportForm

PER_PAGE = 100
SESSION_PREFIX = "benchmark-import:"


def _crumbs() -> list[tuple[str, str]]:
    return [("Benchmarks", reverse("indicators:benchmarks"))]


def _is_lead(user) -> bool:
    return roles.has_role(user, roles.PERFORMANCE_LEAD)


@role_required(*roles.ROLES)
def benchmark_list(request):
    code = request.GET.get("indicator", "").strip()
    rows = Benchmark.objects.select_related("indicator", "period").order_by(
        "indicator__code", "-period__start", "comparator"
    )
    if code:
        rows = rows.filter(indicator__code=code)
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/benchmarks.html",
        {
            "page_obj": page_obj,
            "code": code,
            "is_lead": _is_lead(request.user),
            "query": urlencode({"indicator": code}) if code else "",
            "indicators": Indicator.objects.filter(benchmarks__isnull=False)
            .distinct()
            .order_by("code")
            .values_list("code", "name"),
        },
    )


@role_required(roles.PERFORMANCE_LEAD)
def benchmark_new(request):
    if request.method == "POST":
        form = BenchmarkForm(request.POST)
        if form.is_valid() and _save_one(request, form):
            query = urlencode({"indicator": form.cleaned_data["indicator"]})
            return redirect(f"{reverse('indicators:benchmarks')}?{query}")
    else:
        form = BenchmarkForm(initial={"indicator": request.GET.get("indicator", "").strip()})
    return render(
        request,
        "indicators/benchmark_form.html",
        {"form": form, "crumbs": _crumbs()},
        status=400 if form.errors else 200,
    )


def _save_one(request, form) -> bool:
    data = form.cleaned_data
    indicator = Indicator.objects.get(code=data["indicator"])
    try:
        row = benchmarks.benchmark_set(
            user=request.user,
            indicator=indicator,
            period=form.period,
            comparator=data["comparator"],
            value=data["value"],
            quartile=data["quartile"] or None,
            source=data["source"],
        )
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return False
    messages.success(
        request,
        f"Benchmark saved: {row.get_comparator_display()} for "
        f"{indicator.code}, {row.period.label}.",
    )
    return True


@role_required(roles.PERFORMANCE_LEAD)
def benchmark_import(request):
    context = {
        "upload": ImportForm(),
        "max_rows": max_rows(),
        "max_kb": max_bytes() // 1024,
        "crumbs": _crumbs(),
    }
    confirm = ImportConfirmForm(request.POST or None)
    if request.method == "POST" and confirm.is_valid():
        return _confirm(request, context, token=confirm.cleaned_data["token"])
    if request.method == "POST":
        upload = ImportForm(request.POST, request.FILES)
        context["upload"] = upload
        if not upload.is_valid():
            return render(request, "indicators/benchmark_import.html", context, status=400)
        file = upload.cleaned_data["file"]
        try:
            rows = benchmarks.import_check(name=file.name, content=file.read(max_bytes() + 1))
        except ImportFileError as exc:
            context["error"] = str(exc)
            return render(request, "indicators/benchmark_import.html", context, status=400)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_PREFIX + token] = [[r.number, *r.cells] for r in rows]
        problems = sum(1 for r in rows if r.errors)
        context.update(rows=rows, token=token, name=file.name, problems=problems)
        return render(
            request, "indicators/benchmark_import.html", context, status=400 if problems else 200
        )
    return render(request, "indicators/benchmark_import.html", context)


def _confirm(request, context, *, token: str):
    stored = request.session.pop(SESSION_PREFIX + token, None)
    if stored is None:
        context["error"] = "That preview has expired: upload the file again."
        return render(request, "indicators/benchmark_import.html", context, status=400)
    rows = benchmarks.import_check_rows(
        [benchmarks.BenchmarkRow(cells[0], list(cells[1:])) for cells in stored]
    )
    problems = sum(1 for r in rows if r.errors)
    if problems:  # the framework changed since the preview: show the rows again, save nothing
        context.update(rows=rows, problems=problems, name="the file")
        return render(request, "indicators/benchmark_import.html", context, status=400)
    try:
        saved = benchmarks.import_save(user=request.user, rows=rows)
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
        return render(request, "indicators/benchmark_import.html", context, status=400)
    messages.success(request, f"{saved} benchmark{'s' if saved != 1 else ''} imported.")
    return redirect("indicators:benchmarks")


@role_required(*roles.ROLES)
def template(request):
    response = HttpResponse(benchmarks.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="benchmarks-template.csv"'
    return response
