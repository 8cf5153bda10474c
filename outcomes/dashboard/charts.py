"""The indicator page's Plotly chart: values, target steps by year, amber band, RAG markers."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators import periods as cal
from indicators.models import Indicator, IndicatorStatus
from indicators.provenance import DEMO, REAL, Marks
from indicators.rag_style import STYLES

# Colour and shape together, so a marker never relies on colour alone.
MARKERS = {code: (style.colour, style.marker) for code, style in STYLES.items()}


# The chart's range buttons (?range=...): how many years of figures, None for all of them.
RANGES = {"3y": ("3 years", 3), "5y": ("5 years", 5), "all": ("All", None)}
DEFAULT_RANGE = "3y"
PER_YEAR = {cal.MONTH: 12, cal.FIN_QUARTER: 4}


def range_limit(indicator: Indicator, chart_range: str = DEFAULT_RANGE) -> int | None:
    """How many of the indicator's own periods a range shows: its years times the periods in
    a year (12 months, 4 quarters or 1 year); None for "all"."""
    years = RANGES.get(chart_range, RANGES[DEFAULT_RANGE])[1]
    return None if years is None else years * PER_YEAR.get(indicator.period_kind, 1)


def chart_series(*, indicator: Indicator, limit: int | None = 36) -> list[IndicatorStatus]:
    """The indicator's own periods with a value, oldest first (the latest `limit`; all of them
    for None)."""
    rows = IndicatorStatus.objects.filter(
        indicator=indicator, period__kind=indicator.period_kind, value__isnull=False
    ).select_related("period")
    rows = rows.order_by("-period__start")
    return list(rows if limit is None else rows[:limit])[::-1]


# Each comparator its own dash and marker, so the lines differ without colour; every colour
# has at least 3:1 contrast on white (WCAG 1.4.11), as has the amber band's edge.
BENCHMARK_STYLES = {
    "england": ("#4c2c92", "dot", "diamond"),
    "north_west": ("#00695c", "dash", "x"),
    "stat_neighbours": ("#a0235f", "dashdot", "star"),
    "gm": ("#505a5f", "longdash", "cross"),
}
TARGET_COLOUR = "#0b0c0c"
VALUE_COLOUR = "#1d70b8"
BAND_EDGE_COLOUR = "#b35c00"  # the Amber RAG colour, 4.6:1 on white
BAND_FILL = "rgba(255, 191, 71, 0.25)"
# A target inferred or carried forward, not stated in a document: its own dash and label.
INFERRED_TARGET_DASH = "dashdot"
INFERRED_TARGET_LABEL = "Target inferred or carried forward (not stated in a document)"
# A real figure from a source document sits on a filled black hexagon (a diamond is Not
# rated's marker); a demo figure's RAG marker is smaller. Shape and size, and the key's words,
# not colour alone.
REAL_LABEL = "Real figure (source document)"
REAL_MARKER = {"symbol": "hexagon", "size": 20, "color": "#0b0c0c"}
DEMO_LABEL = "Demo figure (smaller marker, invented for the demo)"
VALUE_SIZE, DEMO_SIZE = 10, 7
NO_MARKS = Marks({}, {})


def benchmark_lines(benchmarks) -> dict[str, list]:
    """Each comparator that has values, in comparator order, with its rows by period end."""
    by_comparator: dict[str, list] = {code: [] for code in BENCHMARK_STYLES}
    for row in sorted(benchmarks, key=lambda b: b.period.end):
        by_comparator[row.comparator].append(row)
    return {code: rows for code, rows in by_comparator.items() if rows}


def chart_table(*, series: list[IndicatorStatus], benchmarks=(), marks: Marks = NO_MARKS) -> dict:
    """The chart's figures as table rows, one per date on the x axis (a period's end), oldest
    first: the indicator's own value, target and RAG, then each comparator's value.

    {"comparators": [(code, label)], "rows": [{"label", "status", "source", "target_record",
    "benchmarks": [value|None]}]}: source is the figure's provenance, target_record the Target
    that applies (stated or inferred), from `marks`.
    """
    lines = benchmark_lines(benchmarks)
    by_end: dict = {}
    for s in series:
        by_end.setdefault(s.period.end, {"label": s.period.label, "status": s, "benchmarks": {}})
    for comparator, rows in lines.items():
        for row in rows:
            entry = by_end.setdefault(
                row.period.end, {"label": row.period.label, "status": None, "benchmarks": {}}
            )
            entry["benchmarks"][comparator] = row
    comparators = [(code, rows[0].get_comparator_display()) for code, rows in lines.items()]
    table = []
    for end in sorted(by_end):
        entry = by_end[end]
        status = entry["status"]
        table.append(
            {
                "label": entry["label"],
                "end": end,
                "status": status,
                "source": marks.source(status) if status else None,
                "target_record": marks.target(status) if status else None,
                "benchmarks": [entry["benchmarks"].get(code) for code, _ in comparators],
            }
        )
    return {"comparators": comparators, "rows": table}


# Plotly's dash names as SVG stroke-dasharray, for the key's line samples.
DASHARRAY = {"solid": "", "dot": "2 3", "dash": "6 3", "dashdot": "6 3 2 3", "longdash": "10 4"}


def chart_legend(*, series, benchmarks=(), marks: Marks = NO_MARKS) -> list[dict]:
    """The chart's key, drawn as HTML below it: each line's name, colour and dash pattern
    (an SVG sample), or a marker's shape, in the order the traces are drawn."""
    key = []
    with_target = [s for s in series if s.target is not None]
    inferred = [s for s in with_target if _is_inferred(marks, s)]
    if with_target:
        if len(inferred) < len(with_target):
            key.append({"label": "Target", "colour": TARGET_COLOUR, "dash": "dash"})
        if inferred:
            key.append(
                {
                    "label": INFERRED_TARGET_LABEL,
                    "colour": TARGET_COLOUR,
                    "dash": INFERRED_TARGET_DASH,
                }
            )
        key.append({"label": "Amber band (shaded)", "colour": BAND_EDGE_COLOUR, "dash": "dot"})
    if any(_source_kind(marks, s) == REAL for s in series):
        key.append(
            {"label": REAL_LABEL, "colour": REAL_MARKER["color"], "dash": "", "marker": "hexagon"}
        )
    key.append({"label": "Value (marker shape by RAG)", "colour": VALUE_COLOUR, "dash": "solid"})
    if any(_source_kind(marks, s) == DEMO for s in series):
        key.append({"label": DEMO_LABEL, "colour": VALUE_COLOUR, "dash": "", "marker": "circle"})
    for comparator, rows in benchmark_lines(benchmarks).items():
        colour, dash, _ = BENCHMARK_STYLES[comparator]
        label = f"{rows[0].get_comparator_display()} (benchmark)"
        key.append({"label": label, "colour": colour, "dash": dash, "code": comparator})
    for entry in key:
        entry["dasharray"] = DASHARRAY.get(entry["dash"], "")
    return key


