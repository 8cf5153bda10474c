"""The RAG rules of DOMAIN.md, pinned at every boundary, plus property tests."""

from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indicators import rag


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90", rag.GREEN),  # exactly on target
        ("95", rag.GREEN),
        ("89.99", rag.AMBER),
        ("85.5", rag.AMBER),  # exactly target - 5% band (90 - 4.5)
        ("85.49", rag.RED),
        ("0", rag.RED),
    ],
)
def test_higher_is_better_default_band(value, expected):
    assert rag.rate(value=D(value), target=D("90"), polarity=rag.HIGHER) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("426", rag.GREEN),  # adoption A1 days, exactly on target
        ("300", rag.GREEN),
        ("426.01", rag.AMBER),
        ("447.3", rag.AMBER),  # exactly target + 5% (426 + 21.3)
        ("447.31", rag.RED),
    ],
)
def test_lower_is_better_default_band(value, expected):
    assert rag.rate(value=D(value), target=D("426"), polarity=rag.LOWER) == expected


def test_explicit_band_replaces_the_default():
    kwargs = {"target": D("90"), "polarity": rag.HIGHER, "band": D("2")}
    assert rag.rate(value=D("88"), **kwargs) == rag.AMBER
    assert rag.rate(value=D("87.99"), **kwargs) == rag.RED
    assert rag.rate(value=D("86"), target=D("90"), polarity=rag.HIGHER, band=D("0")) == rag.RED
    assert rag.rate(value=D("90"), target=D("90"), polarity=rag.HIGHER, band=D("0")) == rag.GREEN


def test_zero_target_lower_is_better():
    # "No Looked After Child will be permanently excluded": 0 is green, anything else red
    assert rag.rate(value=D("0"), target=D("0"), polarity=rag.LOWER) == rag.GREEN
    assert rag.rate(value=D("1"), target=D("0"), polarity=rag.LOWER) == rag.RED


def test_no_data_and_not_rated():
    assert rag.rate(value=None, target=D("90"), polarity=rag.HIGHER) == rag.NO_DATA
    assert rag.rate(value=None, target=None, polarity=rag.HIGHER) == rag.NO_DATA
    assert rag.rate(value=D("50"), target=None, polarity=rag.HIGHER) == rag.NOT_RATED


def test_float_is_refused():
    with pytest.raises(TypeError, match="never float"):
        rag.rate(value=89.9, target=D("90"), polarity=rag.HIGHER)


def test_bad_polarity_and_negative_band_are_refused():
    with pytest.raises(ValueError, match="Polarity"):
        rag.rate(value=D("1"), target=D("1"), polarity="up")
    with pytest.raises(ValueError, match="negative"):
        rag.rate(value=D("1"), target=D("1"), polarity=rag.HIGHER, band=D("-1"))


def test_cumulative_domain_example_is_red():
    # 15 adoptions in Q1 and 13 in Q2 against 60 a year: 28 vs 30 at the end of Q2, band 1.5
    rating = rag.rate_cumulative(
        ytd_value=D(15 + 13), annual_target=D("60"), months_elapsed=6, polarity=rag.HIGHER
    )
    assert rating == rag.Rating(rag.RED, D("28"), D("30"), D("1.5"))


def test_cumulative_boundaries():
    kwargs = {"annual_target": D("60"), "months_elapsed": 6, "polarity": rag.HIGHER}
    assert rag.rate_cumulative(ytd_value=D("30"), **kwargs).rag == rag.GREEN
    assert rag.rate_cumulative(ytd_value=D("28.5"), **kwargs).rag == rag.AMBER
    assert rag.rate_cumulative(ytd_value=D("28.4"), **kwargs).rag == rag.RED
    assert (
        rag.rate_cumulative(
            ytd_value=D("60"), annual_target=D("60"), months_elapsed=12, polarity=rag.HIGHER
        ).rag
        == rag.GREEN
    )
    explicit = rag.rate_cumulative(ytd_value=D("27"), band=D("6"), **kwargs)
    assert (explicit.band, explicit.rag) == (D("3"), rag.AMBER)
    assert (
        rag.rate_cumulative(
            ytd_value=D("5"), annual_target=None, months_elapsed=3, polarity=rag.HIGHER
        ).rag
        == rag.NOT_RATED
    )


def test_pro_rata_target():
    assert rag.pro_rata_target(annual_target=D("60"), months_elapsed=3) == D("15")
    assert rag.pro_rata_target(annual_target=D("100"), months_elapsed=1) == D("100") / 12
    with pytest.raises(ValueError):
        rag.pro_rata_target(annual_target=D("60"), months_elapsed=13)


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        ("91", "90", rag.HIGHER, rag.IMPROVING),
        ("89", "90", rag.HIGHER, rag.WORSENING),
        ("90", "90", rag.HIGHER, rag.NO_CHANGE),
        ("400", "426", rag.LOWER, rag.IMPROVING),
        ("430", "426", rag.LOWER, rag.WORSENING),
        ("90.00", "90", rag.LOWER, rag.NO_CHANGE),
    ],
)
def test_direction(current, previous, polarity, expected):
    assert rag.direction(current=D(current), previous=D(previous), polarity=polarity) == expected


def test_direction_needs_both_values():
    assert rag.direction(current=None, previous=D("1"), polarity=rag.HIGHER) is None
    assert rag.direction(current=D("1"), previous=None, polarity=rag.LOWER) is None


decimals = st.decimals(
    min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False
)
polarities = st.sampled_from([rag.HIGHER, rag.LOWER])


@given(value=decimals, step=decimals, target=decimals, polarity=polarities)
def test_moving_in_the_good_direction_never_worsens(value, step, target, polarity):
    better = value + step if polarity == rag.HIGHER else value - step
    assume(better >= 0)
    before = rag.rate(value=value, target=target, polarity=polarity)
    after = rag.rate(value=better, target=target, polarity=polarity)
    assert rag.RANK[after] >= rag.RANK[before]


@given(value=decimals, target=decimals, band=decimals, extra=decimals, polarity=polarities)
def test_widening_the_band_never_worsens(value, target, band, extra, polarity):
    narrow = rag.rate(value=value, target=target, polarity=polarity, band=band)
    wide = rag.rate(value=value, target=target, polarity=polarity, band=band + extra)
    assert rag.RANK[wide] >= rag.RANK[narrow]


@given(target=decimals, polarity=polarities)
def test_on_target_is_always_green(target, polarity):
    assert rag.rate(value=target, target=target, polarity=polarity) == rag.GREEN


@given(current=decimals, previous=decimals, polarity=polarities)
def test_direction_is_antisymmetric(current, previous, polarity):
    forward = rag.direction(current=current, previous=previous, polarity=polarity)
    backward = rag.direction(current=previous, previous=current, polarity=polarity)
    flipped = {
        rag.IMPROVING: rag.WORSENING,
        rag.WORSENING: rag.IMPROVING,
        rag.NO_CHANGE: rag.NO_CHANGE,
    }
    assert backward == flipped[forward]
