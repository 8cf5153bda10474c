"""Pure scrutiny rules, no Django: status from a response, action due dates and RAG, chasing.

Everything here takes plain values (dates, strings) so it can be tested exhaustively.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# Recommendation statuses (issue 5). Open ones are chased; closed ones are not.
AWAITING_RESPONSE = "awaiting_response"
RESPONSE_REQUESTED = "response_requested"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
CLOSED = "closed"
NO_LONGER_REQUIRED = "no_longer_required"
RECOMMENDATION_STATUSES = {
    AWAITING_RESPONSE: "Awaiting response",
    RESPONSE_REQUESTED: "Response requested",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
    CLOSED: "Closed",
    NO_LONGER_REQUIRED: "No longer required",
}
OPEN_RECOMMENDATION_STATUSES = frozenset({AWAITING_RESPONSE, RESPONSE_REQUESTED, IN_PROGRESS})
CLOSED_RECOMMENDATION_STATUSES = frozenset({COMPLETED, CLOSED, NO_LONGER_REQUIRED})

# Action statuses (issue 5; the HMIP plan prints Completed, Partially completed, Ongoing and
# Dates to be confirmed).
NOT_STARTED = "not_started"
ONGOING = "ongoing"
PARTIALLY_COMPLETED = "partially_completed"
ACTION_COMPLETED = "completed"
DATES_TO_BE_CONFIRMED = "dates_to_be_confirmed"
ACTION_STATUSES = {
    NOT_STARTED: "Not started",
    ONGOING: "Ongoing",
    PARTIALLY_COMPLETED: "Partially completed",
    ACTION_COMPLETED: "Completed",
    DATES_TO_BE_CONFIRMED: "Dates to be confirmed",
}

MONTHLY = "monthly"
QUARTERLY = "quarterly"
ANNUALLY = "annually"
RECURRENCES = {MONTHLY: "Monthly", QUARTERLY: "Quarterly", ANNUALLY: "Annually"}

GREEN, AMBER, RED, NOT_RATED = "green", "amber", "red", "not_rated"
AMBER_WINDOW_DAYS = 30
CHASE_WINDOW_DAYS = 7

# Read a status from the Action (response) text of the Recommendations Monitor. First match
# wins; the order matters ("has been requested" before "will be").
_STATUS_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\bno longer required\b", re.I), NO_LONGER_REQUIRED),
    (re.compile(r"\bhas been closed\b|\bis closed\b", re.I), CLOSED),
    (re.compile(r"\bhas been completed\b|\bis complete\b", re.I), COMPLETED),
    (re.compile(r"\bwas circulated\b|\bhas been circulated\b", re.I), COMPLETED),
    (re.compile(r"\bis appended\b|\bhas been appended\b", re.I), COMPLETED),
    (re.compile(r"\bhas been requested\b", re.I), RESPONSE_REQUESTED),
    (re.compile(r"\bhas been arranged\b|\bis being\b|\bin progress\b", re.I), IN_PROGRESS),
    (re.compile(r"\bwill be\b", re.I), AWAITING_RESPONSE),
]


def status_from_action(text: str) -> str:
    """The recommendation status the Monitor's Action text states (awaiting response if none).

    "This recommendation has been completed." -> completed; "... was circulated to Members
    by email on 14 June 2019." -> completed; "... has been requested and will be circulated"
    -> response requested; "This visit has been arranged for ..." -> in progress; "... will be
    reported back ..." -> awaiting response.
    """
    for pattern, status in _STATUS_PATTERNS:
        if pattern.search(text or ""):
            return status
    return AWAITING_RESPONSE


_ACTION_STATUS_WORDS = {label.lower(): code for code, label in ACTION_STATUSES.items()}


def action_status_from_text(text: str) -> str:
    """An action status from the printed word: "Partially Completed" -> partially_completed."""
    key = " ".join((text or "").split()).lower().rstrip(".")
    try:
        return _ACTION_STATUS_WORDS[key]
    except KeyError as exc:
        raise ValueError(f"Unknown action status {text!r}.") from exc


@dataclass(frozen=True)
class Expected:
    """An expected completion as printed, read as a date and/or a recurrence."""

    text: str
    date: date | None
    recurrence: str


_DDMMYY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\s+(\d{4})$")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}


def parse_expected(text: str) -> Expected:
    """Read "31.08.19" (a date), "Monthly" (a recurrence) or "October 2019" (by its last day)."""
    raw = " ".join((text or "").split())
    if not raw:
        return Expected("", None, "")
    if raw.lower() in RECURRENCES:
        return Expected(raw, None, raw.lower())
    if match := _DDMMYY.match(raw):
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
        return Expected(raw, date(year, month, day), "")
    if (match := _MONTH_YEAR.match(raw)) and match.group(1).lower() in _MONTHS:
        month, year = _MONTHS[match.group(1).lower()], int(match.group(2))
        return Expected(raw, month_end(year, month), "")
    raise ValueError(f"Cannot read the expected completion {text!r}.")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(recurrence: str, day: date) -> tuple[date, date]:
    """The first and last day of the recurrence period containing `day`.

    Quarters are UK local government financial quarters (Q1 April-June); years are financial
    years (April-March).
    """
    if recurrence == MONTHLY:
        return day.replace(day=1), month_end(day.year, day.month)
    if recurrence == QUARTERLY:
        first_month = ((day.month - 4) % 12) // 3 * 3 + 4
        first_month = first_month if first_month <= 12 else first_month - 12
        year = day.year if day.month >= first_month else day.year - 1
        start = date(year, first_month, 1)
        end_month, end_year = first_month + 2, year
        if end_month > 12:
            end_month, end_year = end_month - 12, year + 1
        return start, month_end(end_year, end_month)
    if recurrence == ANNUALLY:
        year = day.year if day.month >= 4 else day.year - 1
        return date(year, 4, 1), date(year + 1, 3, 31)
    raise ValueError(f"Unknown recurrence {recurrence!r}.")


def month_code(day: date) -> str:
    """The canonical month period code, e.g. 2019-06."""
    return f"{day.year:04d}-{day.month:02d}"


MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTH_NAMES["sept"] = 9


def parse_month(text: str) -> date:
    """The first day of a month typed as "October 2026", "Oct 2026", "2026-10" or
    "10/2026" (what the progress form accepts); ValueError otherwise."""
    raw = " ".join((text or "").replace(",", " ").split())
    words = re.fullmatch(r"([A-Za-z]+)\.? (\d{4})", raw)
    if words and words.group(1).lower() in MONTH_NAMES:
        return date(int(words.group(2)), MONTH_NAMES[words.group(1).lower()], 1)
    slash = re.fullmatch(r"(\d{1,2})/(\d{4})", raw)
    if slash and 1 <= int(slash.group(1)) <= 12:
        return date(int(slash.group(2)), int(slash.group(1)), 1)
    return parse_month_code(raw)


def parse_month_code(code: str) -> date:
    """The first day of a month code like 2019-06."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", (code or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{code!r} is not a month like 2019-06.")
    return date(int(match.group(1)), int(match.group(2)), 1)


@dataclass(frozen=True)
class ActionState:
    """What the RAG and chase rules need to know about an action."""

    status: str
    expected_date: date | None = None
    recurrence: str = ""
    # First days of the months for which a "completed" update was recorded (recurring actions).
    completed_months: frozenset[date] = frozenset()
    # The first month the action ran (its first update, else when it was created).
    started: date | None = None


@dataclass(frozen=True)
class Due:
    """The occurrence of an action that matters today: its due date and whether it is done."""

    date: date | None
    done: bool


def action_due(state: ActionState, today: date) -> Due:
    """The due date that counts today.

    A one-off action is due on its expected date and done when its status is completed.
    A recurring action is due at the end of each period: if the previous period has no
    completed update (and the action was running then) that occurrence is overdue; otherwise
    the current period's occurrence counts, done when it has a completed update.
    """
    if not state.recurrence:
        return Due(state.expected_date, state.status == ACTION_COMPLETED)
    start, end = period_bounds(state.recurrence, today)
    if _completed_in(state, start, end):
        return Due(end, True)
    prev_start, prev_end = period_bounds(state.recurrence, start - timedelta(days=1))
    running_then = state.started is None or state.started <= prev_end
    if running_then and not _completed_in(state, prev_start, prev_end):
        return Due(prev_end, False)
    return Due(end, False)


def _completed_in(state: ActionState, start: date, end: date) -> bool:
    return any(start <= month <= end for month in state.completed_months)


def rag_for_due(due: Due, today: date) -> str:
    """Completed is Green; overdue and not completed is Red; due within 30 days and not
    completed is Amber; due later than that is Green (on track); no date is Not rated."""
    if due.done:
        return GREEN
    if due.date is None:
        return NOT_RATED
    if due.date < today:
        return RED
    if (due.date - today).days <= AMBER_WINDOW_DAYS:
        return AMBER
    return GREEN


def action_rag(state: ActionState, today: date) -> str:
    return rag_for_due(action_due(state, today), today)


UPDATE_DUE = "update_due"


def period_label(recurrence: str, day: date) -> str:
    """The recurrence period containing `day` in words: "November 2026" (a month), "Q3
    2026/27" (a financial quarter) or "2026/27" (a financial year)."""
    start, _ = period_bounds(recurrence, day)
    if recurrence == MONTHLY:
        return f"{calendar.month_name[start.month]} {start.year}"
    fin_year = start.year if start.month >= 4 else start.year - 1
    years = f"{fin_year}/{(fin_year + 1) % 100:02d}"
    if recurrence == QUARTERLY:
        return f"Q{((start.month - 4) % 12) // 3 + 1} {years}"
    return years


@dataclass(frozen=True)
class StatusWords:
    """What an action's status says today: a code (an action status, or UPDATE_DUE) and the
    words shown beside its RAG."""

    code: str
    label: str


def action_status_words(state: ActionState, today: date) -> StatusWords:
    """The status words that agree with the RAG.

    The stored status is the latest update's. For a recurring action whose latest update
    said "Completed" but whose occurrence that counts today is not done (no completed update
    for that period), the words are "Update due for <period>", naming the period the RAG
    rates: the previous period when it was missed (Red), else the current one. Everything
    else shows the stored status.
    """
    due = action_due(state, today)
    if state.recurrence and state.status == ACTION_COMPLETED and not due.done:
        when = due.date or today
        return StatusWords(UPDATE_DUE, f"Update due for {period_label(state.recurrence, when)}")
    return StatusWords(state.status, ACTION_STATUSES.get(state.status, state.status))


def needs_chasing(due: Due, today: date, window_days: int = CHASE_WINDOW_DAYS) -> bool:
    """Overdue, or due within `window_days` (today included), and not done."""
    if due.done or due.date is None:
        return False
    return due.date <= today + timedelta(days=window_days)


def recommendation_due(*, status: str, due_date: date | None) -> Due:
    return Due(due_date, status not in OPEN_RECOMMENDATION_STATUSES)


def outstanding_days(
    *, status: str, due_date: date | None, made_on: date, today: date
) -> int | None:
    """How many days an open recommendation with no due date has been outstanding, counted
    from the day the Committee made it; None when it is closed or has a due date (those are
    rated by their due date instead)."""
    if due_date is not None:
        return None
    return days_open(status=status, made_on=made_on, today=today)


def days_open(*, status: str, made_on: date, today: date) -> int | None:
    """Days an open recommendation has been outstanding since the Committee made it, due
    date or not (the Monitor's "Days outstanding"); None once it is closed."""
    if status not in OPEN_RECOMMENDATION_STATUSES:
        return None
    return max((today - made_on).days, 0)


def outstanding_flagged(days: int | None, flag_days: int) -> bool:
    """Flagged once outstanding for more than `flag_days` days."""
    return days is not None and days > flag_days
