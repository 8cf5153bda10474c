"""Scrutiny pages: thin views over selectors (reads), forms and services (writes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core import pagecache, roles, versions
from core.decorators import role_required

from . import exports, selectors, services
from .apps import VERSION_KEY
from .forms import (
    ActionForm,
    ActionProgressForm,
    DecisionFormSet,
    ItemForm,
    MeetingForm,
    MonitorFilterForm,
    RecommendationForm,
    RespondForm,
)
from .models import Action, ActionPlan, Meeting, Recommendation

reader_required = role_required(*roles.ROLES)
scrutiny_officer_required = role_required(roles.SCRUTINY_OFFICER)


def _crumbs(*extra):
    return [("Scrutiny", reverse("scrutiny:home")), *extra]


def _form_error_message(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


@reader_required
def home(request):
    today = timezone.localdate()
    is_scrutiny = roles.has_role(request.user, roles.SCRUTINY_OFFICER)
    context = {
        "today": today,
        "is_scrutiny_officer": is_scrutiny,
        "is_officer": roles.has_role(request.user, roles.OFFICER),
        "chase": selectors.chase_list(today=today) if is_scrutiny else [],
        "plans": selectors.action_plan_summaries(),
    }
    return render(request, "scrutiny/home.html", context)


def _monitor_context(request):
    """The Monitor's filters read once, the same way for the page, its printable copy and both
    exports: every valid filter applies; an invalid one is ignored (narrowing nothing) and
    reported in `choice.ignored`."""
    options = selectors.monitor_filter_options()
    form = MonitorFilterForm(request.GET or None, options=options)
    choice = form.choice()
    today = timezone.localdate()
    recommendations = selectors.with_outstanding(
        selectors.monitor_list(filters=choice.filters, today=today), today=today
    )
    return form, choice, recommendations, today


@reader_required
def monitor(request):
    """The Monitor. Unfiltered (how it is opened most), the page below its header is rendered
    once per version of the scrutiny records and day, and kept in the cache, and the whole
    page per reader beside it (core.pagecache; issue 13); a filtered Monitor is read afresh."""

    def build():
        form, choice, recommendations, today = _monitor_context(request)
        context = {
            "form": form,
            "choice": choice,
            "recommendations": recommendations,
            "today": today,
            "query": request.GET.urlencode(),
            "crumbs": _crumbs(),
        }
        content = render_to_string("scrutiny/_monitor_content.html", context, request=request)
        return "scrutiny/monitor.html", {**context, "content": content}

    if request.GET:
        return render(request, *build())
    version = versions.current(VERSION_KEY)
    key = f"scrutiny:monitor:{version}:{timezone.localdate().isoformat()}"

    def build_cached():
        content = cache.get(key)
        if content is None:
            template, context = build()
            cache.set(key, context["content"], timeout=MONITOR_CACHE_SECONDS)
            return template, context
        # a SafeString, as cached
        return "scrutiny/monitor.html", {"content": content, "crumbs": _crumbs()}

    return pagecache.serve(request, parts=[key], build=build_cached, timeout=MONITOR_CACHE_SECONDS)


# At most this long for what changes outside the scrutiny records (a contact officer's name on
# their user account); scrutiny records themselves make a new version at once.
MONITOR_CACHE_SECONDS = 600


@reader_required
def monitor_print(request):
    _, choice, recommendations, today = _monitor_context(request)
    return render(
        request,
        "scrutiny/monitor_print.html",
        {
            "choice": choice,
            "recommendations": recommendations,
            "today": today,
            "crumbs": _crumbs(("Recommendations Monitor", reverse("scrutiny:monitor"))),
        },
    )


@reader_required
def monitor_csv(request):
    _, choice, recommendations, today = _monitor_context(request)
    response = HttpResponse(
        exports.monitor_csv(recommendations, choice=choice, today=today), content_type="text/csv"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="recommendations-monitor-{today.isoformat()}.csv"'
    )
    return response


@reader_required
def overview_docx(request):
    _, choice, recommendations, today = _monitor_context(request)
    content = exports.overview_docx(
        recommendations=recommendations,
        choice=choice,
        key_decisions=selectors.key_decision_list(),
        work_programme=selectors.work_programme_sections(),
        today=today,
    )
    response = HttpResponse(content, content_type=exports.DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="overview-report-{today.isoformat()}.docx"'
    )
    return response


@reader_required
def recommendation_detail(request, pk: int):
    try:
        rec = selectors.recommendation_detail(pk=pk)
    except Recommendation.DoesNotExist as exc:
        raise Http404("No such recommendation.") from exc
    rec.outstanding_set(timezone.localdate(), selectors.outstanding_flag_days())
    return render(
        request,
        "scrutiny/recommendation_detail.html",
        {
            "rec": rec,
            "history": selectors.recommendation_history(rec)[:50],
            "can_respond": services.recommendation_can_respond(
                recommendation=rec, user=request.user
            ),
            "is_scrutiny_officer": roles.has_role(request.user, roles.SCRUTINY_OFFICER),
            "crumbs": _crumbs(("Recommendations Monitor", reverse("scrutiny:monitor"))),
        },
    )


@scrutiny_officer_required
def recommendation_edit(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("item__meeting"), pk=pk)
    form = RecommendationForm(request.POST or None, instance=rec)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.recommendation_update(recommendation=rec, user=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, _form_error_message(exc))
        else:
            messages.success(request, "Recommendation saved")
            return redirect("scrutiny:recommendation_detail", pk=rec.pk)
    return render(
        request,
        "scrutiny/recommendation_form.html",
        {
            "form": form,
            "rec": rec,
            "crumbs": _crumbs(
                ("Recommendations Monitor", reverse("scrutiny:monitor")),
                ("Recommendation", reverse("scrutiny:recommendation_detail", args=[rec.pk])),
            ),
        },
    )


@role_required(roles.OFFICER, roles.SCRUTINY_OFFICER)
def recommendation_respond(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("item__meeting"), pk=pk)
    if not services.recommendation_can_respond(recommendation=rec, user=request.user):
        raise PermissionDenied("Only the contact officer or a scrutiny officer may respond.")
    initial = {"text": rec.action, "status": rec.status}
    form = RespondForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_respond(
                recommendation=rec, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, _form_error_message(exc))
        else:
            messages.success(request, "Response posted")
            if roles.has_role(request.user, roles.SCRUTINY_OFFICER):
                return redirect("scrutiny:recommendation_detail", pk=rec.pk)
            return redirect("scrutiny:my_items")
    return render(
        request,
        "scrutiny/respond_form.html",
        {
            "form": form,
            "rec": rec,
            "crumbs": _crumbs(("My scrutiny items", reverse("scrutiny:my_items"))),
        },
    )


@reader_required
def my_items(request):
    today = timezone.localdate()
    actions = [
        {"action": a, "rag": selectors.action_rag(a, today)}
        for a in selectors.my_actions(user=request.user)
    ]
    return render(
        request,
        "scrutiny/my_items.html",
        {
            "recommendations": selectors.my_recommendations(user=request.user),
            "actions": actions,
            "today": today,
            "crumbs": _crumbs(),
        },
    )


# --- meetings -----------------------------------------------------------------------------


@reader_required
def meeting_list(request):
    return render(
        request,
        "scrutiny/meeting_list.html",
        {
            "meetings": selectors.meeting_list(),
            "is_scrutiny_officer": roles.has_role(request.user, roles.SCRUTINY_OFFICER),
            "crumbs": _crumbs(),
        },
    )


@scrutiny_officer_required
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _form_error_message(exc))
        else:
            messages.success(request, "Meeting recorded: now add its items")
            return redirect("scrutiny:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "scrutiny/meeting_form.html",
        {"form": form, "crumbs": _crumbs(("Meetings", reverse("scrutiny:meeting_list")))},
    )


@reader_required
def meeting_detail(request, pk: int):
    try:
        meeting = selectors.meeting_detail(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404("No such meeting.") from exc
    return render(
        request,
        "scrutiny/meeting_detail.html",
        {
            "meeting": meeting,
            "is_scrutiny_officer": roles.has_role(request.user, roles.SCRUTINY_OFFICER),
            "crumbs": _crumbs(("Meetings", reverse("scrutiny:meeting_list"))),
        },
    )


@scrutiny_officer_required
def item_create(request, pk: int):
    """One form per item: the item, its decisions, which are recommendations, and who owes
    each a response."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ItemForm(request.POST or None, prefix="item")
    formset = DecisionFormSet(request.POST or None, prefix="decisions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        decisions = [
            services.DecisionInput(
                text=d["text"],
                is_recommendation=d.get("is_recommendation", False),
                contact_officer=d.get("contact_officer"),
                contact_officer_post=d.get("contact_officer_post", ""),
                due_date=d.get("due_date"),
            )
            for d in formset.cleaned_data
            if d and (d.get("text") or "").strip()
        ]
        try:
            item = services.item_record(
                user=request.user, meeting=meeting, decisions=decisions, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, _form_error_message(exc))
        else:
            count = item.recommendations.count()
            messages.success(
                request,
                f"Item {item.ref} recorded with {len(decisions)} decision"
                f"{'s' if len(decisions) != 1 else ''} and {count} recommendation"
                f"{'s' if count != 1 else ''}",
            )
            return redirect("scrutiny:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "scrutiny/item_form.html",
        {
            "form": form,
            "formset": formset,
            "meeting": meeting,
            "has_errors": bool(form.errors or formset.total_error_count()),
            "crumbs": _crumbs(
                ("Meetings", reverse("scrutiny:meeting_list")),
                (
                    f"{meeting.date:%-d %B %Y}",
                    reverse("scrutiny:meeting_detail", args=[meeting.pk]),
                ),
            ),
        },
    )


