"""Year-end projection: a straight-line trend over the recent figures, rated like a return.

The rule, in words (docs/board.md says the same):
- Take the indicator's approved figures in its own periods (months, quarters or years) up to
  the period being looked at: at most the last RECENT of them.
- Fit a least-squares straight line through them and read it at the year end. For a
  cumulative count, the line is fitted through each period's own amount and the year end is
  the year-to-date so far plus the line's values for the periods still to come.
- Rate the projection against the year's target with the ordinary RAG rules: Green is
  "on course", Amber "at risk", Red "off course".
- Keep it within the unit's range: percentages within 0-100; counts, days, averages and
  rates never below 0 (for a cumulative count, each period still to come is bounded).
- Fewer than MIN_FIGURES (3) figures in the window: no projection. A year already complete
  is not projected: its figure is the actual.
- Shown with the year target it is rated against: "Projected 59.7 against 60 for 2026/27"
  (`Projection.text`), figures under the precision rule of indicators.figures.

Pure: no Django import, Decimal in and out, so the rule is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import rag
from .figures import figure_text

RECENT = 6
MIN_FIGURES = 3
PERCENT_MAX = Decimal(100)
ON_COURSE = "on_course"
AT_RISK = "at_risk"
OFF_COURSE = "off_course"
FLAG_LABELS = {ON_COURSE: "On course", AT_RISK: "At risk", OFF_COURSE: "Off course"}
_FLAG_FOR_RAG = {rag.GREEN: ON_COURSE, rag.AMBER: AT_RISK, rag.RED: OFF_COURSE}


@dataclass(frozen=True)
class Point:
    """One figure: `index` counts the indicator's own periods (consecutive integers)."""

    index: int
    value: Decimal
    label: str


@dataclass(frozen=True)
class Projection:
    value: Decimal
    flag: str
    target: Decimal
    year_label: str
    used: tuple[str, ...]  # labels of the figures the line went through
    slope: Decimal  # change per period
    complete: bool  # the year is over: value is the actual figure
    explanation: str
    text: str = ""  # "Projected 59.7 against 60 for 2026/27"

    @property
    def flag_label(self) -> str:
        return FLAG_LABELS[self.flag]


def _fit(points: list[Point]) -> tuple[Decimal, Decimal]:
    """Least-squares line through the points: (intercept, slope)."""
    n = Decimal(len(points))
    mean_x = sum(Decimal(p.index) for p in points) / n
    mean_y = sum(p.value for p in points) / n
    sxx = sum((Decimal(p.index) - mean_x) ** 2 for p in points)
    sxy = sum((Decimal(p.index) - mean_x) * (p.value - mean_y) for p in points)
    slope = sxy / sxx if sxx else Decimal(0)
    return mean_y - slope * mean_x, slope


def bounded(value: Decimal, unit: str) -> Decimal:
    """Within the unit's range: 0-100 for a percentage, never below 0 for anything else
    (counts, days, averages and rates)."""
    value = max(value, Decimal(0))
    if unit == "percent":
        value = min(value, PERCENT_MAX)
    return value


def project(
    *,
    points: list[Point],
    year_end_index: int,
    year_label: str,
    target,
    band=None,
    polarity: str,
    unit: str,
    cumulative: bool = False,
    ytd: Decimal | None = None,
) -> Projection | None:
    """The year-end projection, or None with no target or fewer than MIN_FIGURES figures.

    points: the recent figures, oldest first (for a cumulative count, each period's own
    amount). year_end_index: the index the year ends on. ytd: for a cumulative count, the
    year-to-date total so far (the sum of this year's figures).
    """
    if target is None:
        return None
    target = Decimal(target)
    points = sorted(points, key=lambda p: p.index)[-RECENT:]
    last = points[-1] if points else None
    if last is not None and last.index >= year_end_index:
        actual = (ytd or Decimal(0)) if cumulative else last.value
        return _result(
            actual,
            target,
            band,
            polarity,
            unit,
            year_label,
            (last.label,),
            Decimal(0),
            complete=True,
        )
    if len(points) < MIN_FIGURES:
        return None
    intercept, slope = _fit(points)
    if cumulative:
        remaining = range(last.index + 1, year_end_index + 1)
        value = (ytd or Decimal(0)) + sum(
            (bounded(intercept + slope * i, unit) for i in remaining), Decimal(0)
        )
    else:
        value = intercept + slope * year_end_index
    return _result(
        bounded(value, unit),
        target,
        band,
        polarity,
        unit,
        year_label,
        tuple(p.label for p in points),
        slope,
        complete=False,
    )


def _result(value, target, band, polarity, unit, year_label, used, slope, *, complete):
    # Rated as stored and shown (4 decimal places), so the flag and the digits agree.
    value = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    rating = rag.rate_snapshot(value=value, target=target, polarity=polarity, band=band)
    flag = _FLAG_FOR_RAG[rating.rag]
    shown = figure_text(value, unit, against=target)
    shown_target = figure_text(target, unit, against=value)
    if complete:
        how = f"The year is complete: {year_label} ended at {shown}"
    else:
        span = used[0] if len(used) == 1 else f"{used[0]} to {used[-1]}"
        how = (
            f"Projection: {shown} by the end of {year_label}, from a straight-line "
            f"trend over {len(used)} figures ({span})"
        )
    explanation = f"{how}, against a target of {shown_target}: {FLAG_LABELS[flag].lower()}."
    text = (
        f"{'Actual' if complete else 'Projected'} {shown} against {shown_target} for {year_label}"
    )
    return Projection(
        value=value,
        flag=flag,
        target=target,
        year_label=year_label,
        used=used,
        slope=slope.quantize(Decimal("0.0001")),
        complete=complete,
        explanation=explanation,
        text=text,
    )
