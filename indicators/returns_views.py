"""Pages for officers and leads: My returns, bulk import, a return, the approval queue."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.roles import OFFICER, PERFORMANCE_LEAD, has_role

from . import importers, services
from . import periods as cal
from .models import Indicator, Period, Return
from .selectors import due_date

PAST_PERIODS = 3


def _need(request, *roles):
    if not has_role(request.user, *roles):
        raise PermissionDenied("Your role does not allow this page.")


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


@login_required
def my_returns(request):
    _need(request, OFFICER, PERFORMANCE_LEAD)
    today = timezone.localdate()
    indicators = Indicator.objects.filter(owner=request.user).order_by("code")
    wanted = {}
    for indicator in indicators:
        latest = cal.latest_complete(indicator.period_kind, today)
        wanted[indicator.id] = [cal.shift(latest, -n) for n in range(PAST_PERIODS)]
    codes = {p.code for ps in wanted.values() for p in ps}
    returns = {(r.indicator_id, r.period.code): r for r in Return.objects.filter(
        indicator__in=indicators, period__code__in=codes).select_related("period")}
    rows = []
    for indicator in indicators:
        for period in wanted[indicator.id]:
            ret = returns.get((indicator.id, period.code))
            due = due_date(period.end)
            if ret is None:
                state = "overdue" if today > due else "due"
            elif ret.status == Return.Status.DRAFT and ret.returned_reason:
                state = "returned"
            elif ret.status == Return.Status.DRAFT:
                state = "overdue" if today > due else "draft"
            else:
                state = ret.status
            rows.append({"indicator": indicator, "period": period, "due": due, "state": state,
                         "ret": ret})
    return render(request, "indicators/my_returns.html", {
        "rows": rows, "due_days": settings.RETURN_DUE_WORKING_DAYS})


@login_required
def return_new(request, code: str, period_code: str):
    _need(request, OFFICER, PERFORMANCE_LEAD)
    indicator = get_object_or_404(Indicator, code=code)
    period = get_object_or_404(Period, code=period_code)
    form = {"value": request.POST.get("value", ""),
            "commentary": request.POST.get("commentary", "")}
    error = None
    if request.method == "POST":
        try:
            ret = services.return_create(user=request.user, indicator=indicator, period=period,
                                         value=form["value"], commentary=form["commentary"])
        except (ValidationError, PermissionDenied) as exc:
            error = _errors(exc)
        else:
            messages.success(request, f"Draft saved for {indicator.code} {period.code}.")
            return redirect("indicators:return_detail", pk=ret.pk)
    return render(request, "indicators/return_new.html", {
        "indicator": indicator, "period": period, "form": form, "error": error})


@login_required
def return_detail(request, pk: int):
    ret = get_object_or_404(Return.objects.select_related("indicator", "period"), pk=pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                services.return_update(user=request.user, ret=ret,
                                       version=int(request.POST.get("version", "0") or 0),
                                       value=request.POST.get("value"),
                                       commentary=request.POST.get("commentary"))
                messages.success(request, "Saved.")
            elif action == "submit":
                services.return_submit(user=request.user, ret=ret)
                messages.success(request, "Submitted for approval.")
            elif action == "correct":
                services.return_correct(user=request.user, ret=ret,
                                        version=int(request.POST.get("version", "0") or 0),
                                        value=request.POST.get("value"),
                                        reason=request.POST.get("reason", ""))
                messages.success(request, "Figure corrected; the RAG is being recomputed.")
            else:
                raise ValidationError("Unknown action.")
        except (ValidationError, PermissionDenied) as exc:
            error = _errors(exc)
        else:
            return redirect("indicators:return_detail", pk=ret.pk)
    history = ret.history.select_related("history_user").order_by("-history_date")
    return render(request, "indicators/return_detail.html", {
        "ret": ret, "history": history, "error": error,
        "can_edit": ret.status == Return.Status.DRAFT and services.can_enter(request.user,
                                                                             ret.indicator),
        "can_correct": ret.status == Return.Status.APPROVED and has_role(request.user,
                                                                         PERFORMANCE_LEAD),
        "reason": request.POST.get("reason", ""),
        "value": request.POST.get("value", ret.value),
        "commentary": request.POST.get("commentary", ret.commentary)})


@login_required
def approval_queue(request):
    _need(request, PERFORMANCE_LEAD)
    if request.method == "POST" and request.POST.get("action") in ("lock", "reopen"):
        period = Period.objects.filter(code=request.POST.get("period", "").strip()).first()
        try:
            if period is None:
                raise ValidationError("Enter a known period code, e.g. FY2019-20-Q2.")
            if request.POST["action"] == "lock":
                services.period_lock(user=request.user, period=period)
            else:
                services.period_reopen(user=request.user, period=period,
                                       reason=request.POST.get("lock_reason", ""))
            done = "locked" if request.POST["action"] == "lock" else "reopened"
            messages.success(request, f"{period.code} {done}.")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        return redirect("indicators:approval_queue")
    if request.method == "POST":
        ret = get_object_or_404(Return, pk=request.POST.get("return_id"))
        try:
            if request.POST.get("action") == "approve":
                services.return_approve(user=request.user, ret=ret)
                messages.success(request, f"Approved {ret.indicator.code} {ret.period.code}. "
                                 "Its RAG is being computed.")
            else:
                services.return_send_back(user=request.user, ret=ret,
                                          reason=request.POST.get("reason", ""))
                messages.success(request, f"Returned {ret.indicator.code} {ret.period.code} "
                                 "to its officer.")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        return redirect("indicators:approval_queue")
    queue = Return.objects.filter(status=Return.Status.SUBMITTED).select_related(
        "indicator", "period", "submitted_by").order_by("submitted_at")
    locked = Period.objects.exclude(locked_at=None).order_by("-start")
    return render(request, "indicators/approvals.html", {"queue": queue, "locked": locked})


@login_required
def returns_import(request):
    _need(request, OFFICER, PERFORMANCE_LEAD)
    context = {"max_rows": importers.MAX_ROWS, "max_kb": importers.MAX_BYTES // 1024}
    if request.method == "POST" and "file" in request.FILES:
        upload = request.FILES["file"]
        try:
            rows = importers.check(user=request.user, rows=importers.read_rows(
                name=upload.name, content=upload.read(importers.MAX_BYTES + 1)))
        except importers.ImportFileError as exc:
            context["error"] = str(exc)
            return render(request, "indicators/import.html", context, status=400)
        token = secrets.token_urlsafe(16)
        request.session[f"import:{token}"] = [
            [r.number, r.indicator, r.period, r.value, r.commentary] for r in rows]
        context.update(rows=rows, token=token, name=upload.name,
                       problems=sum(1 for r in rows if r.errors))
        return render(request, "indicators/import.html", context)
    if request.method == "POST":
        stored = request.session.pop(f"import:{request.POST.get('token', '')}", None)
        if stored is None:
            context["error"] = "That preview has expired: upload the file again."
            return render(request, "indicators/import.html", context, status=400)
        rows = [importers.Row(*cells) for cells in stored]
        try:
            saved = importers.save(user=request.user, rows=rows,
                                   submit=request.POST.get("submit") == "1")
        except ValidationError as exc:
            context["error"] = _errors(exc)
            return render(request, "indicators/import.html", context, status=400)
        verb = "saved and submitted" if request.POST.get("submit") == "1" else "saved as drafts"
        messages.success(request, f"{len(saved)} returns {verb}.")
        return redirect("indicators:my_returns")
    return render(request, "indicators/import.html", context)


@login_required
def import_template(request):
    _need(request, OFFICER, PERFORMANCE_LEAD)
    response = HttpResponse(importers.template_csv(user=request.user),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="returns-template.csv"'
    return response




@login_required
def targets(request):
    _need(request, PERFORMANCE_LEAD)
    error = None
    form = {k: request.POST.get(k, "") for k in ("indicator", "period", "value", "band")}
    if request.method == "POST":
        indicator = Indicator.objects.filter(code=form["indicator"].strip()).first()
        period = Period.objects.filter(code=form["period"].strip()).first()
        try:
            if indicator is None or period is None:
                raise ValidationError("Choose a known indicator code and period code.")
            services.target_set(user=request.user, indicator=indicator, period=period,
                                value=form["value"], band=form["band"] or None)
        except (ValidationError, PermissionDenied) as exc:
            error = _errors(exc)
        else:
            messages.success(request, f"Target set for {indicator.code} {period.code}.")
            return redirect("indicators:targets")
    from .models import Target

    history = Target.history.select_related("history_user").order_by("-history_date")[:20]
    rows = Target.objects.select_related("indicator", "period").order_by(
        "indicator__code", "period__start")
    return render(request, "indicators/targets.html", {
        "rows": rows, "history": history, "form": form, "error": error,
        "indicators": Indicator.objects.order_by("code").only("code", "name")})


@login_required
def all_returns(request):
    """Every return, filterable, for performance leads."""
    from django.core.paginator import Paginator

    _need(request, PERFORMANCE_LEAD)
    filters = {k: request.GET.get(k, "").strip() for k in ("indicator", "period", "status")}
    returns = Return.objects.select_related("indicator", "period", "submitted_by").order_by(
        "-period__start", "indicator__code")
    if filters["indicator"]:
        returns = returns.filter(indicator__code=filters["indicator"])
    if filters["period"]:
        returns = returns.filter(period__code=filters["period"])
    if filters["status"] in Return.Status.values:
        returns = returns.filter(status=filters["status"])
    page_obj = Paginator(returns, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "indicators/all_returns.html", {
        "page_obj": page_obj, "filters": filters, "query": query,
        "statuses": Return.Status.choices})
