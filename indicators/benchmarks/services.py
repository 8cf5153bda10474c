"""Benchmarks: England, North West, statistical neighbours and Greater Manchester values.

Leads enter them one at a time or import a CSV/XLSX file with the columns
indicator, period, comparator, value, quartile, source — checked as a whole, saved all or
nothing. Reads for the dashboard run one query whatever the number of indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.roles import PERFORMANCE_LEAD, has_role
from core.spreadsheets import safe_cell
from indicators import periods as cal
from indicators.models import Benchmark, Indicator, Period
from indicators.returns.importers import read_table
from indicators.returns.services import value_parse

from .selectors import QUARTILE_LABELS

COLUMNS = ["indicator", "period", "comparator", "value", "quartile", "source"]
# Benchmarks are usually published by year: an indicator takes them for its own periods or
# for a financial or academic year.
YEARLY = (cal.FIN_YEAR, cal.ACAD_YEAR)
SOURCE_MAX = Benchmark._meta.get_field("source").max_length


def comparator_parse(raw: str) -> str:
    """A comparator by code or label, any case: "england", "North West", "gm"."""
    wanted = str(raw or "").strip().lower()
    for code, label in Benchmark.Comparator.choices:
        if wanted in (code, label.lower()):
            return code
    raise ValidationError(
        {
            "comparator": f"Unknown comparator {str(raw or '')!r}: use one of "
            f"{', '.join(Benchmark.Comparator.values)} (or their names)."
        }
    )


def _quartile_parse(raw, comparator: str) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        number = Decimal(str(raw).strip())
        quartile = int(number) if number == number.to_integral_value() else 0
    except (InvalidOperation, ValueError):
        quartile = 0
    if quartile not in QUARTILE_LABELS:
        raise ValidationError({"quartile": "The quartile must be 1 (top) to 4 (bottom)."})
    if comparator != Benchmark.Comparator.ENGLAND:
        raise ValidationError(
            {
                "quartile": "A quartile is Manchester's place among English "
                "authorities: give it on the England row only."
            }
        )
    return quartile


def _source_parse(raw) -> str:
    source = str(raw or "").strip()
    if len(source) > SOURCE_MAX:
        raise ValidationError({"source": f"The source is at most {SOURCE_MAX} characters."})
    return source


def _period_check(indicator: Indicator, period: Period) -> None:
    if period.kind not in (indicator.period_kind, *YEARLY):
        raise ValidationError(
            {
                "period": f"{indicator.code} is benchmarked by its own periods "
                f"or by financial or academic year, not by "
                f"{period.get_kind_display().lower()} ({period.code})."
            }
        )


def _require_lead(user) -> None:
    if not has_role(user, PERFORMANCE_LEAD):
        raise PermissionDenied("Only a performance lead enters benchmarks.")


@transaction.atomic
def benchmark_set(
    *,
    user,
    indicator: Indicator,
    period: Period,
    comparator: str,
    value,
    quartile=None,
    source: str = "",
) -> Benchmark:
    """Create or replace the comparator's value for the indicator and period.

    Raises PermissionDenied for anyone but a performance lead (or superuser), and
    ValidationError with a message per field for a bad comparator, period, value, quartile
    or source; either way nothing changes.
    """
    _require_lead(user)
    comparator = comparator_parse(comparator)
    _period_check(indicator, period)
    parsed = value_parse(indicator=indicator, raw=value, allow_fraction=True)
    quartile = _quartile_parse(quartile, comparator)
    source = _source_parse(source)
    row, created = Benchmark.objects.select_for_update().get_or_create(
        indicator=indicator,
        period=period,
        comparator=comparator,
        defaults={
            "value": parsed,
            "quartile": quartile,
            "source": source,
            "created_by": user,
            "updated_by": user,
        },
    )
    if not created and (row.value, row.quartile, row.source) != (parsed, quartile, source):
        row.value, row.quartile, row.source = parsed, quartile, source
        row.updated_by = user
        row.save()
    return row


@transaction.atomic
def benchmark_delete(*, user, benchmark: Benchmark) -> None:
    _require_lead(user)
    benchmark.delete()


@dataclass
class BenchmarkRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: list[str]
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(zip(COLUMNS, self.cells, strict=True))


def import_read(*, name: str, content: bytes) -> list[BenchmarkRow]:
    """The file's non-empty rows, unchecked (ImportFileError if the file is unreadable)."""
    return [
        BenchmarkRow(n, cells)
        for n, cells in read_table(name=name, content=content, columns=COLUMNS)
    ]


