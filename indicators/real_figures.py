"""Real figures quoted by the seed documents, loaded as approved city returns (no area), never
synthetic.

fixtures/framework/real_figures.yaml names the indicator, period, value, source and a
commentary quoting the document. `manage.py load_real_figures` runs this after
`load_framework` (the Makefile's `framework` step, docker-compose). A row is created once: a
return already there (a lead's correction, or an earlier load) is left as it is, so a second
run changes nothing. The test database holds the framework without these returns; tests that
need them load them.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.loaders import read_yaml

from . import status
from .models import Indicator, Period, Return

FILE = "real_figures.yaml"
FRAMEWORK_DIR = settings.BASE_DIR / "fixtures" / "framework"


class RealFiguresError(ValueError):
    """real_figures.yaml names an unknown indicator or period, or a value that is not a
    number; nothing was loaded."""


@transaction.atomic
def real_figures_load(directory: Path = FRAMEWORK_DIR, counter: Counter | None = None) -> Counter:
    counter = Counter() if counter is None else counter
    if not (directory / FILE).exists():
        return counter
    rows = read_yaml(directory, FILE, error=RealFiguresError, expect=list)
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in={r["indicator"] for r in rows})
    }
    periods = {p.code: p for p in Period.objects.filter(code__in={r["period"] for r in rows})}
    touched: set[str] = set()
    for row in rows:
        indicator = indicators.get(row["indicator"])
        period = periods.get(row["period"])
        if indicator is None or period is None:
            raise RealFiguresError(f"{FILE}: unknown indicator or period in {row}.")
        if period.kind != indicator.period_kind:
            raise RealFiguresError(
                f"{FILE}: {indicator.code} is {indicator.frequency}; {period.code} does not fit."
            )
        try:
            value = Decimal(str(row["value"]))
        except InvalidOperation as exc:
            raise RealFiguresError(f"{FILE}: {indicator.code} value is not a number.") from exc
        if Return.objects.filter(indicator=indicator, period=period, area__isnull=True).exists():
            continue
        ret = Return(
            indicator=indicator,
            period=period,
            value=value,
            commentary=" ".join(str(row["commentary"]).split()),
            status=Return.Status.APPROVED,
            is_synthetic=False,
        )
        ret.full_clean()
        ret.save()
        counter["real figures loaded"] += 1
        touched.add(period.code)
    for code in sorted(touched):
        status.status_compute_period(period_code=code)
    return counter
