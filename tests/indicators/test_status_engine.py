"""The RAG engine's unrolled rating (status._rate) gives what the per-status way gives
(IndicatorData.rating and .direction, through rag.rate_snapshot, rate_cumulative and
direction), value for value and digit for digit, over every kind of indicator the demo holds;
and a stored figure that ends up as "-0.0000" on the way is stored, and compared, as 0."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from indicators import periods as cal
from indicators import rag, status
from indicators.models import AreaStatus, Indicator, IndicatorStatus, Period, Target
from tests.factories import approved
from tests.indicators.stored_statuses import ids_every, snapshot

pytestmark = pytest.mark.django_db

PLACES = Decimal("0.0001")


def stored(value):
    if isinstance(value, Decimal):
        return value.quantize(PLACES, rounding=ROUND_HALF_UP)
    return value


def rated_one_by_one(data, periods, period_ids) -> dict:
    """What _rate computed before it was unrolled: each status by the public methods."""
    rows = {}
    for item in data:
        for period in periods:
            if period.code not in period_ids or period.kind not in item.kinds:
                continue
            result = item.rating(period)
            if result is None:
                continue
            rating, fig = result
            rows[(item.indicator.id, item.area_id, period_ids[period.code])] = (
                stored(rating.value),
                stored(rating.target),
                stored(rating.band),
                rating.rag,
                item.direction(period, fig),
                fig.is_synthetic,
            )
    return rows


def as_text(rows: dict) -> dict:
    """Each row as str() writes its values: what the PostgreSQL comparison matches on."""
    return {key: tuple(str(v) for v in values) for key, values in rows.items()}


def test_the_unrolled_rating_is_the_rating_one_status_at_a_time(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    # targets and bands a twelfth of which runs past four places (the demo's divide evenly),
    # and explicit bands besides the default
    Target.objects.update(value=F("value") + Decimal("0.0007"))
    Target.objects.filter(id__in=list(Target.objects.values_list("id", flat=True))[::2]).update(
        band=Decimal("1.0001")
    )
    periods = status._periods_between(status.recompute_start(), timezone.localdate())
    period_ids = dict(
        Period.objects.filter(code__in=[p.code for p in periods]).values_list("code", "id")
    )
    data = status.load_all()
    assert any(d.area_id for d in data) and any(d.cumulative for d in data)
    expected = rated_one_by_one(status.load_all(), periods, period_ids)
    got = status._rate(data, periods, period_ids)
    assert len(got) > 5000
    assert got == expected
    assert as_text(got) == as_text(expected)  # the same digits too, not only equal numbers
    # as lines (what PostgreSQL's comparison and write take): the key's columns, then FIELDS
    lines = status._rate(status.load_all(), periods, period_ids, as_lines=True)
    assert sorted(lines) == sorted(
        "\t".join(str(v) for v in (i, *([a] if a else []), p, *values))
        for (i, a, p), values in got.items()
    )
    rags = {values[3] for values in got.values()}
    assert {rag.GREEN, rag.AMBER, rag.RED, rag.NO_DATA} <= rags


def test_a_bad_polarity_is_refused_as_the_rules_refuse_it():
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    approved("LAC-WITHIN-20-MILES", "2019-04", "91")
    indicator.polarity = "sideways"
    [data] = status.load_data([indicator])
    period = cal.parse("2019-04")
    with pytest.raises(ValueError, match="Polarity"):
        status._rate([data], [period], {"2019-04": Period.objects.get(code="2019-04").id})


def test_a_tiny_negative_pro_rata_target_is_stored_as_zero_and_not_rewritten():
    """A cumulative count's pro-rata target of -0.0001 a year is -0.0000083 in April: rounded,
    that is "-0.0000", which the database keeps as 0. Stored as 0, the next recompute finds
    it unchanged."""
    cumulative = next(i for i in Indicator.objects.all() if i.is_cumulative)
    year = cal.year_of(cal.parse("FY2019-20-Q1"), cumulative.year_basis)
    first = cal.periods_in(year, cumulative.period_kind)[0]
    Target.objects.update_or_create(
        indicator=cumulative,
        period=Period.objects.get(code=year.code),
        defaults={"value": Decimal("-0.0001"), "band": None},
    )
    approved(cumulative.code, first.code, "1")
    status.statuses_recompute_for(indicators=[cumulative], start=year.start, end=year.end)
    row = IndicatorStatus.objects.get(indicator=cumulative, period__code=first.code)
    assert row.target == 0 and str(row.target) == "0.0000"
    again = status.statuses_recompute_for(indicators=[cumulative], start=year.start, end=year.end)
    assert again == 0


@pytest.mark.django_db(transaction=True)
def test_a_job_reads_the_stored_rows_beside_the_rating(framework_tx, settings, monkeypatch):
    """On PostgreSQL a recompute outside any transaction of the caller's reads the stored rows
    on a connection of its own while it rates: it repairs what differs, writes nothing when
    nothing does, and closes that connection after. Inside a transaction of the caller's
    (which that connection could not see into), or with RAG_READ_BESIDE off, it reads on the
    caller's connection."""
    if connection.vendor != "postgresql":
        pytest.skip("the reader is PostgreSQL's (SQLite compares on the one connection)")
    settings.DEBUG = False
    call_command("seed_demo")
    monkeypatch.setattr(status, "CHUNK", 10)  # several buckets, as at scale
    readers = []

    class Spy(status._Reader):
        def __init__(self):
            super().__init__()
            self.closed = False
            readers.append(self)

        def close(self):
            super().close()
            self.closed = True

    monkeypatch.setattr(status, "_Reader", Spy)
    before = snapshot()
    altered = IndicatorStatus.objects.filter(id__in=ids_every(3)).update(rag="red", value=None)
    gone, _ = AreaStatus.objects.filter(id__in=ids_every(5, AreaStatus)).delete()
    assert altered > 100 and gone > 10
    assert status.statuses_recompute() == altered + gone
    assert len(readers) == 1 and readers[0].closed
    assert snapshot() == before
    assert status.statuses_recompute() == 0
    assert len(readers) == 2
    with transaction.atomic():
        # rows this transaction changed, which a second connection would not see changed
        again = (
            IndicatorStatus.objects.filter(id__in=ids_every(7))
            .exclude(rag="amber")
            .update(rag="amber")
        )
        assert status.statuses_recompute() == again
    assert len(readers) == 2
    assert snapshot() == before
    settings.RAG_READ_BESIDE = False  # the reader turned off: the engine reads on its own
    IndicatorStatus.objects.filter(id__in=ids_every(11)).update(direction="sideways")
    assert status.statuses_recompute() == len(ids_every(11))
    assert len(readers) == 2
    assert snapshot() == before