def _is_inferred(marks: Marks, status) -> bool:
    target = marks.target(status)
    return target is not None and target.is_inferred


def _source_kind(marks: Marks, status) -> str | None:
    source = marks.source(status)
    return source.kind if source else None


def indicator_figure(
    *,
    indicator: Indicator,
    series: list[IndicatorStatus],
    benchmarks=(),
    marks: Marks = NO_MARKS,
) -> str:
    """Plotly figure JSON for the page (rendered by static/js, no inline script)."""
    x = [s.period.end.isoformat() for s in series]
    fig = go.Figure()
    targets = [s.target for s in series]
    inferred = [_is_inferred(marks, s) for s in series]
    if any(t is not None for t in targets):
        bands = [s.band for s in series]
        sign = -1 if indicator.polarity == "higher" else 1
        edge = [
            None if t is None or b is None else float(t + sign * b)
            for t, b in zip(targets, bands, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=edge,
                mode="lines",
                name="Edge of the amber band",
                line={"width": 1.5, "shape": "hv", "color": BAND_EDGE_COLOUR, "dash": "dot"},
                hoverinfo="skip",
            )
        )
        y = [None if t is None else float(t) for t in targets]
        target_line = {"color": TARGET_COLOUR, "dash": "dash", "shape": "hv"}
        if any(inferred):
            # the band's fill follows every year's target; the lines over it tell stated
            # targets from inferred ones
            target_line = {"color": TARGET_COLOUR, "width": 0, "shape": "hv"}
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name="Target (amber band shaded)",
                line=target_line,
                fill="tonexty",
                fillcolor=BAND_FILL,
            )
        )
        if any(inferred):
            for name, dash, keep in (
                ("Target", "dash", False),
                (INFERRED_TARGET_LABEL, INFERRED_TARGET_DASH, True),
            ):
                fig.add_trace(
                    go.Scatter(
                        x=x,
                        y=[v if i == keep else None for v, i in zip(y, inferred, strict=True)],
                        mode="lines",
                        name=name,
                        line={"color": TARGET_COLOUR, "dash": dash, "shape": "hv", "width": 2},
                        hoverinfo="skip",
                    )
                )
    sources = [marks.source(s) for s in series]
    real = [i for i, source in enumerate(sources) if source is not None and source.is_real]
    if real:
        # drawn first, so each real figure's RAG marker sits on its hexagon
        fig.add_trace(
            go.Scatter(
                x=[x[i] for i in real],
                y=[float(series[i].value) for i in real],
                mode="markers",
                name=REAL_LABEL,
                marker=REAL_MARKER,
                text=[f"{series[i].period.label}: {sources[i].label}" for i in real],
                hovertemplate="%{text}<br>%{y}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[float(s.value) for s in series],
            mode="lines+markers",
            name="Value",
            line={"color": VALUE_COLOUR},
            marker={
                "size": [
                    DEMO_SIZE if source is not None and source.kind == DEMO else VALUE_SIZE
                    for source in sources
                ],
                "color": [MARKERS[s.rag][0] for s in series],
                "symbol": [MARKERS[s.rag][1] for s in series],
            },
            text=[
                f"{s.period.label}: {s.get_rag_display()}"
                + (f" ({source.label})" if source is not None else "")
                for s, source in zip(series, sources, strict=True)
            ],
            hovertemplate="%{text}<br>%{y}<extra></extra>",
        )
    )
    for comparator, rows in benchmark_lines(benchmarks).items():
        colour, dash, symbol = BENCHMARK_STYLES[comparator]
        fig.add_trace(
            go.Scatter(
                x=[r.period.end.isoformat() for r in rows],
                y=[float(r.value) for r in rows],
                mode="lines+markers",
                name=f"{rows[0].get_comparator_display()} (benchmark)",
                line={"color": colour, "dash": dash, "width": 1.5},
                marker={"symbol": symbol, "size": 8, "color": colour},
                text=[f"{r.get_comparator_display()}, {r.period.label}" for r in rows],
                hovertemplate="%{text}<br>%{y}<extra></extra>",
            )
        )
    # The key is HTML under the chart (chart_legend): it wraps at any width, and no series can
    # be hidden by a mouse click on a legend entry.
    fig.update_layout(
        margin={"l": 50, "r": 12, "t": 12, "b": 40},
        height=320,
        showlegend=False,
        # The look of Plotly's "simple_white", set directly: a template carries defaults for
        # every trace type, which the browser would process on each draw.
        template="none",
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        font={"family": "system-ui, -apple-system, 'Segoe UI', Arial, sans-serif", "size": 14},
        xaxis={"showline": True, "linecolor": "#505a5f", "ticks": "outside", "showgrid": False},
        yaxis={
            "title": indicator.get_unit_display(),
            "showline": True,
            "linecolor": "#505a5f",
            "ticks": "outside",
            "showgrid": False,
            "zeroline": False,
        },
    )
    return fig.to_json()
