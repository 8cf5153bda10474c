"""Frozen Board packs: everything the Board reads for a session, copied as at one moment.

A pack is built by the Celery task `outcomes.build_pack`: it reads the live figures once into a
JSON snapshot (decimals as strings), compares it with the previous published pack to list what
was revised since, renders the PDF from the snapshot, and publishes. From then on the pack is
read only from its snapshot and its stored PDF: correcting a return later changes the live
dashboard, never a published pack (BoardPack.save refuses).
"""

from __future__ import annotations

import copy
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils import timezone

from indicators.benchmarks.selectors import benchmark_json
from indicators.models import IndicatorStatus, Return
from indicators.periods import PeriodError, parse
from indicators.rag_style import RAG_ORDER
from outcomes.dashboard.selectors import (
    Filters,
    _num,
    dashboard,
    dashboard_json,
    exceptions,
    forecast_json,
)
from outcomes.dashboard.svgchart import line_chart_svg
from outcomes.models import BoardPack, BoardSession

# 2 (issue 13): the appendix holds the focus theme only, other themes show as exceptions in
# the summary, and at most PACK_FOCUS_CHARTS focus indicators have a section of their own.
# A version 1 snapshot (the full dashboard in the appendix) still renders as it was published.
SNAPSHOT_VERSION = 2
SERIES_LENGTH = 12
COMMENTARY_LENGTH = 4


def _progress(pack: BoardPack, percent: int, step: str) -> None:
    BoardPack.objects.filter(pk=pack.pk).update(
        progress=percent, step=step, heartbeat_at=timezone.now()
    )


def pack_build(pack_id: int) -> BoardPack:
    """Build and publish; on failure the pack is marked failed with the reason, and nothing
    published changes."""
    pack = BoardPack.objects.select_related("session").get(pk=pack_id)
    if pack.state == BoardPack.State.PUBLISHED:
        return pack  # a retried task does nothing
    BoardPack.objects.filter(pk=pack.pk).update(
        state=BoardPack.State.RUNNING, heartbeat_at=timezone.now()
    )
    try:
        as_at = timezone.now()
        snapshot = snapshot_build(
            pack.session, as_at=as_at, progress=lambda p, s: _progress(pack, p, s)
        )
        previous = (
            BoardPack.objects.filter(state=BoardPack.State.PUBLISHED, as_at__lt=as_at)
            .exclude(pk=pack.pk)
            .order_by("-as_at")
            .first()
        )
        snapshot["revisions"] = revisions_since(previous.snapshot if previous else None, snapshot)
        snapshot["previous"] = (
            {
                "id": previous.pk,
                "as_at": previous.as_at.isoformat(),
                "session": previous.session.title,
            }
            if previous
            else None
        )
        _progress(pack, 85, "Making the PDF")
        pdf = pack_pdf(snapshot)
        pack.refresh_from_db()
        pack.state = BoardPack.State.PUBLISHED
        pack.as_at, pack.snapshot, pack.previous = as_at, snapshot, previous
        pack.progress, pack.step = 100, "Published"
        pack.pdf.save(f"board-pack-{pack.session_id}-{pack.pk}.pdf", ContentFile(pdf), save=False)
        pack.save()
    except Exception as exc:
        BoardPack.objects.filter(pk=pack.pk).update(
            state=BoardPack.State.FAILED, error=f"{type(exc).__name__}: {exc}", step="Failed"
        )
        raise
    return pack


