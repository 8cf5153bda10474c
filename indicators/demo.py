"""Demo data: deterministic synthetic approved returns, plus the real figures the seeds quote.

Every synthetic return has is_synthetic=True, and pages that show one say "demo data".
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core import roles

from . import periods as cal
from . import status
from .models import Indicator, Period, Return, Target

SEED = 20161
FIRST_YEAR = 2016  # FY2016-17

# Real figures from the seeds: indicator, period, value, commentary.
REAL = [
    (
        "CP-PLANS",
        "2018-05",
        "962",
        "Real figure from seed 004: 962 children on a Child Protection Plan in May 2018.",
    ),
    (
        "CP-PLANS",
        "2019-05",
        "737",
        "Real figure from seed 004: 737 children on a Child "
        "Protection Plan in May 2019, down from 962 a year earlier.",
    ),
    (
        "SW-CASELOAD",
        "2018-06",
        "21.4",
        "Real figure from seed 004: average social worker "
        "caseload 21.4 in June 2018 (21.3 for ASYEs).",
    ),
    (
        "SW-CASELOAD",
        "2019-06",
        "17.7",
        "Real figure from seed 004: average social worker "
        "caseload 17.7 in June 2019 (14 for ASYEs).",
    ),
]
# Seed 004 gives two-month totals (April-May); the synthetic months are drawn to add up to them.
REAL_TWO_MONTH = [
    ("REFERRALS", ("2018-04", "2018-05"), 2142),
    ("REFERRALS", ("2019-04", "2019-05"), 1131),
    ("S47-ENQUIRIES", ("2018-04", "2018-05"), 518),
    ("S47-ENQUIRIES", ("2019-04", "2019-05"), 385),
]
# A plausible level for indicators with no target (the seeds give none).
LEVELS = {
    "percent": Decimal("70"),
    "count": Decimal("300"),
    "days": Decimal("400"),
    "average": Decimal("19"),
    "rate_1000": Decimal("5"),
    "rate_10000": Decimal("50"),
    "rate_100000": Decimal("150"),
}
KNOWN_LEVELS = {
    "CIN-TOTAL": "5200",
    "CP-PLANS": "850",
    "LAC-COUNT": "1250",
    "REFERRALS": "800",
    "S47-ENQUIRIES": "230",
    "SW-CASELOAD": "19",
    "NEET-16-18": "6.0",
    "OBESITY-RECEPTION": "24",
    "OBESITY-YEAR6": "40",
    "INFANT-MORTALITY": "5.4",
    "KS2-RWM-ALL": "59",
    "KS2-RWM-LAC": "33",
    "CL-NEET": "42",
    "LAC-16-17-EET": "82",
    "LAC-WITHIN-MANCHESTER": "55",
    "LAC-CL-OFFENDING": "35",
    "EXCLUSIONS-PERMANENT": "60",
    "EXCLUSIONS-FIXED": "3500",
    "SCHOOLS-GOOD-OUTSTANDING": "86",
    "EARLY-HELP-ASSESSMENTS": "2400",
    "PERMANENCE-18-MONTHS": "90",
}
HELPING = [
    "Placement sufficiency work is helping.",
    "Earlier help is reducing escalation.",
    "Stronger partnership working in the localities.",
    "New tracking by the Virtual School.",
]
HURTING = [
    "Demand rose after the school holidays.",
    "Staff vacancies slowed the work.",
    "A small cohort makes the figure volatile.",
    "Placement availability was tight.",
]
NEXT = [
    "Next: monthly review at the performance clinic.",
    "Next: targeted case audit.",
    "Next: report to the Corporate Parenting Panel.",
    "Next: continue and monitor.",
]


def _periods(indicator: Indicator, last: cal.Period) -> list[cal.Period]:
    kind = indicator.period_kind
    first = cal.containing(date(FIRST_YEAR, 9 if kind == cal.ACAD_YEAR else 4, 1), kind)
    result, current = [], first
    while current.end <= last.end:
        result.append(current)
        current = cal.shift(current, 1)
    return result


def _per_period(indicator: Indicator, annual: Decimal) -> Decimal:
    if not indicator.is_cumulative:
        return annual
    return annual / (12 if indicator.frequency == "monthly" else 4)


def _value(rng: random.Random, indicator: Indicator, centre: Decimal, drift: float) -> Decimal:
    good = 1 if indicator.polarity == "higher" else -1
    # mostly near or better than target, sometimes a little worse (amber), sometimes worse (red)
    factor = Decimal(str(1 + good * rng.gauss(0.01, 0.05) + drift))
    value = centre * factor
    if indicator.unit == "percent":
        value = min(max(value, Decimal("0")), Decimal("100"))
    if indicator.unit == "count":
        return value.quantize(Decimal("1"))
    return value.quantize(Decimal("0.1"))


def _commentary(rng: random.Random) -> str:
    """Invented commentary, labelled "Demo data." (the return is also is_synthetic)."""
    return f"Demo data. {rng.choice(HELPING)} {rng.choice(HURTING)} {rng.choice(NEXT)}"


@transaction.atomic
def returns_seed(*, submitter, approver, today: date | None = None) -> int:
    """Create the demo returns once (a second run adds nothing); returns how many it made."""
    today = today or timezone.localdate()
    last_quarter = cal.latest_complete(cal.FIN_QUARTER, today)
    period_ids = dict(Period.objects.values_list("code", "id"))
    existing = set(Return.objects.values_list("indicator_id", "period_id"))
    targets: dict[int, dict[str, Decimal]] = {}
    for ind_id, code, value in Target.objects.values_list("indicator_id", "period__code", "value"):
        targets.setdefault(ind_id, {})[code] = value
    rng = random.Random(SEED)
    now = timezone.now()
    real = {(code, period): (Decimal(v), text) for code, period, v, text in REAL}
    two_month = {(code, months): total for code, months, total in REAL_TWO_MONTH}
    new: list[Return] = []
    for indicator in Indicator.objects.order_by("code"):
        ind_targets = targets.get(indicator.id, {})
        fallback = (
            max(ind_targets.items())[1]
            if ind_targets
            else Decimal(KNOWN_LEVELS.get(indicator.code, LEVELS[indicator.unit]))
        )
        drift = 0.0
        pending: dict[str, Decimal] = {}
        for period in _periods(indicator, last_quarter):
            year = cal.year_of(period, indicator.year_basis)
            annual = ind_targets.get(year.code, fallback)
            drift = max(-0.12, min(0.12, drift + rng.gauss(0, 0.01)))
            value = _value(rng, indicator, _per_period(indicator, annual), drift)
            synthetic, text = True, _commentary(rng)
            if (indicator.code, period.code) in real:
                value, text = real[(indicator.code, period.code)]
                synthetic = False
            for (code, months), total in two_month.items():
                if code == indicator.code and period.code in months:
                    share = pending.setdefault(
                        code + months[0],
                        Decimal(total)
                        * Decimal(str(rng.uniform(0.45, 0.55))).quantize(Decimal("0.01")),
                    )
                    first = share.quantize(Decimal("1"))
                    value = first if period.code == months[0] else Decimal(total) - first
                    text = (
                        f"Demo data: April and May together add up to the real two-month "
                        f"figure in seed 004 ({total:,})."
                    )
            if (indicator.id, period_ids[period.code]) in existing:
                continue
            new.append(
                Return(
                    indicator=indicator,
                    period_id=period_ids[period.code],
                    value=value,
                    commentary=text,
                    status=Return.Status.APPROVED,
                    is_synthetic=synthetic,
                    submitted_by=submitter,
                    submitted_at=now,
                    approved_by=approver,
                    approved_at=now,
                    created_by=submitter,
                    updated_by=approver,
                )
            )
    # Demo figures are bulk-loaded without per-row history: they are not anybody's edits.
    Return.objects.bulk_create(new, batch_size=1000)
    return len(new)


def targets_carry_forward(*, today: date | None = None) -> int:
    """Demo only: the seeds' targets stop at 2019/20, so carry each indicator's last target
    forward to the current year (labelled in its source) so recent quarters can be rated."""
    today = today or timezone.localdate()
    period_by_code = {
        p.code: p for p in Period.objects.filter(kind__in=[cal.FIN_YEAR, cal.ACAD_YEAR])
    }
    new = []
    for indicator in Indicator.objects.prefetch_related("targets__period"):
        targets = sorted(indicator.targets.all(), key=lambda t: t.period.start)
        if not targets:
            continue
        last = targets[-1]
        year = cal.shift(last.period.calendar, 1)
        while year.start <= today:
            new.append(
                Target(
                    indicator=indicator,
                    period=period_by_code[year.code],
                    value=last.value,
                    band=last.band,
                    source=f"Demo data: {last.period.code} target carried forward",
                )
            )
            year = cal.shift(year, 1)
    Target.objects.bulk_create(new)
    return len(new)


BENCHMARK_SOURCE = "Demo data: illustrative benchmark"
BENCHMARKED = {
    # code: (England, North West, statistical neighbours, GM) as offsets from the year's
    # target, or from the indicator's usual level where it has no target
    "LAC-WITHIN-20-MILES": ("-14", "-10", "-8", "-6"),
    "LAC-HEALTH-ASSESSMENTS": ("-6", "-4", "-5", "-3"),
    "ADOPTION-A1-DAYS": ("60", "45", "70", "50"),
    "CL-EET": ("-8", "-10", "-12", "-9"),
    "KS4-ENG-MATHS": ("6", "3", "-1", "1"),
    "KS2-RWM-ALL": ("6", "4", "1", "2"),
    "NEET-16-18": ("-1.2", "-1.2", "0.4", "-0.3"),
    "OBESITY-RECEPTION": ("-2", "-1", "0.5", "-0.5"),
}
BENCHMARK_YEARS = range(2, 6)  # the four years before last year


def benchmarks_seed(*, today: date | None = None) -> int:
    """Demo only: illustrative England, North West, statistical neighbour and GM values for
    eight indicators and the recent financial (or, for education, academic) years: near each
    year's target, or the indicator's usual level where there is none. England rows carry a
    quartile. Labelled "Demo data" in their source; deterministic for a given day, and a second
    run adds nothing."""
    from .models import Benchmark

    today = today or timezone.localdate()
    comparators = list(Benchmark.Comparator.values)
    existing = set(Benchmark.objects.values_list("indicator_id", "period__code", "comparator"))
    wanted: dict[str, tuple[Indicator, cal.Period, str, Decimal, int | None]] = {}
    new = []
    for indicator in Indicator.objects.filter(code__in=BENCHMARKED).order_by("code"):
        targets = {t.period.code: t.value for t in indicator.targets.select_related("period")}
        level = Decimal(KNOWN_LEVELS.get(indicator.code, LEVELS[indicator.unit]))
        year = cal.containing(
            today, cal.FIN_YEAR if indicator.year_basis == cal.FINANCIAL else cal.ACAD_YEAR
        )
        for back in BENCHMARK_YEARS:
            period = cal.shift(year, -back)
            base = targets.get(period.code, level)
            for n, (comparator, offset) in enumerate(
                zip(comparators, BENCHMARKED[indicator.code], strict=True)
            ):
                if (indicator.id, period.code, comparator) in existing:
                    continue
                value = max(Decimal(0), base + Decimal(offset) + (back - 3) * base / 100)
                if indicator.unit == Indicator.Unit.PERCENT:
                    value = min(value, Decimal(100))
                quartile = (back + n) % 4 + 1 if comparator == "england" else None
                wanted[f"{indicator.code} {period.code} {comparator}"] = (
                    indicator,
                    period,
                    comparator,
                    value.quantize(Decimal("0.1")),
                    quartile,
                )
    periods = {
        p.code: p for p in Period.objects.filter(code__in={w[1].code for w in wanted.values()})
    }
    for indicator, period, comparator, value, quartile in wanted.values():
        if period.code not in periods:  # before the calendar starts
            continue
        new.append(
            Benchmark(
                indicator=indicator,
                period=periods[period.code],
                comparator=comparator,
                value=value,
                quartile=quartile,
                source=BENCHMARK_SOURCE,
            )
        )
    Benchmark.objects.bulk_create(new)
    return len(new)


def seed(*, users, all_users, stdout) -> None:
    officers = [u for u in all_users if u.groups.filter(name=roles.OFFICER).exists()]
    leads = [u for u in all_users if u.groups.filter(name=roles.PERFORMANCE_LEAD).exists()]
    owner_cycle = officers or [users[roles.OFFICER]]
    for i, indicator in enumerate(Indicator.objects.filter(owner=None).order_by("code")):
        indicator.owner = owner_cycle[i % len(owner_cycle)]
        indicator.save(update_fields=["owner"])
    carried = targets_carry_forward()
    made = returns_seed(submitter=users[roles.OFFICER], approver=leads[0] if leads else None)
    rows = status.statuses_recompute()
    from .area_demo import localities_seed

    by_area = localities_seed(submitter=users[roles.OFFICER], approver=leads[0] if leads else None)
    benchmarks = benchmarks_seed()
    stdout.write(
        f"Demo data: {carried} targets carried forward, {made} returns added "
        f"(synthetic, plus the real figures in the seeds); {rows} RAG statuses computed; "
        f"{benchmarks} illustrative benchmarks; {by_area} locality figures."
    )
