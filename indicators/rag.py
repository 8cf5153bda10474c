"""The RAG rules (DOMAIN.md), as pure functions with no Django import. Decimal only.

Higher is better: Green if value >= target; Amber if value >= target - band; else Red.
Lower is better: Green if value <= target; Amber if value <= target + band; else Red.
With no band set the band is 5% of the target. A cumulative count compares its year-to-date
sum with the pro-rata target (target x months elapsed / 12), band 5% of that pro-rata target.
No value: No data. No target: Not rated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

GREEN = "green"
AMBER = "amber"
RED = "red"
NO_DATA = "no_data"
NOT_RATED = "not_rated"
RAGS = (GREEN, AMBER, RED, NO_DATA, NOT_RATED)
# Order of merit for comparisons: a better rating has a higher rank.
RANK = {RED: 0, AMBER: 1, GREEN: 2}

IMPROVING = "improving"
WORSENING = "worsening"
NO_CHANGE = "no_change"

HIGHER = "higher"
LOWER = "lower"

DEFAULT_BAND_SHARE = Decimal("0.05")


class Rating(NamedTuple):
    """A rating and what it was made from (a tuple: a frozen dataclass costs twice as much to
    make, and a full recompute makes 125,000 of them at Greater Manchester scale)."""

    rag: str
    value: Decimal | None
    target: Decimal | None
    band: Decimal | None


def _dec(x) -> Decimal | None:
    if x.__class__ is Decimal:  # the usual case, first: a full recompute makes 700,000 calls
        return x
    if x is None:
        return None
    if isinstance(x, float):
        raise TypeError("RAG rules take Decimal, never float.")
    return x if isinstance(x, Decimal) else Decimal(x)


def default_band(target: Decimal) -> Decimal:
    """5% of the target (of its size, so a negative target still gives a positive band)."""
    return abs(_dec(target)) * DEFAULT_BAND_SHARE


def rate(*, value, target, polarity: str, band=None) -> str:
    """The RAG of a value against a target, by polarity."""
    return rate_snapshot(value=value, target=target, polarity=polarity, band=band).rag


def rate_snapshot(*, value, target, polarity: str, band=None) -> Rating:
    value, target, band = _dec(value), _dec(target), _dec(band)
    if polarity not in (HIGHER, LOWER):
        raise ValueError(f"Polarity must be '{HIGHER}' or '{LOWER}', not {polarity!r}.")
    if value is None:
        return Rating(NO_DATA, None, target, band)
    if target is None:
        return Rating(NOT_RATED, value, None, None)
    if band is None:
        band = default_band(target)
    if band < 0:
        raise ValueError("An amber band cannot be negative.")
    if polarity == HIGHER:
        rag = GREEN if value >= target else AMBER if value >= target - band else RED
    else:
        rag = GREEN if value <= target else AMBER if value <= target + band else RED
    return Rating(rag, value, target, band)


def pro_rata_target(*, annual_target, months_elapsed: int) -> Decimal:
    if not 0 <= months_elapsed <= 12:
        raise ValueError("Months elapsed must be 0 to 12.")
    return _dec(annual_target) * months_elapsed / 12


def rate_cumulative(
    *, ytd_value, annual_target, months_elapsed: int, polarity: str, band=None
) -> Rating:
    """Year-to-date sum against the pro-rata target; default band 5% of the pro-rata target.

    An explicit band is set against the annual target, so it is pro-rated too.
    """
    if annual_target is None:
        return rate_snapshot(value=ytd_value, target=None, polarity=polarity)
    target = pro_rata_target(annual_target=annual_target, months_elapsed=months_elapsed)
    if band is not None:
        band = _dec(band) * months_elapsed / 12
    return rate_snapshot(value=ytd_value, target=target, polarity=polarity, band=band)


def direction(*, current, previous, polarity: str) -> str | None:
    """Improving, worsening or no change against the previous period; None without both."""
    current, previous = _dec(current), _dec(previous)
    if current is None or previous is None:
        return None
    if current == previous:
        return NO_CHANGE
    better = current > previous if polarity == HIGHER else current < previous
    return IMPROVING if better else WORSENING