def snapshot_build(session: BoardSession, *, as_at, progress=lambda p, s: None) -> dict:
    """Everything the pack shows, as plain JSON."""
    period = session.period
    progress(10, "Reading the dashboard")
    data = dashboard(period=period, filters=Filters(), cached=False)  # figures as they are
    snap = {
        "version": SNAPSHOT_VERSION,
        "as_at": as_at.isoformat(),
        "session": {
            "id": session.pk,
            "title": session.title,
            "date": session.date.isoformat(),
            "period": {"code": period.code, "label": period.label},
            "focus_theme": {"code": session.focus_theme.code, "name": session.focus_theme.name},
            "venue": session.venue,
            "notes": session.notes,
            "attendances": [
                {"organisation": a.organisation, "role": a.role, "count": a.count}
                for a in session.attendances.all()
            ],
        },
        "dashboard": dashboard_json(
            period=period, filters=Filters(), data=data, with_sparkline=True
        ),
    }
    progress(40, f"Reading the {session.focus_theme.name} indicators")
    snap["focus"], snap["focus_count"] = _focus(session, data)
    progress(65, "Reading young people's voice and the actions")
    snap["voice"] = [
        {"group": v.group, "how_heard": v.how_heard, "said": v.said} for v in session.voices.all()
    ]
    snap["actions"] = [
        {
            "id": a.pk,
            "owner": a.owner,
            "what": a.what,
            "due_date": a.due_date.isoformat(),
            "expected_impact": a.expected_impact,
            "impact_by": a.impact_by.isoformat(),
            "status": a.status,
            "status_label": a.get_status_display(),
            "indicators": [{"code": i.code, "name": i.name} for i in a.indicators.all()],
            "updates": [
                {"date": u.date.isoformat(), "status_label": u.get_status_display(), "text": u.text}
                for u in a.updates.all()
            ],
        }
        for a in session.actions.prefetch_related("indicators", "updates")
    ]
    snap["figures"] = _figures(snap)
    return snap


def _focus(session: BoardSession, data: dict) -> tuple[list[dict], int]:
    """The focus section's indicators, each with its chart, figures and commentary, and how
    many indicators the focus theme has. At most PACK_FOCUS_CHARTS of them have a section: the
    theme's exceptions first (Red, then the longest run worse than target), then the rest in
    the dashboard's order; all are in the appendix table. Two queries however many there are."""
    block = next((b for b in data["blocks"] if b.theme.code == session.focus_theme.code), None)
    tiles = block.tiles if block else []
    limit = settings.PACK_FOCUS_CHARTS
    first = exceptions(tiles)
    taken = {t.indicator.pk for t in first}
    chosen = (first + [t for t in tiles if t.indicator.pk not in taken])[:limit]
    ids = [t.indicator.pk for t in chosen]
    end = session.period.end
    series: dict[int, list] = {pk: [] for pk in ids}
    kinds: dict[str, list[int]] = {}
    for tile in chosen:
        kinds.setdefault(tile.indicator.period_kind, []).append(tile.indicator.pk)
    own_kind = Q(pk__in=[])  # each indicator's statuses of its own periods (months, quarters..)
    for kind, pks in kinds.items():
        own_kind |= Q(indicator_id__in=pks, period__kind=kind)
    for row in (
        _latest(
            IndicatorStatus.objects.filter(own_kind, period__end__lte=end, value__isnull=False),
            F("period__start").desc(),
            SERIES_LENGTH,
        )
        .order_by("indicator_id", "period__start")
        .values("indicator_id", "period__code", "period__label", "value", "target", "rag")
    ):
        series[row["indicator_id"]].append(
            {
                "period": row["period__code"],
                "label": row["period__label"],
                "value": _num(row["value"]),
                "target": _num(row["target"]),
                "rag": row["rag"],
            }
        )
    comments: dict[int, list] = {pk: [] for pk in ids}
    for pk, label, text in (
        _latest(
            Return.objects.city()
            .filter(indicator_id__in=ids, status=Return.Status.APPROVED, period__end__lte=end)
            .exclude(commentary=""),
            F("period__end").desc(),
            COMMENTARY_LENGTH,
        )
        .order_by("indicator_id", "-period__end")
        .values_list("indicator_id", "period__label", "commentary")
    ):
        comments[pk].append({"period": label, "text": text})
    # The dashboard's tiles already carry each indicator's projection and benchmarks as at the
    # quarter's end: the focus section reuses them rather than reading them again.
    out = []
    for tile in chosen:
        indicator = tile.indicator
        out.append(
            {
                "benchmarks": [benchmark_json(b) for b in tile.benchmarks],
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "definition": indicator.definition,
                "polarity": indicator.get_polarity_display(),
                "series": series[indicator.pk],
                "commentary": comments[indicator.pk],
                "forecast": forecast_json(tile.forecast),
                "chart_svg": line_chart_svg(
                    series[indicator.pk],
                    unit=indicator.unit,
                    title=f"{indicator.name}: values and target over time",
                ),
            }
        )
    return out, len(tiles)


