"""factory_boy factories for the figures (scrutiny has its own in tests/scrutiny/factories.py).

The period calendar and the framework are loaded once per test session (tests/conftest.py), so
a factory looks periods up by code; an indicator of its own needs no framework at all."""

from decimal import Decimal

import factory

from indicators.models import Indicator, Period, Return


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator of the test's own, outside the seeded framework."""

    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    name = factory.LazyAttribute(lambda o: f"Test indicator {o.code}")
    definition = "A test indicator."
    unit = Indicator.Unit.COUNT
    polarity = Indicator.Polarity.LOWER
    frequency = Indicator.Frequency.ANNUAL
    source = "test"


class ReturnFactory(factory.django.DjangoModelFactory):
    """An approved return; pass `indicator` (or `indicator__code`) and `period_code`."""

    class Meta:
        model = Return
        exclude = ("period_code",)

    class Params:
        period_code = "2019-05"

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.LazyAttribute(lambda o: Period.objects.get(code=o.period_code))
    value = Decimal("1")
    status = Return.Status.APPROVED
    commentary = "test"


def approved(code: str, period_code: str, value, **fields) -> Return:
    """An approved return of a framework indicator: approved("ADOPTIONS", "FY2019-20-Q1", "15")."""
    return ReturnFactory(
        indicator=Indicator.objects.get(code=code),
        period_code=period_code,
        value=Decimal(str(value)),
        **fields,
    )
