"""The Board's quarterly dashboard page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import selectors as board


@login_required
def dashboard(request):
    # Default: the latest ENDED quarter with an approved figure; a quarter in progress can
    # still be chosen, and the page then says so.
    today = timezone.localdate()
    quarters, period, code = board.chosen_quarter(request.GET.get("period", "").strip(), today)
    options = board.filter_options()
    filters, dropped = board.filters_clean(board.Filters.from_query(request.GET), options)
    context = {
        "quarters": quarters,
        "period": period,
        "options": options,
        "filters": filters,
        "dropped": dropped,
        "requested": code,
        "theme_code": filters.theme,
        "in_progress_codes": {q.code for q in quarters if board.in_progress(q, today)},
    }
    if period is not None:
        context.update(board.dashboard(period=period, filters=filters, today=today))
    return render(request, "outcomes/dashboard.html", context)
