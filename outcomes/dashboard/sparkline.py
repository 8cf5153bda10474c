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
