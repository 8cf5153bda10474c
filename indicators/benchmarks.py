"""Benchmarks: England, North West, statistical neighbours and Greater Manchester values.

Leads enter them one at a time or import a CSV/XLSX file with the columns
indicator, period, comparator, value, quartile, source — checked as a whole, saved all or
nothing. Reads for the dashboard run one query whatever the number of indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.roles import PERFORMANCE_LEAD, has_role

from . import periods as cal
from .importers import read_table, safe_cell
from .models import Benchmark, Indicator, Period
from .services import value_parse

COLUMNS = ["indicator", "period", "comparator", "value", "quartile", "source"]
YEARLY = (cal.FIN_YEAR, cal.ACAD_YEAR, cal.CAL_YEAR)
QUARTILE_LABELS = dict(Benchmark._meta.get_field("quartile").choices)


def quartile_label(quartile: int | None) -> str:
    return QUARTILE_LABELS.get(quartile, "")


def comparator_parse(raw: str) -> str:
    """A comparator by code or label, any case: "england", "North West", "gm"."""
    wanted = (raw or "").strip().lower()
    for code, label in Benchmark.Comparator.choices:
        if wanted in (code, label.lower()):
            return code
    raise ValidationError({"comparator": f"Unknown comparator {raw!r}: use one of "
                           f"{', '.join(Benchmark.Comparator.values)}."})


def _quartile_parse(raw, comparator: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        quartile = int(str(raw).strip())
    except ValueError:
        quartile = 0
    if quartile not in QUARTILE_LABELS:
        raise ValidationError({"quartile": "The quartile must be 1 (top) to 4 (bottom)."})
    if comparator != Benchmark.Comparator.ENGLAND:
        raise ValidationError({"quartile": "A quartile is Manchester's place among English "
                                           "authorities: give it on the England row only."})
    return quartile


def _period_check(indicator: Indicator, period: Period) -> None:
    if period.kind not in (indicator.period_kind, *YEARLY):
        raise ValidationError({"period": f"{indicator.code} is benchmarked by its own periods "
                                         f"or by year, not by {period.get_kind_display()}."})


def _require_lead(user) -> None:
    if not has_role(user, PERFORMANCE_LEAD):
        raise PermissionDenied("Only a performance lead enters benchmarks.")


@transaction.atomic
def benchmark_set(*, user, indicator: Indicator, period: Period, comparator: str, value,
                  quartile=None, source: str = "") -> Benchmark:
    """Create or replace the comparator's value for the indicator and period."""
    _require_lead(user)
    comparator = comparator_parse(comparator)
    _period_check(indicator, period)
    parsed = value_parse(indicator=indicator, raw=value, allow_fraction=True)
    quartile = _quartile_parse(quartile, comparator)
    row, created = Benchmark.objects.select_for_update().get_or_create(
        indicator=indicator, period=period, comparator=comparator,
        defaults={"value": parsed, "quartile": quartile, "source": (source or "").strip(),
                  "created_by": user, "updated_by": user})
    if not created:
        row.value, row.quartile, row.source = parsed, quartile, (source or "").strip()
        row.updated_by = user
        row.save()
    return row


def benchmark_delete(*, user, benchmark: Benchmark) -> None:
    _require_lead(user)
    benchmark.delete()


@dataclass
class BenchmarkRow:
    number: int
    cells: list[str]
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(zip(COLUMNS, self.cells, strict=True))


def import_check(*, name: str, content: bytes) -> list[BenchmarkRow]:
    """Every row with its problems (ImportFileError if the file itself is unreadable)."""
    rows = [BenchmarkRow(n, cells) for n, cells in
            read_table(name=name, content=content, columns=COLUMNS)]
    indicators = {i.code: i for i in Indicator.objects.filter(
        code__in=[r.cells[0] for r in rows])}
    periods = {p.code: p for p in Period.objects.filter(code__in=[r.cells[1] for r in rows])}
    seen = set()
    for row in rows:
        data = row.as_dict()
        indicator, period = indicators.get(data["indicator"]), periods.get(data["period"])
        if indicator is None:
            row.errors.append(f"No indicator with code {data['indicator']!r}.")
        if period is None:
            row.errors.append(f"No period with code {data['period']!r}.")
        try:
            comparator = comparator_parse(data["comparator"])
            _quartile_parse(data["quartile"], comparator)
            if indicator and period:
                _period_check(indicator, period)
                value_parse(indicator=indicator, raw=data["value"], allow_fraction=True)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            continue
        key = (data["indicator"], data["period"], comparator)
        if key in seen:
            row.errors.append("The same indicator, period and comparator appear twice.")
        seen.add(key)
    return rows


@transaction.atomic
def import_save(*, user, rows: list[BenchmarkRow]) -> int:
    """Save every row, or none: refuses if any row has a problem."""
    _require_lead(user)
    if any(r.errors for r in rows):
        raise ValidationError("The file has problems: nothing was saved. Fix the rows listed "
                              "and upload it again.")
    indicators = {i.code: i for i in Indicator.objects.filter(
        code__in=[r.cells[0] for r in rows])}
    periods = {p.code: p for p in Period.objects.filter(code__in=[r.cells[1] for r in rows])}
    for row in rows:
        data = row.as_dict()
        benchmark_set(user=user, indicator=indicators[data["indicator"]],
                      period=periods[data["period"]], comparator=data["comparator"],
                      value=data["value"], quartile=data["quartile"], source=data["source"])
    return len(rows)


def template_csv() -> str:
    lines = [",".join(COLUMNS),
             "LAC-WITHIN-20-MILES,FY2018-19,england,74,2,DfE LAIT 2019",
             "LAC-WITHIN-20-MILES,FY2018-19,stat_neighbours,80.5,,DfE LAIT 2019"]
    return "\n".join(",".join(safe_cell(c) for c in line.split(",")) for line in lines) + "\n"


def benchmarks_for_indicator(indicator: Indicator) -> list[Benchmark]:
    return list(indicator.benchmarks.select_related("period").order_by("period__start",
                                                                        "comparator"))


def latest_for(*, indicator_ids, as_of) -> dict[int, list[Benchmark]]:
    """For each indicator, each comparator's latest value for a period ended by `as_of`,
    in comparator order: one query."""
    order = {c: n for n, c in enumerate(Benchmark.Comparator.values)}
    latest: dict[tuple[int, str], Benchmark] = {}
    for row in Benchmark.objects.filter(indicator_id__in=list(indicator_ids),
                                        period__end__lte=as_of).select_related("period") \
            .order_by("period__end"):
        latest[(row.indicator_id, row.comparator)] = row
    out: dict[int, list[Benchmark]] = {}
    for (ind_id, _), row in sorted(latest.items(), key=lambda kv: order[kv[0][1]]):
        out.setdefault(ind_id, []).append(row)
    return out


def benchmark_json(row: Benchmark) -> dict:
    return {"comparator": row.comparator, "comparator_label": row.get_comparator_display(),
            "period": row.period.code, "period_label": row.period.label,
            "value": f"{row.value.normalize():f}", "quartile": row.quartile,
            "quartile_label": quartile_label(row.quartile), "source": row.source}
