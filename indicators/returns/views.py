"""Pages for officers and leads: My returns, bulk import, a return, the approval queue."""

from __future__ import annotations

import secrets
from dataclasses import astuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.forms import form_add_service_errors
from core.roles import OFFICER, PERFORMANCE_LEAD, has_role
from indicators.figures import figure_text
from indicators.models import Indicator, Period, Return, Target
from indicators.rag_style import rag_style
from indicators.returns import importers, selectors, services
from indicators.returns.forms import (
    AreaFormSet,
    AreaPeriodForm,
    DecisionForm,
    GridActionForm,
    GridFormSet,
    ImportConfirmForm,
    PeriodLockForm,
    PreviewForm,
    QueueActionForm,
    ReturnActionForm,
    ReturnCorrectForm,
    ReturnEditForm,
    ReturnNewForm,
    ReturnsUploadForm,
    TargetForm,
    WorklistFilterForm,
)
from indicators.status import prospective_rag


def _need(request, *roles):
    if not has_role(request.user, *roles):
        raise PermissionDenied("Your role does not allow this page.")


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


@login_required
def my_returns(request):
    _need(request, OFFICER, PERFORMANCE_LEAD)
    form = WorklistFilterForm(request.GET or None)
    text = group = ""
    if form.is_bound and form.is_valid():
        text, group = form.cleaned_data["q"].strip(), form.cleaned_data["group"]
    groups = selectors.worklist(
        user=request.user, today=timezone.localdate(), text=text, group=group
    )
    owns_any = Indicator.objects.filter(owner=request.user).exists()
    return render(
        request,
        "indicators/my_returns.html",
        {
            "groups": groups,
            "total": sum(g.count for g in groups),
            "form": form,
            "filtered": bool(text or group),
            "owns_any": owns_any,
            "due_days": settings.RETURN_DUE_WORKING_DAYS,
        },
        status=400 if form.errors else 200,
    )