def _latest(queryset, order_by, n: int):
    """Each indicator's first `n` rows of `queryset` in `order_by`, in one query (a window)."""
    rank = Window(RowNumber(), partition_by=F("indicator_id"), order_by=order_by)
    return queryset.annotate(row=rank).filter(row__lte=n)


def _figures(snap: dict) -> dict:
    """Every figure the pack shows, keyed "CODE|PERIOD": what `revisions_since` compares."""
    period = snap["session"]["period"]["code"]
    figures = {}
    for theme in snap["dashboard"]["themes"]:
        for tile in theme["indicators"]:
            if tile["value"] is not None:
                figures[f"{tile['code']}|{period}"] = tile["value"]
    for item in snap["focus"]:
        for point in item["series"]:
            figures[f"{item['code']}|{point['period']}"] = point["value"]
    return figures


def revisions_since(previous: dict | None, snap: dict) -> list[dict]:
    """Figures in both packs whose value changed: a corrected return shows here."""
    if not previous:
        return []
    names = {t["code"]: t["name"] for th in snap["dashboard"]["themes"] for t in th["indicators"]}
    before = previous.get("figures", {})
    out = []
    for key, value in sorted(snap["figures"].items()):
        if key in before and before[key] != value:
            code, period = key.split("|")
            out.append(
                {
                    "code": code,
                    "name": names.get(code, code),
                    "period": period,
                    "before": before[key],
                    "after": value,
                }
            )
    return out


def period_label(code: str) -> str:
    """The label a reader knows ("September 2019", "Q2 2019/20 (Jul–Sep 2019)") for a period
    code a snapshot keeps ("2019-09"); the code itself if it is not one."""
    try:
        return parse(code).label
    except PeriodError:
        return code


def _exceptions(dashboard: dict) -> list[dict]:
    """The dashboard's exceptions (every Red, and everything worse than target two quarters
    running), as tiles with their theme: the order the dashboard chose, or for a snapshot
    taken before it listed them, the same rule over its tiles."""
    tiles = {}
    for theme in dashboard.get("themes", []):
        for tile in theme["indicators"]:
            tiles.setdefault(
                tile["code"], {**tile, "theme": theme["name"], "theme_code": theme.get("code")}
            )
    if "exceptions" in dashboard:
        return [tiles[code] for code in dashboard["exceptions"] if code in tiles]
    found = [
        t
        for t in tiles.values()
        if t.get("value") is not None and (t["rag"] == "red" or t["quarters_worse"] >= 2)
    ]
    return sorted(found, key=lambda t: (t["rag"] != "red", -t["quarters_worse"], t["name"]))


_ARIA_LABEL = re.compile(r'\srole="img" aria-label="([^"]*)"')


def _sparkline(svg: str) -> tuple[str, str, str]:
    """The sparkline hidden from assistive technology, its figures as text to show to it
    instead (the figures are in the SVG's label: "…, last 8 quarters: 80%, 82%"), and the
    sparkline for the PDF: a figure whose <title> holds those figures.

    In the PDF the figures are the figure's alternate text (WeasyPrint tags an SVG as a
    Figure and takes its Alt from <title>), not a visually hidden span beside it: 192
    absolutely positioned spans in the appendix cost a quarter of the L pack's layout time
    and 24 MB (docs/performance.md)."""
    found = _ARIA_LABEL.search(svg or "")
    if not found:
        return svg or "", "", svg or ""
    from html import unescape

    opening = svg.index(">", found.end()) + 1
    return (
        _ARIA_LABEL.sub(' aria-hidden="true" focusable="false"', svg, count=1),
        unescape(found[1]),
        f"{svg[:opening]}<title>{found[1]}</title>{svg[opening:]}",
    )


