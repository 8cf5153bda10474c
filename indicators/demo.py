"""Demo data: deterministic synthetic approved returns, plus the real figures the seeds quote.

Every synthetic return has is_synthetic=True, and pages that show one say "demo data".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core import roles, versions

from . import periods as cal
from . import status
from .demo_rows import approved_return
from .models import Indicator, Period, Return, Target

SEED = 20161
FIRST_YEAR = 2016  # FY2016-17

SEED_004 = "004_661c1d64eb933c90.txt"


@dataclass(frozen=True)
class RealFigure:
    """A figure a source document states: the return for `period` goes in as real
    (is_synthetic=False), and the demo series around it is drawn to pass through it."""

    indicator: str
    period: str
    value: str
    source: str
    text: str
    # A year to date of a cumulative indicator: the months it adds up, `period` the last.
    # Only the total is real: the earlier months' share is demo, and the closing month's
    # return holds the rest, so the year to date at `period` is the document's figure.
    months: tuple[str, ...] = ()


REAL = [
    RealFigure(
        "CP-PLANS",
        "2018-05",
        "962",
        SEED_004,
        "Real figure from seed 004: 962 children on a Child Protection Plan in May 2018.",
    ),
    RealFigure(
        "CP-PLANS",
        "2019-05",
        "737",
        SEED_004,
        "Real figure from seed 004: 737 children on a Child "
        "Protection Plan in May 2019, down from 962 a year earlier.",
    ),
    RealFigure(
        "SW-CASELOAD",
        "2018-06",
        "21.4",
        SEED_004,
        "Real figure from seed 004: average social worker caseload 21.4 in June 2018.",
    ),
    RealFigure(
        "SW-CASELOAD",
        "2019-06",
        "17.7",
        SEED_004,
        "Real figure from seed 004: average social worker caseload 17.7 in June 2019, "
        "down from 21.4 a year earlier.",
    ),
    RealFigure(
        "SW-CASELOAD-ASYE",
        "2018-06",
        "21.3",
        SEED_004,
        "Real figure from seed 004: average caseload of newly qualified social workers "
        "(ASYE) 21.3 in June 2018.",
    ),
    RealFigure(
        "SW-CASELOAD-ASYE",
        "2019-06",
        "14",
        SEED_004,
        "Real figure from seed 004: average caseload of newly qualified social workers "
        "(ASYE) 14 in June 2019, down from 21.3 a year earlier.",
    ),
    # Seed 004 gives April-May totals; REFERRALS and S47-ENQUIRIES add up over the financial
    # year, so the year to date at May is the real figure.
    RealFigure(
        "REFERRALS",
        "2018-05",
        "2142",
        SEED_004,
        "Real year to date from seed 004: 2,142 referrals in April and May 2018. "
        "The split between April and May is not in the document (April is demo).",
        months=("2018-04", "2018-05"),
    ),
    RealFigure(
        "REFERRALS",
        "2019-05",
        "1131",
        SEED_004,
        "Real year to date from seed 004: 1,131 referrals in April and May 2019, against "
        "2,142 a year earlier. The split between April and May is not in the document "
        "(April is demo).",
        months=("2019-04", "2019-05"),
    ),
    RealFigure(
        "S47-ENQUIRIES",
        "2018-05",
        "518",
        SEED_004,
        "Real year to date from seed 004: 518 Section 47 enquiries in April and May 2018. "
        "The split between April and May is not in the document (April is demo).",
        months=("2018-04", "2018-05"),
    ),
    RealFigure(
        "S47-ENQUIRIES",
        "2019-05",
        "385",
        SEED_004,
        "Real year to date from seed 004: 385 Section 47 enquiries in April and May 2019, "
        "against 518 a year earlier. The split between April and May is not in the document "
        "(April is demo).",
        months=("2019-04", "2019-05"),
    ),
]


def real_figure(indicator_code: str, period_code: str) -> RealFigure | None:
    """The real figure the demo holds for this indicator and period, if any."""
    return _REAL_BY_KEY.get((indicator_code, period_code))


_REAL_BY_KEY = {(r.indicator, r.period): r for r in REAL}


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
    "REFERRALS": "9600",  # a year's total: cumulative
    "S47-ENQUIRIES": "2760",  # a year's total: cumulative
    "SW-CASELOAD": "19",
    "SW-CASELOAD-ASYE": "18",
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
    return _quantize(value, indicator.unit)


def _quantize(value: Decimal, unit: str) -> Decimal:
    return value.quantize(Decimal("1") if unit == "count" else Decimal("0.1"))


def _anchors(indicator: Indicator) -> dict[str, Decimal]:
    """The points the indicator's demo series must pass through, by period code: each real
    figure; for a real year to date, each of its months at an equal share (the drawn months
    are then adjusted so that they add up to it exactly)."""
    anchors = {}
    for real in REAL:
        if real.indicator != indicator.code:
            continue
        if real.months:
            for month in real.months:
                anchors[month] = Decimal(real.value) / len(real.months)
        else:
            anchors[real.period] = Decimal(real.value)
    return anchors


def _anchored_series(
    periods: list[cal.Period], anchors: dict[str, Decimal], *, unit: str, rng: random.Random
) -> dict[str, Decimal]:
    """A demo series through every anchor that tells the documents' story: between two real
    figures it moves steadily from one to the other (a wobble of at most 1% and never more than
    0.4 of a month's step, so the trend never reverses); before the first and after the last it
    wanders within 8% of them."""
    codes = [p.code for p in periods]
    points = sorted((codes.index(code), float(v)) for code, v in anchors.items() if code in codes)
    if not points:
        return {}
    values = [0.0] * len(codes)
    first_at, first = points[0]
    walk = 0.0
    for i in range(first_at - 1, -1, -1):
        walk = max(-0.08, min(0.08, walk + rng.gauss(0, 0.015)))
        values[i] = first * (1 + walk)
    for (a, start), (b, end) in zip(points, points[1:], strict=False):
        step = (end - start) / (b - a)
        wobble = min(0.01 * abs(start), 0.4 * abs(step))
        for i in range(a, b):
            values[i] = start + step * (i - a) + (rng.uniform(-wobble, wobble) if i > a else 0)
    last_at, last = points[-1]
    values[last_at] = last
    walk = 0.0
    for i in range(last_at + 1, len(codes)):
        walk = max(-0.08, min(0.08, walk + rng.gauss(0, 0.015)))
        values[i] = last * (1 + walk)
    return {
        code: _quantize(Decimal(str(max(v, 0.0))), unit)
        for code, v in zip(codes, values, strict=True)
    }


def _commentary(rng: random.Random) -> str:
    """Invented commentary, labelled "Demo data." (the return is also is_synthetic)."""
    return f"Demo data. {rng.choice(HELPING)} {rng.choice(HURTING)} {rng.choice(NEXT)}"


NO_DEMO_PREFIX = "YJ-"


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
    new: list[Return] = []
    # Youth justice measures hold only the real 2018-19 figures of seed 004 (load_real_figures)
    # or await data: no invented series around them.
    for indicator in Indicator.objects.exclude(code__startswith=NO_DEMO_PREFIX).order_by("code"):
        ind_targets = targets.get(indicator.id, {})
        fallback = (
            max(ind_targets.items())[1]
            if ind_targets
            else Decimal(KNOWN_LEVELS.get(indicator.code, LEVELS[indicator.unit]))
        )
        drift = 0.0
        periods = _periods(indicator, last_quarter)
        # Its own generator, so that the other indicators' figures do not change with it.
        story = _anchored_series(
            periods,
            _anchors(indicator),
            unit=indicator.unit,
            rng=random.Random(f"{SEED}-{indicator.code}"),
        )
        # A real year to date: its earlier months drawn near an equal share, the closing
        # month the rest, so that they add up to the document's total exactly.
        shares = {}
        for ytd in (r for r in REAL if r.indicator == indicator.code and r.months):
            split = random.Random(f"{SEED}-{indicator.code}-{ytd.period}")
            each = Decimal(ytd.value) / len(ytd.months)
            earlier = {
                m: _quantize(each * Decimal(str(split.uniform(0.9, 1.1))), indicator.unit)
                for m in ytd.months[:-1]
            }
            shares.update({m: (v, ytd) for m, v in earlier.items()})
            rest = Decimal(ytd.value) - sum(earlier.values(), Decimal(0))
            shares[ytd.period] = (rest, ytd)
        for period in periods:
            year = cal.year_of(period, indicator.year_basis)
            annual = ind_targets.get(year.code, fallback)
            drift = max(-0.12, min(0.12, drift + rng.gauss(0, 0.01)))
            value = _value(rng, indicator, _per_period(indicator, annual), drift)
            synthetic, text = True, _commentary(rng)
            value = story.get(period.code, value)
            real = real_figure(indicator.code, period.code)
            if real is not None and not real.months:
                value, text, synthetic = Decimal(real.value), real.text, False
            if period.code in shares:
                value, ytd = shares[period.code]
                synthetic = period.code != ytd.period
                text = (
                    f"Demo data: this month's share of the real year to date at {ytd.period} "
                    f"in seed 004 ({Decimal(ytd.value):,}) is invented."
                    if synthetic
                    else ytd.text
                )
            if (indicator.id, period_ids[period.code]) in existing:
                continue
            new.append(
                approved_return(
                    submitter=submitter,
                    approver=approver,
                    at=now,
                    indicator=indicator,
                    period_id=period_ids[period.code],
                    value=value,
                    commentary=text,
                    is_synthetic=synthetic,
                )
            )
    # Demo figures are bulk-loaded without per-row history: they are not anybody's edits.
    Return.objects.bulk_create(new, batch_size=1000)
    versions.changed(versions.FRAMEWORK)  # no post_save for bulk writes
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
                    basis=Target.Basis.INFERRED,
                    basis_note=(
                        f"Carried forward for the demo from {last.period.label}: no document "
                        f"sets a target for {year.label}."
                    ),
                )
            )
            year = cal.shift(year, 1)
    Target.objects.bulk_create(new)
    versions.changed(versions.FRAMEWORK)  # no post_save for bulk writes
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
    versions.changed(versions.FRAMEWORK)  # no post_save for bulk writes
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
