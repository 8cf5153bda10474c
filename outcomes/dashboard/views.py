"""The Board's quarterly dashboard page, and the same figures as slides for the meeting room."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from core.db_router import replica_reads

from . import selectors as board


def _chosen(request):
    """The quarter, filters and choices both pages share: default the latest ENDED quarter
    with an approved figure; a quarter in progress can still be chosen, and the page says so."""
    today = timezone.localdate()
    quarters, period, code = board.chosen_quarter(request.GET.get("period", "").strip(), today)
    options = board.filter_options()
    filters, dropped = board.filters_clean(board.Filters.from_query(request.GET), options)
    context = {
        "quarters": quarters,
        "period": period,
        "options": options,
        "filters": filters,
        "filter_qs": urlencode(filters.query()),
        "dropped": dropped,
        "requested": code,
        "theme_code": filters.theme,
        "in_progress_codes": {q.code for q in quarters if board.in_progress(q, today)},
    }
    if period is not None:
        context.update(board.dashboard(period=period, filters=filters, today=today))
    return context


@login_required
def dashboard(request):
    with replica_reads():  # read-only: a replica may serve it (docs/scaling.md)
        return render(request, "outcomes/dashboard.html", _chosen(request))


class SlideForm(forms.Form):
    slide = forms.IntegerField(min_value=1, required=False)


@login_required
def dashboard_present(request):
    """One slide for the overview, then one per theme: large type, the dashboard's figures,
    previous/next links (and the arrow keys, with JavaScript) to move."""
    context = _chosen(request)
    if context["period"] is None:
        raise Http404("No approved figures for that quarter.")
    slides = [{"title": "Overview", "block": None}] + [
        {"title": block.theme.name, "block": block} for block in context["blocks"]
    ]
    form = SlideForm(request.GET)
    number = (form.cleaned_data.get("slide") if form.is_valid() else None) or 1
    number = min(number, len(slides))
    base = f"{context['filter_qs']}&" if context["filter_qs"] else ""
    base += f"period={context['period'].code}&slide="
    context.update(
        slide=slides[number - 1],
        number=number,
        total=len(slides),
        previous_url=f"?{base}{number - 1}" if number > 1 else "",
        next_url=f"?{base}{number + 1}" if number < len(slides) else "",
        slides=slides,
        slide_base=f"?{base}",
    )
    return render(request, "outcomes/dashboard_present.html", context)
