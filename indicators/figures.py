"""How a figure is shown and put into words: one rule for tiles, summary, packs and projections.

Precision (docs/rag.md, "Showing figures"): a figure is shown to one decimal place, an integer
without decimals. When a value differs from its target but both would show the same at one
decimal place, both are shown with as many decimals (up to MAX_PLACES) as it takes for them to
differ, so the words and the RAG are never contradicted by the digits: 89.96 against 90 shows
"89.96% against 90%", never "90% against 90%".

Words: "above/below target" says where the number is; "better/worse" says what that means for
the indicator's polarity: "16 against a target of 15: above target (worse: lower is better)".

Pure: no Django import, Decimal in and out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PLACES = 1
MAX_PLACES = 4
# Every figure is shown with its unit (docs/rag.md, "Showing figures"): 91.5%, 1,131,
# 17.7 per worker, 426 days, 35.2 per 10,000. Thousands are grouped with commas.
UNIT_SUFFIX = {
    "percent": "%",
    "days": " days",
    "average": " per worker",
    "rate_1000": " per 1,000",
    "rate_10000": " per 10,000",
    "rate_100000": " per 100,000",
}
HIGHER = "higher"
LOWER = "lower"
ABOVE, BELOW, ON = "above", "below", "on"
BETTER, WORSE = "better", "worse"


def as_decimal(value) -> Decimal | None:
    """A stored figure (Decimal, int or the text a frozen pack keeps) as a Decimal."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def places_for(value, target) -> int:
    """Decimal places that show `value` and `target` apart when they differ (1 to 4)."""
    value, target = as_decimal(value), as_decimal(target)
    if value is None or target is None or value == target:
        return PLACES
    for places in range(PLACES, MAX_PLACES + 1):
        if _round(value, places) != _round(target, places):
            return places
    return MAX_PLACES


def number_text(value, places: int = PLACES) -> str:
    """The number alone: an integer without decimals, otherwise `places` decimals with
    trailing zeros after the first dropped (86.2, 90.0, 89.96); thousands grouped (1,131)."""
    number = as_decimal(value)
    if number is None:
        return "–"
    if number == number.to_integral_value():
        return f"{number.to_integral_value() if number else Decimal(0):,f}"
    rounded = _round(number, places)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:,f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0") or "0"
    return f"{whole}.{decimals}"


def unit_suffix(value, unit: str) -> str:
    """What follows the number: "%", " days" (" day" for exactly one), " per worker"."""
    suffix = UNIT_SUFFIX.get(unit, "")
    if unit == "days" and as_decimal(value) == 1:
        return " day"
    return suffix


def figure_text(value, unit: str = "", *, against=None) -> str:
    """A figure with its unit ("86.2%", "426 days", "1,131"), shown apart from `against` (its
    target, or for a target its value) under the precision rule. "–" when there is none."""
    if as_decimal(value) is None:
        return "–" if value in (None, "") else str(value)
    return number_text(value, places_for(value, against)) + unit_suffix(value, unit)


@dataclass(frozen=True)
class Comparison:
    position: str  # above, below or on (target)
    verdict: str | None  # better or worse; None when on target
    polarity: str

    @property
    def text(self) -> str:
        """e.g. "above target (worse: lower is better)"; "on target"."""
        if self.position == ON:
            return "on target"
        return f"{self.position} target ({self.verdict}: {self.polarity} is better)"


def compare(value, target, polarity: str) -> Comparison | None:
    """Where the value is against its target, by the numbers, and whether that is better or
    worse by the polarity. None without both figures."""
    value, target = as_decimal(value), as_decimal(target)
    if value is None or target is None:
        return None
    if value == target:
        return Comparison(ON, None, polarity)
    position = ABOVE if value > target else BELOW
    better = (position == ABOVE) == (polarity == HIGHER)
    return Comparison(position, BETTER if better else WORSE, polarity)


def against_target(value, target, unit: str, polarity: str, *, cumulative: bool = False) -> str:
    """The sentence part the summary and packs use: "16 against a target of 15: above target
    (worse: lower is better)". A cumulative count says its figures are year to date."""
    comparison = compare(value, target, polarity)
    if comparison is None:
        return figure_text(value, unit)
    so_far, kind = (" year to date", "pro-rata target") if cumulative else ("", "target")
    return (
        f"{figure_text(value, unit, against=target)}{so_far} against a {kind} of "
        f"{figure_text(target, unit, against=value)}: {comparison.text}"
    )