# --- action plans -----------------------------------------------------------------------------


@reader_required
def action_plan_list(request):
    return render(
        request,
        "scrutiny/action_plan_list.html",
        {"plans": selectors.action_plan_list(), "crumbs": _crumbs()},
    )


def _plan_or_404(code: str):
    today = timezone.localdate()
    try:
        plan, rows = selectors.action_plan_detail(code=code, today=today)
    except ActionPlan.DoesNotExist as exc:
        raise Http404("No such action plan.") from exc
    return plan, rows, today


@reader_required
def action_plan_detail(request, code: str):
    plan, rows, today = _plan_or_404(code)
    return render(
        request,
        "scrutiny/action_plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "today": today,
            "user_can_update_all": roles.has_role(request.user, roles.SCRUTINY_OFFICER),
            "crumbs": _crumbs(("Action plans", reverse("scrutiny:action_plan_list"))),
        },
    )


@reader_required
def action_plan_print(request, code: str):
    plan, rows, today = _plan_or_404(code)
    return render(
        request,
        "scrutiny/action_plan_print.html",
        {
            "plan": plan,
            "rows": rows,
            "today": today,
            "crumbs": _crumbs(
                ("Action plans", reverse("scrutiny:action_plan_list")),
                (plan.title, reverse("scrutiny:action_plan_detail", args=[plan.code])),
            ),
        },
    )


