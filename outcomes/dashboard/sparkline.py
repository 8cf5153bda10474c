"""Small server-side SVG trend lines: one per dashboard tile, no JavaScript."""

from __future__ import annotations

from decimal import Decimal
from html import escape


def sparkline_svg(
    values: list[Decimal | None], *, label: str, width: int = 120, height: int = 28
) -> str:
    """An inline SVG polyline of the values (gaps where None), described by `label`."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    title = escape(label)
    if len(points) < 2:
        return (
            f'<svg class="app-sparkline" role="img" aria-label="{title}" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}"></svg>'
        )
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = (high - low) or Decimal(1)
    step = (width - 4) / max(len(values) - 1, 1)

    def xy(i: int, v: Decimal) -> str:
        y = height - 3 - float((v - low) / span) * (height - 6)
        return f"{2 + i * step:.1f},{y:.1f}"

    path = " ".join(xy(i, v) for i, v in points)
    last_x, last_y = xy(*points[-1]).split(",")
    return (
        f'<svg class="app-sparkline" role="img" aria-label="{title}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">'
        f'<polyline fill="none" stroke="#0b0c0c" stroke-width="1.5" points="{path}"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2.5" fill="#0b0c0c"/></svg>'
    )


# Each comparator its own shape, so the picture never relies on colour.
COMPARATOR_SHAPES = {
    "england": "diamond",
    "north_west": "triangle",
    "stat_neighbours": "square",
    "gm": "circle",
}


def _shape(kind: str, x: float, y: float) -> str:
    if kind == "diamond":
        corners = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{corners}"/>'
    if kind == "triangle":
        corners = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{corners}"/>'
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5"/>'


def benchmark_strip_svg(
    value, benchmarks, *, label: str, width: int = 140, height: int = 24
) -> str:
    """Manchester (a bar) against each comparator (a shape) on one scale: a dot plot small
    enough for a table cell. `label` is the same comparison in words, for screen readers."""
    points = [(b.comparator, Decimal(b.value)) for b in benchmarks if b.value is not None]
    if value is None or not points:
        return ""
    values = [Decimal(value), *(v for _, v in points)]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)

    def x(v: Decimal) -> float:
        return 8 + float((v - low) / span) * (width - 16)

    mid = height / 2
    marks = "".join(_shape(COMPARATOR_SHAPES.get(code, "circle"), x(v), mid) for code, v in points)
    return (
        f'<svg class="app-benchmark-strip" role="img" aria-label="{escape(label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<line x1="4" y1="{mid}" x2="{width - 4}" y2="{mid}" stroke="#b1b4b6"/>'
        f'<g fill="#505a5f" stroke="#ffffff" stroke-width="1">{marks}</g>'
        f'<rect x="{x(Decimal(value)) - 1.5:.1f}" y="2" width="3" height="{height - 4}" '
        f'fill="#0b0c0c"/></svg>'
    )
