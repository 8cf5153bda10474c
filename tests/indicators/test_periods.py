"""The period calendar (indicators/periods.py): codes, boundaries and arithmetic."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators import periods as p


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2019-05", p.MONTH, date(2019, 5, 1), date(2019, 5, 31)),
        ("2020-02", p.MONTH, date(2020, 2, 1), date(2020, 2, 29)),
        ("FY2019-20-Q1", p.FIN_QUARTER, date(2019, 4, 1), date(2019, 6, 30)),
        ("FY2019-20-Q2", p.FIN_QUARTER, date(2019, 7, 1), date(2019, 9, 30)),
        ("FY2019-20-Q3", p.FIN_QUARTER, date(2019, 10, 1), date(2019, 12, 31)),
        ("FY2019-20-Q4", p.FIN_QUARTER, date(2020, 1, 1), date(2020, 3, 31)),
        ("FY2019-20", p.FIN_YEAR, date(2019, 4, 1), date(2020, 3, 31)),
        ("AY2019-20", p.ACAD_YEAR, date(2019, 9, 1), date(2020, 8, 31)),
        ("2019", p.CAL_YEAR, date(2019, 1, 1), date(2019, 12, 31)),
    ],
)
def test_parse_codes(code, kind, start, end):
    period = p.parse(code)
    assert (period.kind, period.start, period.end, period.code) == (kind, start, end, code)


@pytest.mark.parametrize(
    "bad", ["", "2019-13", "FY2019-21", "FY2019-20-Q5", "Q1 2019", "AY2019-2020"]
)
def test_bad_codes_get_a_clear_message(bad):
    with pytest.raises(p.PeriodError, match="period code|month|follow|Quarter|not a"):
        p.parse(bad)


def test_shift_and_previous_cross_year_boundaries():
    assert p.previous(p.parse("FY2019-20-Q1")).code == "FY2018-19-Q4"
    assert p.shift(p.parse("FY2018-19-Q4"), 1).code == "FY2019-20-Q1"
    assert p.previous(p.parse("2019-01")).code == "2018-12"
    assert p.previous(p.parse("AY2019-20")).code == "AY2018-19"


def test_year_containing_by_basis():
    assert p.year_containing(p.parse("2019-03"), p.FINANCIAL).code == "FY2018-19"
    assert p.year_containing(p.parse("2019-04"), p.FINANCIAL).code == "FY2019-20"
    assert p.year_containing(p.parse("2019-08"), p.ACADEMIC).code == "AY2018-19"
    assert p.year_containing(p.parse("2019-09"), p.ACADEMIC).code == "AY2019-20"


def test_months_elapsed_for_pro_rata():
    year = p.parse("FY2019-20")
    assert p.months_elapsed(p.parse("FY2019-20-Q1"), year) == 3
    assert p.months_elapsed(p.parse("FY2019-20-Q2"), year) == 6
    assert p.months_elapsed(p.parse("2020-03"), year) == 12
    assert p.months_elapsed(p.parse("2019-04"), year) == 1


def test_quarter_of_and_months_in():
    assert p.quarter_of(p.parse("2020-02")).code == "FY2019-20-Q4"
    assert [m.code for m in p.months_in(p.parse("FY2019-20-Q2"))] == [
        "2019-07",
        "2019-08",
        "2019-09",
    ]


def test_latest_complete_quarter():
    assert p.latest_complete(p.FIN_QUARTER, date(2019, 10, 15)).code == "FY2019-20-Q2"
    assert p.latest_complete(p.FIN_QUARTER, date(2019, 4, 1)).code == "FY2018-19-Q4"


@given(
    st.integers(min_value=2000, max_value=2100),
    st.integers(min_value=-40, max_value=40),
    st.sampled_from([p.MONTH, p.FIN_QUARTER, p.FIN_YEAR, p.ACAD_YEAR, p.CAL_YEAR]),
)
def test_shift_round_trips_and_codes_parse_back(year, steps, kind):
    start = p.containing(date(year, 6, 15), kind)
    moved = p.shift(start, steps)
    assert p.parse(moved.code) == moved
    assert p.shift(moved, -steps) == start
    if steps > 0:
        assert moved.start > start.end


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_is_in_exactly_one_quarter_and_month(day):
    quarter = p.containing(day, p.FIN_QUARTER)
    assert quarter.start <= day <= quarter.end
    assert quarter.contains(p.containing(day, p.MONTH))
    assert p.containing(day, p.FIN_YEAR).contains(quarter)


def test_year_of_is_the_year_itself_or_the_one_holding_the_period():
    assert p.year_of(p.parse("FY2019-20")).code == "FY2019-20"
    assert p.year_of(p.parse("AY2019-20"), p.ACADEMIC).code == "AY2019-20"
    assert p.year_of(p.parse("FY2019-20-Q4")).code == "FY2019-20"
    assert p.year_of(p.parse("2019-08"), p.ACADEMIC).code == "AY2018-19"


def test_working_days():
    assert p.add_working_days(date(2019, 5, 31), 15) == date(2019, 6, 21)
    assert p.add_working_days(date(2019, 6, 29), 1) == date(2019, 7, 1)  # Saturday -> Monday
    assert p.working_days_between(date(2019, 6, 18), date(2019, 6, 21)) == 3
    assert p.working_days_between(date(2019, 6, 21), date(2019, 6, 24)) == 1  # over a weekend
    assert p.working_days_between(date(2019, 6, 21), date(2019, 6, 21)) == 0
