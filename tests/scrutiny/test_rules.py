"""Pure scrutiny rules: status from the Monitor's Action text, expected completion, action
RAG and due dates, the chase window, CSV cell escaping."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.spreadsheets import safe_cell
from scrutiny import rules
from scrutiny.rules import ActionState, Due

# Every Action text of seed 004's Recommendations Monitor, with the status it states.
SEED_ACTION_TEXTS = [
    (
        "A response to this recommendation has been requested and will be reported back to "
        "the Committee via the Overview report.",
        rules.RESPONSE_REQUESTED,
    ),
    ("This recommendation has been completed.", rules.COMPLETED),
    (
        "A response to this recommendation was circulated to Members by email on 14 June 2019.",
        rules.COMPLETED,
    ),
    (
        "A response to this recommendation has been requested and will be circulated to "
        "Members by email.",
        rules.RESPONSE_REQUESTED,
    ),
    ("This visit has been arranged for 18 July 2019.", rules.IN_PROGRESS),
    (
        "A response to this recommendation will be reported back to the Committee via the "
        "Overview report.",
        rules.AWAITING_RESPONSE,
    ),
    (
        "A response to this recommendation will be circulated to Members by email.",
        rules.AWAITING_RESPONSE,
    ),
    (
        "A response to this recommendation is appended to this Overview Report as an item for "
        "information.",
        rules.COMPLETED,
    ),
]


@pytest.mark.parametrize(("text", "status"), SEED_ACTION_TEXTS)
def test_status_from_seed_action_texts(text, status):
    assert rules.status_from_action(text) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("", rules.AWAITING_RESPONSE),
        ("This recommendation is no longer required.", rules.NO_LONGER_REQUIRED),
        ("The recommendation has been closed by the Committee.", rules.CLOSED),
        ("Work on this is in progress.", rules.IN_PROGRESS),
    ],
)
def test_status_from_other_texts(text, status):
    assert rules.status_from_action(text) == status


@given(st.text())
def test_status_from_any_text_is_a_known_status(text):
    assert rules.status_from_action(text) in rules.RECOMMENDATION_STATUSES


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Completed", rules.ACTION_COMPLETED),
        ("Partially completed", rules.PARTIALLY_COMPLETED),
        ("Partially Completed", rules.PARTIALLY_COMPLETED),
        ("Ongoing", rules.ONGOING),
        ("Dates to be confirmed", rules.DATES_TO_BE_CONFIRMED),
        ("Not started", rules.NOT_STARTED),
    ],
)
def test_action_status_from_printed_word(word, status):
    assert rules.action_status_from_text(word) == status


def test_unknown_action_status_is_refused():
    with pytest.raises(ValueError):
        rules.action_status_from_text("Nearly there")


@pytest.mark.parametrize(
    ("text", "expected_date", "recurrence"),
    [
        ("31.08.19", date(2019, 8, 31), ""),
        ("28.02.19", date(2019, 2, 28), ""),
        ("01.07.19", date(2019, 7, 1), ""),
        ("Monthly", None, rules.MONTHLY),
        ("October 2019", date(2019, 10, 31), ""),
        ("February 2020", date(2020, 2, 29), ""),
        ("", None, ""),
    ],
)
def test_parse_expected(text, expected_date, recurrence):
    expected = rules.parse_expected(text)
    assert (expected.date, expected.recurrence, expected.text) == (expected_date, recurrence, text)


@pytest.mark.parametrize("text", ["soon", "32.01.19", "Smarch 2019"])
def test_parse_expected_refuses_nonsense(text):
    with pytest.raises(ValueError):
        rules.parse_expected(text)


@pytest.mark.parametrize(
    ("recurrence", "day", "bounds"),
    [
        (rules.MONTHLY, date(2019, 7, 17), (date(2019, 7, 1), date(2019, 7, 31))),
        (rules.QUARTERLY, date(2019, 7, 17), (date(2019, 7, 1), date(2019, 9, 30))),
        (rules.QUARTERLY, date(2019, 4, 1), (date(2019, 4, 1), date(2019, 6, 30))),
        (rules.QUARTERLY, date(2020, 2, 10), (date(2020, 1, 1), date(2020, 3, 31))),
        (rules.QUARTERLY, date(2019, 12, 31), (date(2019, 10, 1), date(2019, 12, 31))),
        (rules.ANNUALLY, date(2019, 7, 17), (date(2019, 4, 1), date(2020, 3, 31))),
        (rules.ANNUALLY, date(2020, 3, 31), (date(2019, 4, 1), date(2020, 3, 31))),
    ],
)
def test_period_bounds(recurrence, day, bounds):
    assert rules.period_bounds(recurrence, day) == bounds


@given(
    st.sampled_from([rules.MONTHLY, rules.QUARTERLY, rules.ANNUALLY]),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
)
def test_period_bounds_contain_the_day(recurrence, day):
    start, end = rules.period_bounds(recurrence, day)
    assert start <= day <= end
    assert rules.period_bounds(recurrence, start) == (start, end)
    assert rules.period_bounds(recurrence, end + timedelta(days=1))[0] == end + timedelta(days=1)


TODAY = date(2019, 7, 17)


@pytest.mark.parametrize(
    ("due", "rag"),
    [
        (Due(date(2019, 1, 1), True), rules.GREEN),  # completed, even when late
        (Due(None, True), rules.GREEN),
        (Due(None, False), rules.NOT_RATED),
        (Due(TODAY - timedelta(days=1), False), rules.RED),  # overdue
        (Due(TODAY, False), rules.AMBER),  # due today is not yet overdue
        (Due(TODAY + timedelta(days=30), False), rules.AMBER),  # within 30 days
        (Due(TODAY + timedelta(days=31), False), rules.GREEN),  # on track
    ],
)
def test_rag_for_due_boundaries(due, rag):
    assert rules.rag_for_due(due, TODAY) == rag


@given(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    st.booleans(),
)
def test_rag_rule_properties(due_date, today, done):
    rag = rules.rag_for_due(Due(due_date, done), today)
    if done:
        assert rag == rules.GREEN
    elif due_date < today:
        assert rag == rules.RED
    elif (due_date - today).days <= 30:
        assert rag == rules.AMBER
    else:
        assert rag == rules.GREEN


def test_one_off_action_due_on_its_date():
    state = ActionState(status=rules.ONGOING, expected_date=date(2019, 7, 1))
    assert rules.action_due(state, TODAY) == Due(date(2019, 7, 1), False)
    assert rules.action_rag(state, TODAY) == rules.RED


def test_dates_to_be_confirmed_is_rated_by_its_printed_date():
    state = ActionState(status=rules.DATES_TO_BE_CONFIRMED, expected_date=date(2019, 8, 1))
    assert rules.action_rag(state, TODAY) == rules.AMBER


def test_monthly_action_completed_last_month_is_due_this_month():
    state = ActionState(
        status=rules.ACTION_COMPLETED,
        recurrence=rules.MONTHLY,
        completed_months=frozenset({date(2019, 6, 1)}),
        started=date(2019, 6, 1),
    )
    assert rules.action_due(state, TODAY) == Due(date(2019, 7, 31), False)
    assert rules.action_rag(state, TODAY) == rules.AMBER


def test_monthly_action_completed_this_month_is_green():
    state = ActionState(
        status=rules.ACTION_COMPLETED,
        recurrence=rules.MONTHLY,
        completed_months=frozenset({date(2019, 6, 1), date(2019, 7, 1)}),
        started=date(2019, 6, 1),
    )
    assert rules.action_rag(state, TODAY) == rules.GREEN


def test_monthly_action_that_missed_last_month_is_red():
    state = ActionState(
        status=rules.ACTION_COMPLETED,
        recurrence=rules.MONTHLY,
        completed_months=frozenset({date(2019, 5, 1)}),
        started=date(2019, 5, 1),
    )
    assert rules.action_due(state, TODAY) == Due(date(2019, 6, 30), False)
    assert rules.action_rag(state, TODAY) == rules.RED


def test_monthly_action_started_this_month_is_not_overdue_for_last_month():
    state = ActionState(
        status=rules.NOT_STARTED, recurrence=rules.MONTHLY, started=date(2019, 7, 3)
    )
    assert rules.action_due(state, TODAY) == Due(date(2019, 7, 31), False)


@pytest.mark.parametrize(
    ("due", "chase"),
    [
        (Due(TODAY - timedelta(days=400), False), True),
        (Due(TODAY, False), True),
        (Due(TODAY + timedelta(days=7), False), True),
        (Due(TODAY + timedelta(days=8), False), False),
        (Due(TODAY - timedelta(days=3), True), False),
        (Due(None, False), False),
    ],
)
def test_needs_chasing_window(due, chase):
    assert rules.needs_chasing(due, TODAY) is chase


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_safe(value, safe):
    assert safe_cell(value) == safe


def test_month_codes():
    assert rules.month_code(date(2019, 6, 30)) == "2019-06"
    assert rules.parse_month_code("2019-06") == date(2019, 6, 1)
    for bad in ("2019-13", "June 2019", "", "2019-6"):
        with pytest.raises(ValueError):
            rules.parse_month_code(bad)


@pytest.mark.parametrize(
    "typed, month",
    [
        ("October 2026", date(2026, 10, 1)),
        ("oct 2026", date(2026, 10, 1)),
        ("Sept. 2026", date(2026, 9, 1)),
        (" June,  2019 ", date(2019, 6, 1)),
        ("2026-10", date(2026, 10, 1)),
        ("10/2026", date(2026, 10, 1)),
    ],
)
def test_a_month_typed_in_words_or_digits(typed, month):
    assert rules.parse_month(typed) == month


@pytest.mark.parametrize("typed", ["Octember 2026", "2026-13", "13/2026", "October", "", "2026"])
def test_a_month_that_is_not_one_is_refused(typed):
    with pytest.raises(ValueError):
        rules.parse_month(typed)
