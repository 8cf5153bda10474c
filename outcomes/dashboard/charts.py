"""The indicator page's Plotly chart: values, target steps by year, amber band, RAG markers."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.models import Indicator, IndicatorStatus
from indicators.rag_style import STYLES

# Colour and shape together, so a marker never relies on colour alone.
MARKERS = {code: (style.colour, style.marker) for code, style in STYLES.items()}


def chart_series(*, indicator: Indicator, limit: int = 36) -> list[IndicatorStatus]:
    """The indicator's own periods with a value, oldest first (at most `limit`)."""
    rows = list(
        IndicatorStatus.objects.filter(
            indicator=indicator, period__kind=indicator.period_kind, value__isnull=False
        )
        .select_related("period")
        .order_by("-period__start")[:limit]
    )
    return rows[::-1]


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


def benchmark_lines(benchmarks) -> dict[str, list]:
    """Each comparator that has values, in comparator order, with its rows by period end."""
    by_comparator: dict[str, list] = {code: [] for code in BENCHMARK_STYLES}
    for row in sorted(benchmarks, key=lambda b: b.period.end):
        by_comparator[row.comparator].append(row)
    return {code: rows for code, rows in by_comparator.items() if rows}


def chart_table(*, series: list[IndicatorStatus], benchmarks=()) -> dict:
    """The chart's figures as table rows, one per date on the x axis (a period's end), oldest
    first: the indicator's own value, target and RAG, then each comparator's value.

    {"comparators": [(code, label)], "rows": [{"label", "status", "benchmarks": [value|None]}]}
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
        table.append(
            {
                "label": entry["label"],
                "end": end,
                "status": entry["status"],
                "benchmarks": [entry["benchmarks"].get(code) for code, _ in comparators],
            }
        )
    return {"comparators": comparators, "rows": table}


# Plotly's dash names as SVG stroke-dasharray, for the key's line samples.
DASHARRAY = {"solid": "", "dot": "2 3", "dash": "6 3", "dashdot": "6 3 2 3", "longdash": "10 4"}


def chart_legend(*, series, benchmarks=()) -> list[dict]:
    """The chart's key, drawn as HTML below it: each line's name, colour and dash pattern
    (an SVG sample), in the order the traces are drawn."""
    key = []
    if any(s.target is not None for s in series):
        key.append({"label": "Target", "colour": TARGET_COLOUR, "dash": "dash"})
        key.append({"label": "Amber band (shaded)", "colour": BAND_EDGE_COLOUR, "dash": "dot"})
    key.append({"label": "Value (marker shape by RAG)", "colour": VALUE_COLOUR, "dash": "solid"})
    for comparator, rows in benchmark_lines(benchmarks).items():
        colour, dash, _ = BENCHMARK_STYLES[comparator]
        label = f"{rows[0].get_comparator_display()} (benchmark)"
        key.append({"label": label, "colour": colour, "dash": dash, "code": comparator})
    for entry in key:
        entry["dasharray"] = DASHARRAY[entry["dash"]]
    return key


def indicator_figure(*, indicator: Indicator, series: list[IndicatorStatus], benchmarks=()) -> str:
    """Plotly figure JSON for the page (rendered by static/js, no inline script)."""
    x = [s.period.end.isoformat() for s in series]
    fig = go.Figure()
    targets = [s.target for s in series]
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
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[None if t is None else float(t) for t in targets],
                mode="lines",
                name="Target (amber band shaded)",
                line={"color": TARGET_COLOUR, "dash": "dash", "shape": "hv"},
                fill="tonexty",
                fillcolor=BAND_FILL,
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
                "size": 10,
                "color": [MARKERS[s.rag][0] for s in series],
                "symbol": [MARKERS[s.rag][1] for s in series],
            },
            text=[f"{s.period.label}: {s.get_rag_display()}" for s in series],
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
