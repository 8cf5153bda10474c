"""The period calendar: months, financial quarters and years, academic and calendar years.

Pure rules with no Django import. Codes (DOMAIN.md): month `2019-05`, financial quarter
`FY2019-20-Q1` (Q1 is April-June), financial year `FY2019-20` (1 April - 31 March), academic
year `AY2019-20` (1 September - 31 August), calendar year `2019`.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTH = "month"
FIN_QUARTER = "fin_quarter"
FIN_YEAR = "fin_year"
ACAD_YEAR = "acad_year"
CAL_YEAR = "cal_year"
KINDS = (MONTH, FIN_QUARTER, FIN_YEAR, ACAD_YEAR, CAL_YEAR)
KIND_LABELS = {
    MONTH: "Month",
    FIN_QUARTER: "Financial quarter",
    FIN_YEAR: "Financial year",
    ACAD_YEAR: "Academic year",
    CAL_YEAR: "Calendar year",
}

FINANCIAL = "financial"
ACADEMIC = "academic"

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_RE = re.compile(r"^FY(\d{4})-(\d{2})-Q([1-4])$")
_YEAR_RE = re.compile(r"^(FY|AY)(\d{4})-(\d{2})$")
_CAL_RE = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """A period code that is not one of the canonical forms."""


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    kind: str
    code: str

    # A period is its code: the canonical code fixes its kind and dates. Comparing and hashing
    # the code alone (a string, whose hash Python keeps) rather than all four fields makes
    # the calendar's memo lookups cheap: a full recompute makes hundreds of thousands of them
    # (issue 13, docs/performance.md).
    def __eq__(self, other: object) -> bool:
        if other.__class__ is Period:
            return self.code == other.code  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.code)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return self.start.strftime("%B %Y")
        if self.kind == FIN_QUARTER:
            q = self.code[-1]
            return (
                f"Q{q} {_year_name(self.fy_start_year)} "
                f"({self.start.strftime('%b')}–{self.end.strftime('%b %Y')})"
            )
        if self.kind == FIN_YEAR:
            return f"{_year_name(self.start.year)} (financial year)"
        if self.kind == ACAD_YEAR:
            return f"{_year_name(self.start.year)} (academic year)"
        return str(self.start.year)

    @property
    def short_label(self) -> str:
        if self.kind == MONTH:
            return self.start.strftime("%b %Y")
        if self.kind == FIN_QUARTER:
            return f"Q{self.code[-1]} {_year_name(self.fy_start_year)}"
        if self.kind in (FIN_YEAR, ACAD_YEAR):
            return _year_name(self.start.year)
        return str(self.start.year)

    @property
    def fy_start_year(self) -> int:
        """The starting calendar year of the financial year holding this period's start."""
        return self.start.year if self.start.month >= 4 else self.start.year - 1

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        return self.code


# Periods are frozen values and these functions pure, so their results are kept: the RAG
# engine asks for the same months, quarters and years hundreds of thousands of times in a
# full recompute (issue 13, docs/performance.md).
_memo = functools.lru_cache(maxsize=65536)


def _year_name(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@_memo
def month(year: int, month_number: int) -> Period:
    return Period(
        date(year, month_number, 1),
        _last_day(year, month_number),
        MONTH,
        f"{year}-{month_number:02d}",
    )


@_memo
def fin_quarter(fy_start_year: int, quarter: int) -> Period:
    if quarter not in (1, 2, 3, 4):
        raise PeriodError(f"Quarter must be 1 to 4, not {quarter}.")
    first_month = 4 + 3 * (quarter - 1)
    year = fy_start_year + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    end = _last_day(year, first_month + 2)
    code = f"FY{fy_start_year}-{(fy_start_year + 1) % 100:02d}-Q{quarter}"
    return Period(date(year, first_month, 1), end, FIN_QUARTER, code)


@_memo
def fin_year(start_year: int) -> Period:
    return Period(
        date(start_year, 4, 1),
        date(start_year + 1, 3, 31),
        FIN_YEAR,
        f"FY{start_year}-{(start_year + 1) % 100:02d}",
    )


@_memo
def acad_year(start_year: int) -> Period:
    return Period(
        date(start_year, 9, 1),
        date(start_year + 1, 8, 31),
        ACAD_YEAR,
        f"AY{start_year}-{(start_year + 1) % 100:02d}",
    )


@_memo
def cal_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), CAL_YEAR, str(year))


def parse(code: str) -> Period:
    """The Period for a canonical code; PeriodError with a clear message otherwise."""
    text = (code or "").strip()
    if m := _MONTH_RE.match(text):
        year, month_number = int(m[1]), int(m[2])
        if not 1 <= month_number <= 12:
            raise PeriodError(f"'{code}' has no month {month_number}: use YYYY-MM, e.g. 2019-05.")
        return month(year, month_number)
    if m := _QUARTER_RE.match(text):
        _check_year_pair(code, int(m[1]), int(m[2]))
        return fin_quarter(int(m[1]), int(m[3]))
    if m := _YEAR_RE.match(text):
        _check_year_pair(code, int(m[2]), int(m[3]))
        return (fin_year if m[1] == "FY" else acad_year)(int(m[2]))
    if m := _CAL_RE.match(text):
        return cal_year(int(m[1]))
    raise PeriodError(
        f"'{code}' is not a period code. Use a month (2019-05), a financial quarter "
        "(FY2019-20-Q1), a financial year (FY2019-20), an academic year (AY2019-20) "
        "or a calendar year (2019)."
    )


