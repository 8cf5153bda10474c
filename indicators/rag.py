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


def is_higher(polarity: str) -> bool:
    """Whether higher is better, for a polarity the rules know (else ValueError)."""
    if polarity not in (HIGHER, LOWER):
        raise ValueError(f"Polarity must be '{HIGHER}' or '{LOWER}', not {polarity!r}.")
    return polarity == HIGHER


def rate_snapshot(*, value, target, polarity: str, band=None) -> Rating:
    value, target, band = _dec(value), _dec(target), _dec(band)
    rag, target, band = judge(value, target, band, is_higher(polarity))
    return Rating(rag, value, target, band)


def judge(
    value: Decimal | None,
    target: Decimal | None,
    band: Decimal | None,
    higher: bool,
    months: int | None = None,
) -> tuple[str, Decimal | None, Decimal | None]:
    """The rules themselves, in one positional call: (RAG, target, band), the target and band
    as rated. `months` given: a year-to-date value against the pro-rata share of an annual
    target and band (rate_cumulative); none: a snapshot (rate_snapshot).

    Takes Decimal or None only, and a checked polarity (`higher`): rate_snapshot and
    rate_cumulative check what they are given, then call this; the RAG engine checks once per
    indicator and calls this once per status (docs/performance.md)."""
    if months is not None:
        if target is None:
            band = None
        else:
            target = target * months / 12
            if band is not None:
                band = band * months / 12
    if value is None:
        return NO_DATA, target, band
    if target is None:
        return NOT_RATED, None, None
    if band is None:
        band = default_band(target)
    elif band < 0:
        raise ValueError("An amber band cannot be negative.")
    if higher:
        rag = GREEN if value >= target else AMBER if value >= target - band else RED
    else:
        rag = GREEN if value <= target else AMBER if value <= target + band else RED
    return rag, target, band


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
    if not 0 <= months_elapsed <= 12:
        raise ValueError("Months elapsed must be 0 to 12.")
    value = _dec(ytd_value)
    rag, target, band = judge(
        value, _dec(annual_target), _dec(band), is_higher(polarity), months_elapsed
    )
    return Rating(rag, value, target, band)


def direction(*, current, previous, polarity: str) -> str | None:
    """Improving, worsening or no change against the previous period; None without both."""
    return trend(_dec(current), _dec(previous), polarity == HIGHER)


def trend(current: Decimal | None, previous: Decimal | None, higher: bool) -> str | None:
    """direction's rule in one positional call (Decimal or None only; see judge)."""
    if current is None or previous is None:
        return None
    if current == previous:
        return NO_CHANGE
    better = current > previous if higher else current < previous
    return IMPROVING if better else WORSENING
