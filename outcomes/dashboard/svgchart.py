"""The Board pack's charts: static SVG drawn on the server, so a pack prints and turns into a
PDF with no JavaScript and no network. Values line, target as steps, RAG markers shaped and
coloured (circle Green, triangle Amber, square Red), so colour is never the only cue."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from indicators.figures import figure_text
from indicators.rag_style import rag_style


def _marker(rag: str, x: float, y: float) -> str:
    colour = rag_style(rag).colour
    if rag == "amber":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} '
            f'{x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
        )
    if rag == "red":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if rag == "green":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#ffffff" stroke="{colour}" '
        f'stroke-width="1.5"/>'
    )


def line_chart_svg(
    series: list[dict], *, title: str, unit: str = "", width: int = 600, height: int = 240
) -> str:
    """series: oldest first, dicts with label, value, target (either may be None) and rag."""
    left, right, top, bottom = 56, 16, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [
        Decimal(str(s[k])) for s in series for k in ("value", "target") if s.get(k) is not None
    ]
    label = escape(title)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-pack-chart" role="img" '
        f'aria-label="{label}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Arial, sans-serif" font-size="11">'
        f"<title>{label}</title>"
    )
    if not numbers:
        return head + (
            f'<text x="{left}" y="{top + 20}" fill="#0b0c0c">No figures to chart.</text></svg>'
        )
    low, high = min(numbers), max(numbers)
    pad = (high - low) * Decimal("0.1") or abs(high) * Decimal("0.1") or Decimal(1)
    low, high = low - pad, high + pad
    if low < 0 <= min(numbers):
        low = Decimal(0)
    if unit == "percent" and high > 100 >= max(numbers):
        high = Decimal(100)
    step = plot_w / max(len(series) - 1, 1)

    def x(i: int) -> float:
        return left + i * step if len(series) > 1 else left + plot_w / 2

    def y(v) -> float:
        return top + plot_h - float((Decimal(str(v)) - low) / (high - low)) * plot_h

    parts = [
        head,
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" '
        f'stroke="#b1b4b6"/>',
    ]
    for v in (low, (low + high) / 2, high):
        parts.append(
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" '
            f'fill="#0b0c0c">{figure_text(v, unit)}</text>'
        )
    target_path = []
    for i, s in enumerate(series):
        if s.get("target") is None:
            continue
        half = step / 2 if len(series) > 1 else plot_w / 2
        target_path.append(
            f"M{max(left, x(i) - half):.1f},{y(s['target']):.1f} "
            f"H{min(left + plot_w, x(i) + half):.1f}"
        )
    if target_path:
        parts.append(
            f'<path d="{" ".join(target_path)}" stroke="#0b0c0c" stroke-width="1.5" '
            f'stroke-dasharray="6 4" fill="none"/>'
        )
    points = [
        (x(i), y(s["value"]), s.get("rag", ""))
        for i, s in enumerate(series)
        if s.get("value") is not None
    ]
    if len(points) > 1:
        line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#1d70b8" stroke-width="2"/>')
    parts.extend(_marker(rag, px, py) for px, py, rag in points)
    for i in sorted({0, len(series) - 1}):
        anchor = "start" if i == 0 and len(series) > 1 else "end" if i else "middle"
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="{anchor}" '
            f'fill="#0b0c0c">{escape(series[i]["label"])}</text>'
        )
    legend_y = height - 8
    parts.append(
        f'<text x="{left}" y="{legend_y}" fill="#0b0c0c">Blue line: value. Dashed: '
        f"target. Circle Green, triangle Amber, square Red.</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