def _check_year_pair(code: str, start_year: int, end_short: int) -> None:
    if (start_year + 1) % 100 != end_short:
        raise PeriodError(f"'{code}' names two years that do not follow each other.")


def kind_for(frequency: str, year_basis: str = FINANCIAL) -> str:
    """The period kind an indicator of this frequency reports on."""
    if frequency == "monthly":
        return MONTH
    if frequency == "quarterly":
        return FIN_QUARTER
    if frequency == "annual":
        return ACAD_YEAR if year_basis == ACADEMIC else FIN_YEAR
    raise PeriodError(f"Unknown frequency '{frequency}'.")


@_memo
def year_containing(period: Period, year_basis: str = FINANCIAL) -> Period:
    """The financial or academic year holding the period (by its start)."""
    start = period.start
    if year_basis == ACADEMIC:
        return acad_year(start.year if start.month >= 9 else start.year - 1)
    return fin_year(start.year if start.month >= 4 else start.year - 1)


@_memo
def year_of(period: Period, year_basis: str = FINANCIAL) -> Period:
    """The year a period counts towards: itself if it is a financial or academic year."""
    if period.kind in (FIN_YEAR, ACAD_YEAR):
        return period
    return year_containing(period, year_basis)


def add_working_days(day: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `day`; bank holidays not counted."""
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after `start` up to and including `end`."""
    days = 0
    while start < end:
        start += timedelta(days=1)
        if start.weekday() < 5:
            days += 1
    return days


def months_elapsed(period: Period, year: Period) -> int:
    """Whole months from the start of `year` to the end of `period` (1-12), for pro-rata."""
    months = (period.end.year - year.start.year) * 12 + period.end.month - year.start.month + 1
    return max(0, min(12, months))


def months_in(period: Period) -> list[Period]:
    return list(_months_in(period))


@_memo
def _months_in(period: Period) -> tuple[Period, ...]:
    result, current = [], month(period.start.year, period.start.month)
    while current.start <= period.end:
        result.append(current)
        current = shift(current, 1)
    return tuple(result)


def quarter_of(period: Period) -> Period:
    """The financial quarter holding the period's start."""
    fy = period.fy_start_year
    return fin_quarter(fy, (period.start.month - 4) % 12 // 3 + 1)


@_memo
def shift(period: Period, steps: int) -> Period:
    """The period `steps` places later (negative: earlier) of the same kind."""
    if period.kind == MONTH:
        index = period.start.year * 12 + period.start.month - 1 + steps
        return month(index // 12, index % 12 + 1)
    if period.kind == FIN_QUARTER:
        index = period.fy_start_year * 4 + int(period.code[-1]) - 1 + steps
        return fin_quarter(index // 4, index % 4 + 1)
    if period.kind == FIN_YEAR:
        return fin_year(period.start.year + steps)
    if period.kind == ACAD_YEAR:
        return acad_year(period.start.year + steps)
    return cal_year(period.start.year + steps)


@_memo
def previous(period: Period) -> Period:
    return shift(period, -1)


def periods_in(container: Period, kind: str) -> list[Period]:
    """Periods of `kind` that lie wholly inside `container`, in order."""
    return list(_periods_in(container, kind))


@_memo
def _periods_in(container: Period, kind: str) -> tuple[Period, ...]:
    first = containing(container.start, kind)
    if first.start < container.start:
        first = shift(first, 1)
    result, current = [], first
    while current.end <= container.end:
        result.append(current)
        current = shift(current, 1)
    return tuple(result)


@_memo
def containing(day: date, kind: str) -> Period:
    """The period of `kind` that holds `day`."""
    if kind == MONTH:
        return month(day.year, day.month)
    if kind == FIN_QUARTER:
        return quarter_of(month(day.year, day.month))
    if kind == FIN_YEAR:
        return year_containing(month(day.year, day.month), FINANCIAL)
    if kind == ACAD_YEAR:
        return year_containing(month(day.year, day.month), ACADEMIC)
    return cal_year(day.year)


def latest_complete(kind: str, today: date) -> Period:
    """The most recent period of `kind` that ended before `today`."""
    return previous(containing(today, kind))


def calendar_periods(first_fy: int = 2015, last_fy: int = 2029) -> list[Period]:
    """Every period from FY{first_fy} to FY{last_fy}: months, quarters and all kinds of year."""
    span = Period(fin_year(first_fy).start, fin_year(last_fy).end, FIN_YEAR, "span")
    result: list[Period] = []
    for fy in range(first_fy, last_fy + 1):
        year = fin_year(fy)
        result.append(year)
        result.extend(periods_in(year, FIN_QUARTER))
        result.extend(periods_in(year, MONTH))
        result.append(acad_year(fy))
    # Only calendar years wholly inside the span: 2016 to 2029 for FY2015-16 to FY2029-30.
    result.extend(cal_year(y) for y in range(span.start.year + 1, span.end.year))
    return sorted(set(result), key=lambda p: (p.start, -(p.end - p.start).days, p.code))