@reader_required
def action_plan_csv(request, code: str):
    plan, rows, today = _plan_or_404(code)
    response = HttpResponse(exports.action_plan_csv(rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{plan.code}-{today.isoformat()}.csv"'
    return response


@reader_required
def action_plan_docx(request, code: str):
    plan, rows, today = _plan_or_404(code)
    response = HttpResponse(
        exports.action_plan_docx(plan=plan, rows=rows, today=today),
        content_type=exports.DOCX_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.code}-{today.isoformat()}.docx"'
    return response


@scrutiny_officer_required
def action_edit(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("recommendation__plan"), pk=pk)
    form = ActionForm(request.POST or None, instance=action)
    plan = action.recommendation.plan
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.action_update(action=action, user=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, _form_error_message(exc))
        else:
            messages.success(request, "Action saved")
            return redirect(
                reverse("scrutiny:action_plan_detail", args=[plan.code]) + f"#action-{action.pk}"
            )
    return render(
        request,
        "scrutiny/action_form.html",
        {
            "form": form,
            "action": action,
            "crumbs": _crumbs(
                ("Action plans", reverse("scrutiny:action_plan_list")),
                (plan.title, reverse("scrutiny:action_plan_detail", args=[plan.code])),
            ),
        },
    )


@role_required(roles.OFFICER, roles.SCRUTINY_OFFICER)
def action_progress(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("recommendation__plan"), pk=pk)
    if not services.action_can_update(action=action, user=request.user):
        raise PermissionDenied("Only the action's lead or a scrutiny officer may update it.")
    today = timezone.localdate()
    form = ActionProgressForm(
        request.POST or None, initial={"period": f"{today:%B %Y}", "status": action.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_progress_add(action=action, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _form_error_message(exc))
        else:
            messages.success(request, "Progress update added")
            return redirect("scrutiny:action_plan_detail", code=action.recommendation.plan.code)
    plan = action.recommendation.plan
    return render(
        request,
        "scrutiny/action_progress_form.html",
        {
            "form": form,
            "action": action,
            "updates": action.updates.order_by("period", "id"),
            "crumbs": _crumbs(
                ("Action plans", reverse("scrutiny:action_plan_list")),
                (plan.title, reverse("scrutiny:action_plan_detail", args=[plan.code])),
            ),
        },
    )


# --- work programme, key decisions, committee -----------------------------------------------


@reader_required
def work_programme(request):
    return render(
        request,
        "scrutiny/work_programme.html",
        {"sections": selectors.work_programme_sections(), "crumbs": _crumbs()},
    )


@reader_required
def key_decisions(request):
    return render(
        request,
        "scrutiny/key_decisions.html",
        {"key_decisions": selectors.key_decision_list(), "crumbs": _crumbs()},
    )


@reader_required
def inspections(request):
    return render(
        request,
        "scrutiny/inspections.html",
        {"inspections": selectors.inspection_list(), "crumbs": _crumbs()},
    )


@reader_required
def committee(request):
    return render(
        request,
        "scrutiny/committee.html",
        {"committees": selectors.committee_list(), "crumbs": _crumbs()},
    )