def _service_errors(form, exc) -> None:
    """A service's refusal onto the form: by field where it names one, else at the top."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or "Your role does not allow this.")
    else:
        form_add_service_errors(form, exc)


@login_required
def return_new(request, code: str, period_code: str):
    _need(request, OFFICER, PERFORMANCE_LEAD)
    indicator = get_object_or_404(Indicator, code=code)
    period = get_object_or_404(Period, code=period_code)
    form = ReturnNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ret = services.return_create(
                user=request.user, indicator=indicator, period=period, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, f"Draft saved for {indicator.code} {period.code}.")
            return redirect("indicators:return_detail", pk=ret.pk)
    return render(
        request,
        "indicators/return_new.html",
        {
            "indicator": indicator,
            "period": period,
            "form": form,
            "entry": selectors.entry_context(indicator=indicator, period=period),
        },
    )


@login_required
def rag_preview(request, code: str, period_code: str):
    """The RAG a typed figure would get if approved, as small JSON for the entry pages' live
    preview (the server decides; the page works without it)."""
    _need(request, OFFICER, PERFORMANCE_LEAD)
    indicator = get_object_or_404(Indicator, code=code)
    period = get_object_or_404(Period, code=period_code)
    form = PreviewForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": form.errors["value"][0]}, status=400)
    try:
        value = services.value_parse(indicator=indicator, raw=form.cleaned_data["value"])
    except ValidationError as exc:
        return JsonResponse({"error": _errors(exc)}, status=400)
    rating = prospective_rag(indicator=indicator, period=period, value=value)
    style = rag_style(rating)
    return JsonResponse(
        {
            "rag": style.code,
            "label": style.label,
            "symbol": style.symbol,
            "css": style.css,
            "text": f"{figure_text(value, indicator.unit)} would rate {style.label} "
            f"for {period.label}.",
        }
    )


def _return_post(request, ret: Return):
    """Parse the posted form for the button pressed and make one service call.

    Returns (form, done message); the message is None when the form was refused."""
    action = ReturnActionForm(request.POST)
    if action.is_valid() and action.cleaned_data["action"] == "correct":
        form = ReturnCorrectForm(request.POST)
        if form.is_valid():
            try:
                services.return_correct(user=request.user, ret=ret, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _service_errors(form, exc)
            else:
                return form, "Figure corrected; the RAG is being recomputed."
        return form, None
    form = ReturnEditForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        submit = data.pop("action") == ReturnEditForm.SUBMIT
        try:
            if submit:  # the figure and commentary on screen, saved and submitted together
                services.return_submit(user=request.user, ret=ret, **data)
            else:
                services.return_update(user=request.user, ret=ret, **data)
        except (ValidationError, PermissionDenied) as exc:
            _service_errors(form, exc)
        else:
            return form, "Submitted for approval." if submit else "Saved."
    return form, None


@login_required
def return_detail(request, pk: int):
    ret = get_object_or_404(Return.objects.select_related("indicator", "period"), pk=pk)
    edit_form = ReturnEditForm(
        initial={"version": ret.version, "value": _plain(ret.value), "commentary": ret.commentary}
    )
    correct_form = ReturnCorrectForm(initial={"version": ret.version, "value": _plain(ret.value)})
    if request.method == "POST":
        form, done = _return_post(request, ret)
        if done:
            messages.success(request, done)
            return redirect("indicators:return_detail", pk=ret.pk)
        if isinstance(form, ReturnCorrectForm):
            correct_form = form
        else:
            edit_form = form
    history = ret.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "indicators/return_detail.html",
        {
            "ret": ret,
            "history": history,
            "entry": selectors.entry_context(indicator=ret.indicator, period=ret.period),
            "form": edit_form,
            "correct_form": correct_form,
            "can_edit": ret.status == Return.Status.DRAFT
            and services.can_enter(request.user, ret.indicator),
            "can_correct": ret.status == Return.Status.APPROVED
            and has_role(request.user, PERFORMANCE_LEAD),
        },
    )


def _plain(value) -> str:
    """A stored figure as an officer would type it: 91.5, not 91.5000."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@login_required
def approval_queue(request):
    _need(request, PERFORMANCE_LEAD)
    lock_form = PeriodLockForm()
    decision_form = None
    action = QueueActionForm(request.POST or None)
    if request.method == "POST" and not action.is_valid():
        decision_form = DecisionForm(request.POST)  # says what is wrong with the post
        decision_form.is_valid()
    elif request.method == "POST" and action.cleaned_data["action"] in ("lock", "reopen"):
        lock_form = PeriodLockForm(request.POST)
        if lock_form.is_valid():
            period, action = lock_form.cleaned_data["period"], lock_form.cleaned_data["action"]
            try:
                if action == PeriodLockForm.LOCK:
                    services.period_lock(user=request.user, period=period)
                else:
                    services.period_reopen(
                        user=request.user,
                        period=period,
                        reason=lock_form.cleaned_data["lock_reason"],
                    )
            except (ValidationError, PermissionDenied) as exc:
                _service_errors(lock_form, exc)
            else:
                done = "locked" if action == PeriodLockForm.LOCK else "reopened"
                messages.success(request, f"{period.code} {done}.")
                return redirect("indicators:approval_queue")
    elif request.method == "POST":
        decision_form = DecisionForm(request.POST)
        if decision_form.is_valid():
            data = decision_form.cleaned_data
            ret = get_object_or_404(
                Return.objects.select_related("indicator", "period"), pk=data["return_id"]
            )
            try:
                if data["action"] == DecisionForm.APPROVE:
                    services.return_approve(user=request.user, ret=ret, version=data["version"])
                    messages.success(
                        request,
                        f"Approved {ret.indicator.code} {ret.period.code}."
                        " Its RAG is being computed.",
                    )
                else:
                    services.return_send_back(
                        user=request.user, ret=ret, version=data["version"], reason=data["reason"]
                    )
                    messages.success(
                        request, f"Returned {ret.indicator.code} {ret.period.code} to its officer."
                    )
            except (ValidationError, PermissionDenied) as exc:
                _service_errors(decision_form, exc)
            else:
                return redirect("indicators:approval_queue")
    queue = selectors.approval_rows(user=request.user)
    locked = Period.objects.exclude(locked_at=None).order_by("-start")
    failed_id = decision_form.data.get("return_id") if decision_form is not None else None
    status = 400 if (decision_form is not None or lock_form.is_bound) else 200
    return render(
        request,
        "indicators/approvals.html",
        {
            "queue": queue,
            "locked": locked,
            "lock_form": lock_form,
            "decision_form": decision_form,
            "failed_id": str(failed_id or ""),
        },
        status=status,
    )


