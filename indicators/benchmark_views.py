"""The benchmarks page: everyone reads; leads enter one value or import a file."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core import roles
from core.decorators import role_required

from . import benchmarks
from .importers import ImportFileError
from .models import Benchmark, Indicator, Period


class BenchmarkForm(forms.Form):
    indicator = forms.CharField(label="Indicator code", max_length=40)
    period = forms.CharField(label="Period code", max_length=16,
                             help_text="Usually a year, e.g. FY2018-19 or AY2018-19")
    comparator = forms.ChoiceField(choices=Benchmark.Comparator.choices,
                                   widget=forms.RadioSelect)
    value = forms.CharField(label="Value", max_length=30)
    quartile = forms.ChoiceField(
        label="Manchester's quartile (England rows only)", required=False,
        choices=[("", "Not published"), *Benchmark._meta.get_field("quartile").choices])
    source = forms.CharField(label="Source", max_length=120, required=False,
                             help_text="e.g. DfE LAIT, March 2019")


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV or Excel file",
                           help_text="Columns: " + ", ".join(benchmarks.COLUMNS))
    check_only = forms.BooleanField(label="Check the file only, save nothing", required=False)


@role_required(*roles.ROLES)
def benchmark_list(request):
    is_lead = roles.has_role(request.user, roles.PERFORMANCE_LEAD)
    form = BenchmarkForm(prefix="one")
    upload = ImportForm(prefix="file")
    checked = None
    if request.method == "POST":
        if not is_lead:
            return HttpResponse("Only a performance lead enters benchmarks.", status=403)
        if "file-file" in request.FILES:
            upload = ImportForm(request.POST, request.FILES, prefix="file")
            checked = _import(request, upload)
            if checked == "saved":
                return redirect("indicators:benchmarks")
        else:
            form = BenchmarkForm(request.POST, prefix="one")
            if form.is_valid() and _save_one(request, form):
                return redirect("indicators:benchmarks")
    code = request.GET.get("indicator", "").strip()
    rows = Benchmark.objects.select_related("indicator", "period").order_by(
        "indicator__code", "-period__start", "comparator")
    if code:
        rows = rows.filter(indicator__code=code)
    return render(request, "indicators/benchmarks.html", {
        "rows": rows[:500], "code": code, "is_lead": is_lead, "form": form, "upload": upload,
        "checked": checked if isinstance(checked, list) else None})


def _save_one(request, form) -> bool:
    data = form.cleaned_data
    indicator = Indicator.objects.filter(code=data["indicator"].strip()).first()
    period = Period.objects.filter(code=data["period"].strip()).first()
    if indicator is None:
        form.add_error("indicator", f"No indicator with code {data['indicator']!r}.")
    if period is None:
        form.add_error("period", f"No period with code {data['period']!r}.")
    if form.errors:
        return False
    try:
        benchmarks.benchmark_set(user=request.user, indicator=indicator, period=period,
                                 comparator=data["comparator"], value=data["value"],
                                 quartile=data["quartile"] or None, source=data["source"])
    except ValidationError as exc:
        for name, errors in (exc.message_dict.items() if hasattr(exc, "error_dict")
                             else [(None, exc.messages)]):
            form.add_error(name if name in form.fields else None, errors)
        return False
    messages.success(request, f"Benchmark saved for {indicator.code} {period.code}")
    return True


def _import(request, upload):
    if not upload.is_valid():
        return None
    file = upload.cleaned_data["file"]
    try:
        rows = benchmarks.import_check(name=file.name, content=file.read())
    except ImportFileError as exc:
        upload.add_error("file", str(exc))
        return None
    if upload.cleaned_data["check_only"] or any(r.errors for r in rows):
        if any(r.errors for r in rows):
            upload.add_error("file", "The file has problems: nothing was saved. Fix the rows "
                                     "listed and upload it again.")
        return rows
    count = benchmarks.import_save(user=request.user, rows=rows)
    messages.success(request, f"{count} benchmarks imported")
    return "saved"


@role_required(*roles.ROLES)
def template(request):
    response = HttpResponse(benchmarks.template_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="benchmarks-template.csv"'
    return response
