"""core.bulk.upsert: many rows inserted or updated at once, keyed by a unique constraint (on
PostgreSQL by COPY into a staging table, elsewhere by bulk_create). The suite runs on both
databases (make test, then .ci/run on PostgreSQL), so each test checks both ways."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, connection, transaction

from core import bulk
from indicators.models import Area, Indicator, IndicatorStatus, Period

STATUS_FIELDS = ["indicator_id", "period_id", "value", "target", "band", "rag", "direction"]
STATUS_FIELDS += ["is_synthetic", "computed_at"]
UNIQUE = ["indicator_id", "period_id"]
AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def test_rows_are_written_as_copy_reads_them():
    text = bulk.copy_rows(
        [
            (1, None, True, False, D("12.3400"), "a\tb\nc\\d\re", AT, date(2026, 4, 1)),
            (Area.Kind.WARD, D("-0.0001"), 0, "", "plain", None, False, 7),
        ]
    ).getvalue()
    assert text.splitlines() == [
        "1\t\\N\tt\tf\t12.3400\ta\\tb\\nc\\\\d\\re\t2026-12-07T09:30:00+00:00\t2026-04-01",
        "ward\t-0.0001\t0\t\tplain\t\\N\tf\t7",
    ]
    with pytest.raises(TypeError, match="float"):
        bulk.copy_rows([(1.5,)])


def status_row(indicator, period, value, rag, direction=None):
    return (indicator.id, period.id, D(value), D("90"), D("4.5"), rag, direction, False, AT)


@pytest.mark.django_db
def test_new_rows_are_inserted_and_existing_ones_updated_in_place():
    lac = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    adoptions = Indicator.objects.get(code="ADOPTIONS")
    april, may = Period.objects.get(code="2019-04"), Period.objects.get(code="2019-05")
    bulk.upsert(
        IndicatorStatus,
        STATUS_FIELDS,
        [status_row(lac, april, "91", "green"), status_row(adoptions, april, "12", "red")],
        unique=UNIQUE,
    )
    first = IndicatorStatus.objects.get(indicator=lac, period=april)
    other = IndicatorStatus.objects.get(indicator=adoptions, period=april)
    later = datetime(2026, 12, 8, tzinfo=UTC)
    written = bulk.upsert(
        IndicatorStatus,
        STATUS_FIELDS,
        [
            (*status_row(lac, april, "80.5", "red", "worsening")[:-1], later),
            status_row(lac, may, "95", "green", "improving"),
        ],
        unique=UNIQUE,
    )
    assert written == 2
    again = IndicatorStatus.objects.get(pk=first.pk)  # the same row, its figures replaced
    assert (again.value, again.rag, again.direction, again.computed_at) == (
        D("80.5"),
        "red",
        "worsening",
        later,
    )
    new = IndicatorStatus.objects.get(indicator=lac, period=may)
    assert (new.value, new.target, new.band, new.is_synthetic) == (
        D("95"),
        D("90"),
        D("4.5"),
        False,
    )
    assert IndicatorStatus.objects.get(pk=other.pk).computed_at == other.computed_at == AT
    assert IndicatorStatus.objects.count() == 3
    assert bulk.upsert(IndicatorStatus, STATUS_FIELDS, [], unique=UNIQUE) == 0


@pytest.mark.django_db
def test_text_with_tabs_and_line_ends_survives_and_a_failure_writes_nothing():
    city = Area.objects.get(kind=Area.Kind.CITY)
    fields = ["code", "name", "kind", "parent_id", "order", "source"]
    odd = "North\tand\\South\nWards\r"
    bulk.upsert(Area, fields, [("odd-area", odd, "locality", city.id, 9, "")], unique=["code"])
    assert Area.objects.get(code="odd-area").name == odd
    before = set(Area.objects.values_list("code", "name"))
    with pytest.raises(IntegrityError), transaction.atomic():  # a name is required
        bulk.upsert(
            Area,
            fields,
            [
                ("odd-area", "Renamed", "locality", city.id, 9, ""),
                ("no-name", None, "ward", city.id, 1, ""),
            ],
            unique=["code"],
        )
    assert set(Area.objects.values_list("code", "name")) == before
    # the connection is still usable, and so is its staging table
    bulk.upsert(
        Area, fields, [("odd-area", "Renamed", "locality", city.id, 9, "")], unique=["code"]
    )
    assert Area.objects.get(code="odd-area").name == "Renamed"
    assert connection.is_usable()


@pytest.mark.django_db
def test_rows_given_as_lines_are_written_with_their_own_null_word():
    """upsert_lines (PostgreSQL): the RAG engine's lines, str() of each value, None for NULL."""
    lac = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    april, may = Period.objects.get(code="2019-04"), Period.objects.get(code="2019-05")
    stamp = AT.isoformat()
    lines = [
        f"{lac.id}\t{april.id}\t91.0000\t90.0000\t4.5000\tgreen\tNone\tFalse\t{stamp}",
        f"{lac.id}\t{may.id}\tNone\t90.0000\tNone\tno_data\timproving\tTrue\t{stamp}",
    ]
    if connection.vendor != "postgresql":
        with pytest.raises(NotImplementedError, match="PostgreSQL only"):
            bulk.upsert_lines(IndicatorStatus, STATUS_FIELDS, lines, unique=UNIQUE, null="None")
        return
    assert bulk.upsert_lines(IndicatorStatus, STATUS_FIELDS, lines, unique=UNIQUE, null="None") == 2
    first = IndicatorStatus.objects.get(indicator=lac, period=april)
    second = IndicatorStatus.objects.get(indicator=lac, period=may)
    assert (first.value, first.direction, first.is_synthetic, first.computed_at) == (
        D("91"),
        None,
        False,
        AT,
    )
    assert (second.value, second.band, second.rag, second.is_synthetic) == (
        None,
        None,
        "no_data",
        True,
    )
    changed = [lines[0].replace("\tgreen\t", "\tamber\t")]
    assert bulk.upsert_lines(IndicatorStatus, STATUS_FIELDS, changed, unique=UNIQUE, null="None")
    assert IndicatorStatus.objects.get(pk=first.pk).rag == "amber"  # in place
    assert IndicatorStatus.objects.count() == 2
    assert bulk.upsert_lines(IndicatorStatus, STATUS_FIELDS, [], unique=UNIQUE, null="None") == 0
