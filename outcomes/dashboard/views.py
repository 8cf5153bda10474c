"""The Board's quarterly dashboard page, and the same figures as slides for the meeting room."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from core import pagecache
from core.db_router import replica_reads

from . import selectors as board

# The every-indicator table shows this many rows a page (today's framework fits on one), and
# the exceptions list this many (the rest are one link away, in the table).
TABLE_PAGE_SIZE = 100
EXCEPTIONS_SHOWN = 20


class TableForm(forms.Form):
    """Which rows of the every-indicator table: every indicator or the exceptions, a page."""

    page = forms.IntegerField(min_value=1, required=False)
    rows = forms.ChoiceField(
        choices=[("", "Every indicator"), ("exceptions", "Exceptions")], required=False
    )


def _choices(request):
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
        "today": today,
    }
    return context


def _chosen(request):
    """_choices with the quarter's figures."""
    context = _choices(request)
    if context["period"] is not None:
        context.update(
            board.dashboard(
                period=context["period"], filters=context["filters"], today=context["today"]
            )
        )
    return context


def _table_choice(request) -> tuple[str, int]:
    """Which rows of the every-indicator table, and which page."""
    table = TableForm(request.GET)
    wanted = table.cleaned_data if table.is_valid() else {}
    return wanted.get("rows") or "", wanted.get("page") or 1


def _content_key(context: dict, rows: str, page: int) -> str | None:
    """The key the page below its header is kept under (None: not kept, as when a filter was
    refused and its message shows)."""
    period, filters, today = context["period"], context["filters"], context["today"]
    if period is None or context["dropped"]:
        return None
    return board.page_cache_key(period=period, filters=filters, today=today, rows=rows, page=page)


def _content(request, context: dict, key: str | None, rows: str, page: int) -> str:
    """The page below its header: the filters and everything below them. Rendered once per
    status version, quarter, filters, day, table rows and page, and latest published pack,
    and kept in the cache under `key`: a repeat request reads one string (issue 13). A page
    number past the end shows the last page."""
    html = cache.get(key) if key else None
    if html is None:
        if context["period"] is not None:
            context = {**context, **_table(context, rows, page)}
        html = render_to_string("outcomes/_dashboard_content.html", context, request=request)
        if key:
            cache.set(key, html, timeout=board.CACHE_SECONDS)
    return html  # render_to_string's SafeString, and a SafeString still from the cache


def _table(context: dict, rows: str, page: int) -> dict:
    """The quarter's figures, with the every-indicator table's rows (every indicator, or the
    exceptions) a page at a time and the links that keep the filters."""
    data = board.dashboard(
        period=context["period"], filters=context["filters"], today=context["today"]
    )
    base = f"{context['filter_qs']}&" if context["filter_qs"] else ""
    base += f"period={context['period'].code}&"
    listed = data["exceptions"] if rows == "exceptions" else data["tiles"]
    return {
        **data,
        "rows": rows,
        "table": Paginator(listed, TABLE_PAGE_SIZE).get_page(page),
        "table_page_size": TABLE_PAGE_SIZE,
        "table_qs": base,
        "table_query": (base + (f"rows={rows}" if rows else "")).rstrip("&"),
        "exceptions_shown": EXCEPTIONS_SHOWN,
    }


@login_required
def dashboard(request):
    """The dashboard; the whole page is kept per reader beside its body (core.pagecache)."""
    with replica_reads():  # read-only: a replica may serve it (docs/scaling.md)
        context = _choices(request)
        rows, page = _table_choice(request)
        key = _content_key(context, rows, page)

        def build():
            context["content"] = _content(request, context, key, rows, page)
            return "outcomes/dashboard.html", context

        if key is None:
            return render(request, *build())
        return pagecache.serve(request, parts=[key], build=build, timeout=board.CACHE_SECONDS)


class SlideForm(forms.Form):
    slide = forms.IntegerField(min_value=1, required=False)


@login_required
def dashboard_present(request):
    """One slide for the overview, then one per theme: large type, the dashboard's figures,
    previous/next links (and the arrow keys, with JavaScript) to move."""
    with replica_reads():  # read-only, as the dashboard
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