def pack_sections(pack: dict) -> list[dict]:
    """The pack's sections in reading order, each a heading with an id: the contents list,
    the headings and the PDF's bookmarks all come from this."""
    session, dashboard = pack.get("session", {}), pack.get("dashboard", {})
    focus = session.get("focus_theme", {}).get("name", "")
    return [
        {"key": "summary", "id": "pack-summary", "label": "Summary and exceptions"},
        {
            "key": "focus",
            "id": "pack-focus",
            "label": f"Focus theme: {focus}" if focus else "Focus theme",
        },
        {"key": "voice", "id": "pack-voice", "label": "What children and young people said"},
        {"key": "actions", "id": "pack-actions", "label": "Actions: who will do what, by when"},
        {
            "key": "dashboard",
            "id": "pack-dashboard",
            "label": (
                f"Appendix: every {focus} indicator, "
                if _focus_only(pack)
                else "Appendix: the full dashboard, "
            )
            + dashboard.get("period", {}).get("label", ""),
        },
    ]


def _focus_only(pack: dict) -> bool:
    """A version 2 snapshot's appendix holds the focus theme only; version 1's, every theme."""
    return pack.get("version", 1) >= 2


def pack_context(snapshot: dict) -> dict:
    """What the pack templates need from a frozen snapshot (the web page, the print page and
    the PDF alike): the snapshot with its period codes as labels, its exceptions and its
    sparklines' figures as text, and the sections for the contents. The snapshot itself is
    not changed."""
    pack = copy.deepcopy(snapshot)
    dashboard = pack.setdefault("dashboard", {})
    for theme in dashboard.get("themes", []):
        for tile in theme["indicators"]:
            tile["quarters_worse"] = tile.get(
                "quarters_worse_than_target", tile.get("quarters_below_target", 0)
            )
            tile["sparkline_svg"], tile["sparkline_text"], tile["sparkline_pdf"] = _sparkline(
                tile.get("sparkline_svg")
            )
    focus_code = pack.get("session", {}).get("focus_theme", {}).get("code")
    focus_only = _focus_only(pack)
    # version 2: the focus theme's exceptions lead the focus section; the summary lists the
    # other themes' (version 1 listed every theme's)
    pack["exception_tiles"] = [
        t for t in _exceptions(dashboard) if not focus_only or t.get("theme_code") != focus_code
    ]
    pack["appendix_themes"] = [
        t for t in dashboard.get("themes", []) if not focus_only or t.get("code") == focus_code
    ]
    pack["focus_more"] = max(0, pack.get("focus_count", 0) - len(pack.get("focus", [])))
    units = {
        t["code"]: t.get("unit", "") for th in dashboard.get("themes", []) for t in th["indicators"]
    }
    for revision in pack.get("revisions", []):
        revision["period_label"] = period_label(revision["period"])
        revision["unit"] = units.get(revision["code"], "")
    sections = pack_sections(pack)
    return {
        "pack": pack,
        "sections": sections,
        "section": {s["key"]: s for s in sections},
        "focus_only": focus_only,
        "rag_order": RAG_ORDER,
    }


def pack_fetcher():
    """WeasyPrint fetches nothing from any network or disk: only data: URIs."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols=["data"])


def pack_pdf(snapshot: dict) -> bytes:
    html = render_to_string(
        "outcomes/pack_print.html",
        {**pack_context(snapshot), "council_name": settings.COUNCIL_NAME, "for_pdf": True},
    )
    return pack_document(html).write_pdf(pdf_variant=PDF_VARIANT)


# Tagged for assistive technology (PDF/UA-1: structure, reading order, language, title).
PDF_VARIANT = "pdf/ua-1"


def pack_document(html: str):
    """The laid-out PDF document (its pages and bookmarks) for the pack's print HTML."""
    from weasyprint import HTML

    return HTML(string=html, base_url="data:,", url_fetcher=pack_fetcher()).render(
        pdf_variant=PDF_VARIANT
    )