def _collect(errors: list[str], check, *args, **kwargs):
    """check(...)'s result, or None with its messages added to errors."""
    try:
        return check(*args, **kwargs)
    except ValidationError as exc:
        errors.extend(exc.messages)
        return None


def import_check_rows(rows: list[BenchmarkRow]) -> list[BenchmarkRow]:
    """Fill in every row's problems (two queries whatever the number of rows)."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.cells[0] for r in rows})}
    periods = {p.code: p for p in Period.objects.filter(code__in={r.cells[1] for r in rows})}
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        row.errors = []
        data = row.as_dict()
        indicator, period = indicators.get(data["indicator"]), periods.get(data["period"])
        if indicator is None:
            row.errors.append(f"No indicator with code {data['indicator']!r}.")
        if period is None:
            row.errors.append(f"No period with code {data['period']!r}.")
        comparator = _collect(row.errors, comparator_parse, data["comparator"])
        _collect(row.errors, _source_parse, data["source"])
        if indicator and period:
            _collect(row.errors, _period_check, indicator, period)
            _collect(
                row.errors, value_parse, indicator=indicator, raw=data["value"], allow_fraction=True
            )
        if comparator is not None:
            _collect(row.errors, _quartile_parse, data["quartile"], comparator)
            key = (data["indicator"], data["period"], comparator)
            if key in seen:
                row.errors.append(f"The same indicator, period and comparator as row {seen[key]}.")
            seen.setdefault(key, row.number)
    return rows


def import_check(*, name: str, content: bytes) -> list[BenchmarkRow]:
    """Every row of the file with its problems (ImportFileError if the file is unreadable)."""
    return import_check_rows(import_read(name=name, content=content))


def import_problems(rows: list[BenchmarkRow]) -> list[str]:
    """One message per row with a problem, naming its row number."""
    return [f"Row {r.number}: {' '.join(r.errors)}" for r in rows if r.errors]


@transaction.atomic
def import_save(*, user, rows: list[BenchmarkRow]) -> int:
    """Save every row, or none. The rows are checked again first (they may come back from a
    preview made earlier); any problem refuses the whole file with each row's message."""
    _require_lead(user)
    rows = import_check_rows([BenchmarkRow(r.number, list(r.cells)) for r in rows])
    problems = import_problems(rows)
    if problems:
        raise ValidationError(
            [
                "The file has problems: nothing was saved. Fix the rows listed "
                "and upload it again.",
                *problems,
            ]
        )
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.cells[0] for r in rows})}
    periods = {p.code: p for p in Period.objects.filter(code__in={r.cells[1] for r in rows})}
    for row in rows:
        data = row.as_dict()
        try:
            benchmark_set(
                user=user,
                indicator=indicators[data["indicator"]],
                period=periods[data["period"]],
                comparator=data["comparator"],
                value=data["value"],
                quartile=data["quartile"],
                source=data["source"],
            )
        except ValidationError as exc:  # raised inside the transaction: nothing is kept
            raise ValidationError(
                f"Row {row.number}: {' '.join(exc.messages)} Nothing was saved."
            ) from exc
    return len(rows)


def template_csv() -> str:
    lines = [
        ",".join(COLUMNS),
        "LAC-WITHIN-20-MILES,FY2018-19,england,74,2,DfE LAIT 2019",
        "LAC-WITHIN-20-MILES,FY2018-19,stat_neighbours,80.5,,DfE LAIT 2019",
    ]
    return "\n".join(",".join(safe_cell(c) for c in line.split(",")) for line in lines) + "\n"
