"""Year-end projection: straight-line trend, flags by the RAG rules, labelled as a projection."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators import forecast
from indicators.forecast import Point, project


def pts(*values, start=-5):
    return [Point(start + i, D(v), f"P{i}") for i, v in enumerate(values)]


def test_linear_trend_is_read_at_the_year_end_and_flagged():
    # 80, 82, ... rising 2 a period; three periods to go from index 0 -> 90 at index 3.
    p = project(
        points=pts("80", "82", "84", "86", "88", start=-4),
        year_end_index=1,
        year_label="2019/20",
        target=D("90"),
        polarity="higher",
        unit="percent",
    )
    assert p.value == D("90") and p.flag == forecast.ON_COURSE and p.slope == D("2")
    assert p.explanation == (
        "Projection: 90% by the end of 2019/20, from a straight-line trend "
        "over 5 figures (P0 to P4), against a target of 90%: on course."
    )
    risk = project(
        points=pts("80", "82", "84", "86", "88", start=-4),
        year_end_index=0,
        year_label="2019/20",
        target=D("90"),
        polarity="higher",
        unit="percent",
    )
    assert risk.value == D("88") and risk.flag == forecast.AT_RISK  # within the 5% band
    off = project(
        points=pts("80", "78", "76"),
        year_end_index=2,
        year_label="Y",
        target=D("90"),
        polarity="higher",
        unit="percent",
    )
    assert off.flag == forecast.OFF_COURSE and off.flag_label == "Off course"


def test_lower_is_better_and_explicit_band():
    p = project(
        points=pts("30", "28", "26"),
        year_end_index=-2,
        year_label="Y",
        target=D("25"),
        band=D("1"),
        polarity="lower",
        unit="days",
    )
    assert p.value == D("24") and p.flag == forecast.ON_COURSE


def test_no_projection_without_target_or_with_one_figure():
    assert (
        project(
            points=pts("1", "2"),
            year_end_index=3,
            year_label="Y",
            target=None,
            polarity="higher",
            unit="count",
        )
        is None
    )
    assert (
        project(
            points=pts("1"),
            year_end_index=3,
            year_label="Y",
            target=D("2"),
            polarity="higher",
            unit="count",
        )
        is None
    )


def test_cumulative_adds_projected_flows_to_the_year_to_date():
    # Flows of 10, 12, 14 in months 1-3 (ytd 36); the line gives 16+18+...+34 for months 4-12.
    points = [Point(i - 3, D(v), f"M{i}") for i, v in enumerate(["10", "12", "14"], start=1)]
    p = project(
        points=points,
        year_end_index=9,
        year_label="Y",
        target=D("250"),
        polarity="higher",
        unit="count",
        cumulative=True,
        ytd=D("36"),
    )
    assert p.value == D("36") + sum(D(16 + 2 * k) for k in range(9))
    assert p.flag == forecast.ON_COURSE


def test_complete_year_reports_the_actual():
    p = project(
        points=pts("70", "95", start=-1),
        year_end_index=0,
        year_label="2018/19",
        target=D("90"),
        polarity="higher",
        unit="percent",
    )
    assert p.complete and p.value == D("95")
    assert p.explanation.startswith("The year is complete: 2018/19 ended at 95%")


def test_projection_is_bounded():
    # Three figures now (the minimum; it was two).
    p = project(
        points=pts("81", "90", "99"),
        year_end_index=10,
        year_label="Y",
        target=D("95"),
        polarity="higher",
        unit="percent",
    )
    assert p.value == D("100")
    q = project(
        points=pts("18", "10", "2"),
        year_end_index=10,
        year_label="Y",
        target=D("5"),
        polarity="lower",
        unit="count",
    )
    assert q.value == D("0")


@given(
    intercept=st.integers(-50, 500),
    slope=st.integers(-20, 20),
    n=st.integers(3, 6),
    ahead=st.integers(1, 11),
)
def test_exact_line_is_projected_exactly(intercept, slope, n, ahead):
    points = [Point(i, D(intercept + slope * i), str(i)) for i in range(-n + 1, 1)]
    p = project(
        points=points,
        year_end_index=ahead,
        year_label="Y",
        target=D(1),
        polarity="higher",
        unit="count",
    )
    assert p.value == max(D(0), D(intercept + slope * ahead))


@pytest.mark.django_db
def test_forecasts_for_reads_approved_returns_up_to_the_date():
    from datetime import date

    from indicators.models import Indicator, Period, Return
    from indicators.selectors import forecasts_for

    ind = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    for month, value in [
        ("2019-04", "80"),
        ("2019-05", "81"),
        ("2019-06", "82"),
        ("2019-07", "99"),
    ]:
        Return.objects.create(
            indicator=ind,
            period=Period.objects.get(code=month),
            value=D(value),
            status=Return.Status.APPROVED,
        )
    got = forecasts_for(indicators=[ind], as_of=date(2019, 6, 30))[ind.id]
    # 80, 81, 82 at June; nine months to March 2020 -> 91, target 90 for 2019/20.
    assert got.value == D("91") and got.flag == forecast.ON_COURSE
    # The year is named as the Board says it ("2019/20"; was "2019/20 (financial year)").
    assert got.year_label == "2019/20" and "3 figures" in got.explanation
    assert got.text == "Projected 91% against 90% for 2019/20"


@pytest.mark.django_db
def test_load_data_reads_only_returns_ended_in_the_window():
    from datetime import date

    from indicators.models import Indicator, Period, Return
    from indicators.status import load_data

    ind = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    for month in ("2012-05", "2019-05", "2019-08"):
        period = Period.objects.filter(code=month).first()
        if period:
            Return.objects.create(
                indicator=ind, period=period, value=D("80"), status=Return.Status.APPROVED
            )
    [data] = load_data([ind], ended_between=(date(2016, 1, 1), date(2019, 6, 30)))
    assert set(data.returns) == {"2019-05"}


UNITS = ["percent", "count", "days", "average", "rate_1000", "rate_10000", "rate_100000"]
figures = st.decimals(
    min_value=-500, max_value=5000, places=4, allow_nan=False, allow_infinity=False
)


def test_no_projection_from_fewer_than_three_figures():
    two = project(
        points=pts("80", "60"),
        year_end_index=9,
        year_label="Y",
        target=D("90"),
        polarity="higher",
        unit="percent",
    )
    assert two is None  # one low month after one figure no longer projects 0%
    three = project(
        points=pts("80", "82", "60"),
        year_end_index=9,
        year_label="Y",
        target=D("90"),
        polarity="higher",
        unit="percent",
    )
    assert three is not None and D(0) <= three.value <= D(100)
    assert forecast.MIN_FIGURES == 3


@given(
    values=st.lists(figures, min_size=3, max_size=6),
    ahead=st.integers(1, 11),
    unit=st.sampled_from(UNITS),
    cumulative=st.booleans(),
    polarity=st.sampled_from(["higher", "lower"]),
)
def test_projection_stays_within_the_units_range(values, ahead, unit, cumulative, polarity):
    points = [Point(i - len(values) + 1, v, str(i)) for i, v in enumerate(values)]
    ytd = sum((max(v, D(0)) for v in values), D(0)) if cumulative else None
    p = project(
        points=points,
        year_end_index=ahead,
        year_label="Y",
        target=D(50),
        polarity=polarity,
        unit=unit,
        cumulative=cumulative,
        ytd=ytd,
    )
    assert p is not None and not p.complete
    assert p.value >= 0
    if unit == "percent" and not cumulative:
        assert p.value <= 100
    if cumulative and unit != "percent":  # a cumulative sum is a count, never a percentage
        assert p.value >= ytd  # the periods still to come never take the total down


@given(
    values=st.lists(figures, min_size=0, max_size=6),
    ahead=st.integers(1, 11),
    unit=st.sampled_from(UNITS),
)
def test_projection_needs_three_figures_in_the_window(values, ahead, unit):
    points = [Point(i - len(values) + 1, v, str(i)) for i, v in enumerate(values)]
    p = project(
        points=points,
        year_end_index=ahead,
        year_label="Y",
        target=D(50),
        polarity="higher",
        unit=unit,
    )
    assert (p is None) == (len(values) < 3)


def test_projection_is_shown_with_the_year_target_it_is_rated_against():
    # Adoptions 15, 15 and 14 in Q1-Q3 (44 so far): the line (slope -0.5) gives 13.67 for Q4,
    # 57.67 for the year against 60 a year (band 3): at risk. The tile's pro-rata target (45
    # at Q3) is not the one the projection is rated against.
    points = [Point(-2, D("15"), "Q1"), Point(-1, D("15"), "Q2"), Point(0, D("14"), "Q3")]
    p = project(
        points=points,
        year_end_index=1,
        year_label="2026/27",
        target=D("60"),
        polarity="higher",
        unit="count",
        cumulative=True,
        ytd=D("44"),
    )
    assert p.target == D("60") and p.year_label == "2026/27"
    assert p.value == D("57.6667") and p.flag == forecast.AT_RISK
    assert p.text == "Projected 57.7 against 60 for 2026/27"


def test_projection_text_uses_the_precision_rule():
    # 89.96 against 90: shown to two places so the words (at risk) are not contradicted.
    p = project(
        points=pts("89.96", "89.96", "89.96", start=-2),
        year_end_index=1,
        year_label="2019/20",
        target=D("90"),
        polarity="higher",
        unit="percent",
    )
    assert p.text == "Projected 89.96% against 90% for 2019/20" and p.flag == forecast.AT_RISK
    assert "Projection: 89.96% by the end of 2019/20" in p.explanation