@login_required
def returns_grid(request):
    """Every figure due, in one screen: type what you have, save as drafts or save and submit.
    The typed rows go through the same checks and the same all-or-nothing save as an upload
    (importers.check, importers.save); a row left blank is skipped."""
    _need(request, OFFICER, PERFORMANCE_LEAD)
    due = selectors.due_rows(user=request.user, today=timezone.localdate())
    initial = [
        {
            "indicator": row["indicator"].code,
            "period": row["period"].code,
            "existing_id": row["draft"].pk if row["draft"] else None,
            "existing_version": row["draft"].version if row["draft"] else None,
            "value": (
                ""
                if not row["draft"] or row["draft"].value is None
                else format(row["draft"].value.normalize(), "f")  # 10, not 10.0000 or 1E+1
            ),
            "commentary": row["draft"].commentary if row["draft"] else "",
        }
        for row in due
    ]
    formset = GridFormSet(request.POST or None, initial=initial)
    action = GridActionForm(request.POST or None)
    errors: dict[int, list[str]] = {}
    problems: list[str] = []
    if request.method == "POST" and formset.is_valid() and action.is_valid():
        rows = [
            importers.Row(
                number=n,
                indicator=data["indicator"],
                period=data["period"],
                value=data["value"].strip(),
                commentary=data["commentary"].strip(),
                existing_id=data["existing_id"],
                existing_version=data["existing_version"],
            )
            for n, data in enumerate(formset.cleaned_data)
            if data.get("value", "").strip()
        ]
        submit = action.cleaned_data["action"] == GridActionForm.SUBMIT
        checked = importers.check(
            user=request.user, rows=[importers.Row(*astuple(r)[:5]) for r in rows]
        )
        errors = {r.number: r.errors + (r.warnings if submit else []) for r in checked}
        errors = {n: e for n, e in errors.items() if e}
        if not rows:
            problems = ["Type at least one figure to save."]
        elif not errors:
            try:
                saved = importers.save(user=request.user, rows=rows, submit=submit)
            except (ValidationError, PermissionDenied) as exc:
                problems = list(getattr(exc, "messages", None) or [str(exc)])
            else:
                verb = "saved and submitted" if submit else "saved as drafts"
                messages.success(request, f"{len(saved)} of the figures due {verb}.")
                return redirect("indicators:my_returns")
    elif request.method == "POST":
        problems = [*formset.non_form_errors(), *action.errors.get("action", [])]
    # Label each row from what it carries (a posted row keeps its own indicator and period).
    by_key = {(row["indicator"].code, row["period"].code): row for row in due}
    lines = []
    for n, form in enumerate(formset.forms):
        key = (form["indicator"].value(), form["period"].value())
        lines.append({"due": by_key.get(key), "key": key, "form": form, "errors": errors.get(n)})
    return render(
        request,
        "indicators/returns_grid.html",
        {"formset": formset, "lines": lines, "errors": errors, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def returns_import(request):
    _need(request, OFFICER, PERFORMANCE_LEAD)
    upload_form = ReturnsUploadForm()
    context = {
        "max_rows": importers.max_rows(),
        "max_kb": importers.max_bytes() // 1024,
        "upload": upload_form,
    }
    if request.method != "POST":
        return render(request, "indicators/import.html", context)
    confirm = ImportConfirmForm(request.POST)
    if confirm.is_valid():  # the confirm step of a checked preview
        return _import_confirm(request, context, confirm)
    context["upload"] = upload_form = ReturnsUploadForm(request.POST, request.FILES)
    if not upload_form.is_valid():  # no file chosen, or an empty one: the form says which
        return render(request, "indicators/import.html", context, status=400)
    upload = upload_form.cleaned_data["file"]
    try:
        rows, skipped = importers.read(
            name=upload.name, content=upload.read(importers.max_bytes() + 1)
        )
        rows = importers.check(user=request.user, rows=rows)
    except importers.ImportFileError as exc:
        upload_form.add_error("file", str(exc))
        return render(request, "indicators/import.html", context, status=400)
    token = secrets.token_urlsafe(16)
    request.session[f"import:{token}"] = [  # with the version of any return it replaces
        [
            r.number,
            r.indicator,
            r.period,
            r.value,
            r.commentary,
            [],
            r.existing_id,
            r.existing_version,
            [],
            r.area,
            r.numerator,
            r.denominator,
        ]
        for r in rows
    ]
    context.update(
        rows=rows,
        token=token,
        name=upload.name,
        problems=sum(1 for r in rows if r.errors),
        skipped=skipped,
        warnings=[w for r in rows for w in r.warnings],
        uploaded=True,
    )
    return render(request, "indicators/import.html", context)


def _import_confirm(request, context, confirm):
    stored = request.session.pop(f"import:{confirm.cleaned_data['token']}", None)
    if stored is None:
        context["error"] = "That preview has expired: upload the file again."
        return render(request, "indicators/import.html", context, status=400)
    rows = [importers.Row(*cells) for cells in stored]
    submit = confirm.cleaned_data["submit"]
    try:
        saved = importers.save(user=request.user, rows=rows, submit=submit)
    except ValidationError as exc:
        context["error"] = _errors(exc)
        return render(request, "indicators/import.html", context, status=400)
    verb = "saved and submitted" if submit else "saved as drafts"
    messages.success(request, f"{len(saved)} returns {verb}.")
    return redirect("indicators:my_returns")


@login_required
def import_template(request):
    _need(request, OFFICER, PERFORMANCE_LEAD)
    response = HttpResponse(
        importers.template_csv(user=request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="returns-template.csv"'
    return response


@login_required
def targets(request):
    _need(request, PERFORMANCE_LEAD)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.target_set(
                user=request.user,
                indicator=data["indicator"],
                period=data["period"],
                value=data["value"],
                band=data["band"] or None,
            )
        except (ValidationError, PermissionDenied) as exc:
            _service_errors(form, exc)
        else:
            messages.success(
                request, f"Target set for {data['indicator'].code} {data['period'].code}."
            )
            return redirect("indicators:targets")
    history = Target.history.select_related("history_user").order_by("-history_date")[:20]
    rows = Target.objects.select_related("indicator", "period").order_by(
        "indicator__code", "period__start"
    )
    return render(
        request,
        "indicators/targets.html",
        {"rows": rows, "history": history, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def all_returns(request):
    """Every return, filterable, for performance leads."""
    from django.core.paginator import Paginator

    _need(request, PERFORMANCE_LEAD)
    filters = {k: request.GET.get(k, "").strip() for k in ("indicator", "period", "status")}
    returns = Return.objects.select_related("indicator", "period", "submitted_by").order_by(
        "-period__start", "indicator__code"
    )
    if filters["indicator"]:
        returns = returns.filter(indicator__code=filters["indicator"])
    if filters["period"]:
        returns = returns.filter(period__code=filters["period"])
    if filters["status"] in Return.Status.values:
        returns = returns.filter(status=filters["status"])
    page_obj = Paginator(returns, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "indicators/all_returns.html",
        {
            "page_obj": page_obj,
            "filters": filters,
            "query": query,
            "statuses": Return.Status.choices,
        },
    )


def _plain(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


@login_required
def area_entry(request, code: str):
    """An indicator reported by area: each locality's figure for one period on one screen, saved
    as drafts or submitted together (all or nothing); the city's figure is added up once a lead
    has approved every locality's (indicators.returns.services.city_derive)."""
    from indicators import areas

    _need(request, OFFICER, PERFORMANCE_LEAD)
    indicator = get_object_or_404(Indicator, code=code, by_area=True)
    if not services.can_enter(request.user, indicator):
        raise PermissionDenied(f"You do not own {indicator.code}, so you cannot enter its returns.")
    choices = selectors.wanted_periods(indicator, timezone.localdate())
    asked = Period.objects.filter(
        code=request.GET.get("period", ""), kind=indicator.period_kind
    ).first()
    if asked is not None and asked.code not in {p.code for p in choices}:
        choices = [asked.calendar, *choices]  # an older period, from a link
    chooser = AreaPeriodForm(request.GET or None, periods=choices)
    if request.GET.get("period") and not chooser.is_valid():
        raise Http404(f"{indicator.code} has no such period.")
    chosen = chooser.cleaned_data["period"] if chooser.is_valid() else choices[0].code
    period = get_object_or_404(Period, code=chosen)
    places = areas.localities()
    held = {
        r.area_id: r
        for r in Return.objects.filter(indicator=indicator, period=period, area__in=places)
    }
    city = Return.objects.city().filter(indicator=indicator, period=period).first()
    initial = []
    for area in places:
        ret = held.get(area.id)
        initial.append(
            {
                "area": area.code,
                "version": ret.version if ret else None,
                "value": _plain(ret.value) if ret else "",
                "numerator": _plain(ret.numerator) if ret else "",
                "denominator": _plain(ret.denominator) if ret else "",
                "commentary": ret.commentary if ret else "",
            }
        )
    formset = AreaFormSet(request.POST or None, initial=initial, prefix="area")
    action = GridActionForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and formset.is_valid() and action.is_valid():
        submit = action.cleaned_data["action"] == GridActionForm.SUBMIT
        rows = [form.cleaned_data for form in formset.forms if form.has_figure()]
        if not rows:
            problems = ["Type at least one locality's figure to save."]
        else:
            try:
                saved = services.area_returns_save(
                    user=request.user, indicator=indicator, period=period, rows=rows, submit=submit
                )
            except (ValidationError, PermissionDenied) as exc:
                problems = list(getattr(exc, "messages", None) or [str(exc)])
            else:
                verb = "saved and submitted" if submit else "saved as drafts"
                messages.success(
                    request, f"{len(saved)} locality figure{'s' if len(saved) != 1 else ''} {verb}."
                )
                return redirect(f"{request.path}?{urlencode({'period': period.code})}")
    elif request.method == "POST":
        problems = [*formset.non_form_errors(), *action.errors.get("action", [])]
    lines = [
        {"area": area, "form": form, "ret": held.get(area.id)}
        for area, form in zip(places, formset.forms, strict=False)
    ]
    return render(
        request,
        "indicators/area_entry.html",
        {
            "indicator": indicator,
            "period": period,
            "chooser": chooser
            if chooser.is_bound
            else AreaPeriodForm(initial={"period": period.code}, periods=choices),
            "formset": formset,
            "lines": lines,
            "city": city,
            "problems": problems,
            "target": _target_text(indicator, period),
        },
        status=400 if problems else 200,
    )


def _target_text(indicator, period) -> str:
    from indicators.status import target_for

    target = target_for(indicator=indicator, period=period)
    return figure_text(target.value, indicator.unit) if target else "No target"
