"""Demo only: locality figures for the indicators reported by area, over the last three years.

Each synthetic city figure is split across North, Central and South (a count exactly; a
fraction by numerator and denominator), and the city's figure becomes the one added up from
them, as a real by-area return would be. Real figures from the seeds are never touched.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from django.db import transaction
from django.utils import timezone

from core import versions

from . import periods as cal
from . import status
from .demo_rows import approved_return
from .models import Area, Indicator, Return

SEED = 20197
YEARS = 3
# Rough shares of the city's children by locality (demo, not a published split).
SHARES = {"NORTH": 0.38, "CENTRAL": 0.27, "SOUTH": 0.35}
# A locality's percentage differs from the city's by up to this many points.
SPREAD = 6.0
# Children looked after, the denominator of a fraction indicator's demo split.
DENOMINATOR = 1250


@transaction.atomic
def localities_seed(*, submitter, approver, today: date | None = None) -> int:
    """Create the demo locality returns once (a second run adds nothing); returns how many."""
    today = today or timezone.localdate()
    start = cal.shift(cal.containing(today, cal.FIN_YEAR), -YEARS + 1).start
    places = list(Area.objects.filter(kind=Area.Kind.LOCALITY, code__in=SHARES))
    if len(places) != len(SHARES):
        return 0
    rng = random.Random(SEED)
    now = timezone.now()
    made: list[Return] = []
    touched = []
    for indicator in Indicator.objects.filter(by_area=True).order_by("code"):
        cities = Return.objects.city().filter(
            indicator=indicator,
            status=Return.Status.APPROVED,
            is_synthetic=True,
            period__start__gte=start,
        )
        have = set(
            Return.objects.filter(indicator=indicator, area__isnull=False).values_list(
                "period_id", flat=True
            )
        )
        for city in cities.select_related("period"):
            if city.period_id in have:
                continue
            parts = _split(indicator, city.value, rng)
            for area in places:
                value, num, den = parts[area.code]
                made.append(
                    approved_return(
                        submitter=submitter,
                        approver=approver,
                        at=now,
                        indicator=indicator,
                        period=city.period,
                        area=area,
                        value=value,
                        numerator=num,
                        denominator=den,
                        commentary=f"Demo data: {area.name}'s share of the city's figure.",
                        is_synthetic=True,
                    )
                )
            if indicator.is_fraction:
                city.numerator = sum(p[1] for p in parts.values())
                city.denominator = sum(p[2] for p in parts.values())
                city.value = (city.numerator * 100 / city.denominator).quantize(Decimal("0.0001"))
            city.is_derived = True
            city.commentary = "Demo data: added up from North, Central and South."
            touched.append(city)
    Return.objects.bulk_create(made, batch_size=1000)
    Return.objects.bulk_update(
        touched, ["value", "numerator", "denominator", "is_derived", "commentary"], batch_size=500
    )
    versions.changed(versions.FRAMEWORK)  # no post_save for bulk writes
    if made:
        # From where a full recompute starts, not from the localities' first year: the
        # months before it are No data, and the demo ends in the state the nightly recompute
        # would leave (it writes nothing on a freshly seeded database).
        status.statuses_recompute_for(
            indicators=Indicator.objects.filter(by_area=True), start=status.recompute_start()
        )
    return len(made)


def _split(indicator: Indicator, value: Decimal, rng: random.Random) -> dict:
    """{area code: (value, numerator, denominator)} adding up to the city's figure."""
    codes = list(SHARES)
    if indicator.is_fraction:
        result = {}
        for code in codes:
            den = Decimal(round(DENOMINATOR * SHARES[code] * rng.uniform(0.93, 1.07)))
            pct = max(0.0, min(100.0, float(value) + rng.uniform(-SPREAD, SPREAD)))
            num = Decimal(round(float(den) * pct / 100))
            result[code] = ((num * 100 / den).quantize(Decimal("0.0001")), num, den)
        return result
    shares = {c: SHARES[c] * rng.uniform(0.92, 1.08) for c in codes}
    total = sum(shares.values())
    result = {}
    left = value
    for code in codes[:-1]:
        part = (value * Decimal(shares[code] / total)).quantize(Decimal("1"), ROUND_FLOOR)
        result[code] = (part, None, None)
        left -= part
    result[codes[-1]] = (left, None, None)
    return result
