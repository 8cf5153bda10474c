from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Theme


@login_required
def framework(request):
    return render(request, "outcomes/framework.html", {"plans": selectors.plan_list()})


@login_required
def theme_detail(request, code: str):
    try:
        theme = selectors.theme_detail(code=code)
    except Theme.DoesNotExist as exc:
        raise Http404(f"No outcome theme with code {code}.") from exc
    return render(request, "outcomes/theme_detail.html", {"theme": theme})


@login_required
def dashboard(request):
    from . import dashboard as board

    quarters = board.quarters_with_data()
    code = request.GET.get("period") or (quarters[0].code if quarters else "")
    period = next((q for q in quarters if q.code == code), None)
    options = board.filter_options()
    filters, dropped = board.filters_clean(board.Filters.from_query(request.GET), options)
    context = {"quarters": quarters, "period": period, "options": options, "filters": filters,
               "dropped": dropped, "requested": code, "theme_code": filters.theme}
    if period is not None:
        context.update(board.dashboard(period=period, filters=filters))
    return render(request, "outcomes/dashboard.html", context)
