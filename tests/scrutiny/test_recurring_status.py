"""Recurring actions: the status words agree with the RAG everywhere (action plan page, API,
chase digest, CSV and Word exports), with the date frozen."""

import csv
import io
from datetime import date

import docx
import pytest
from django.core import mail
from django.urls import reverse

from scrutiny import rules, services
from tests.helpers import today_is

from .factories import ActionFactory, ActionUpdateFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture
def frozen():
    with today_is(TODAY):
        yield TODAY


def _monthly(text, *completed_periods, lead=None):
    action = ActionFactory(
        text=text,
        recurrence=rules.MONTHLY,
        expected_text="Monthly",
        status=rules.ACTION_COMPLETED,
        lead=lead,
    )
    for period in completed_periods:
        ActionUpdateFactory(action=action, period=period, status=rules.ACTION_COMPLETED)
    return action


# --- the rule -------------------------------------------------------------------------------


def _state(status, *months, recurrence=rules.MONTHLY):
    return rules.ActionState(
        status=status,
        recurrence=recurrence,
        completed_months=frozenset(rules.parse_month_code(m) for m in months),
        started=rules.parse_month_code(min(months)) if months else None,
    )


def test_previous_month_missed_names_that_month_beside_red():
    state = _state(rules.ACTION_COMPLETED, "2019-06")
    assert rules.action_rag(state, TODAY) == rules.RED
    words = rules.action_status_words(state, TODAY)
    assert (words.code, words.label) == (rules.UPDATE_DUE, "Update due for October 2026")


def test_current_month_without_update_says_update_due_for_november_beside_amber():
    state = _state(rules.ACTION_COMPLETED, "2026-09", "2026-10")
    assert rules.action_rag(state, TODAY) == rules.AMBER
    assert rules.action_status_words(state, TODAY).label == "Update due for November 2026"


def test_current_month_completed_says_completed_beside_green():
    state = _state(rules.ACTION_COMPLETED, "2026-10", "2026-11")
    assert rules.action_rag(state, TODAY) == rules.GREEN
    words = rules.action_status_words(state, TODAY)
    assert (words.code, words.label) == (rules.ACTION_COMPLETED, "Completed")


def test_quarterly_names_the_financial_quarter():
    missed = _state(rules.ACTION_COMPLETED, "2026-06", recurrence=rules.QUARTERLY)
    assert rules.action_status_words(missed, TODAY).label == "Update due for Q2 2026/27"
    on_time = _state(rules.ACTION_COMPLETED, "2026-06", "2026-08", recurrence=rules.QUARTERLY)
    assert rules.action_status_words(on_time, TODAY).label == "Update due for Q3 2026/27"


def test_one_off_and_unfinished_recurring_actions_keep_their_status():
    one_off = rules.ActionState(status=rules.ACTION_COMPLETED, expected_date=date(2019, 8, 31))
    assert rules.action_status_words(one_off, TODAY).label == "Completed"
    ongoing = _state(rules.ONGOING, "2019-06")
    assert rules.action_status_words(ongoing, TODAY).label == "Ongoing"


# --- everywhere it shows ---------------------------------------------------------------------


def _plan_row_html(html: str, action) -> str:
    start = html.index(f'id="action-{action.pk}"')
    return html[start : html.index("</tr>", start)]


def test_action_plan_page_and_print_say_update_due_not_completed(client, board_member, frozen):
    missed = _monthly("Monthly returns, October missed", "2019-06")
    client.force_login(board_member)
    code = missed.recommendation.plan.code
    for name in ("scrutiny:action_plan_detail", "scrutiny:action_plan_print"):
        row = _plan_row_html(client.get(reverse(name, args=[code])).content.decode(), missed)
        assert "Update due for October 2026" in row
        assert "Completed" not in row.replace("Update due", "")
        assert "Red" in row


def test_api_status_label_agrees_with_rag(client_for, board_member, frozen):
    missed = _monthly("Monthly returns, October missed", "2019-06")
    on_time = _monthly("Monthly returns, October done", "2026-09", "2026-10")
    done = _monthly("Monthly returns, November done", "2026-10", "2026-11")
    api = client_for(board_member)
    got = {a.pk: api.get(f"/api/actions/{a.pk}/").json() for a in (missed, on_time, done)}
    assert (got[missed.pk]["rag"], got[missed.pk]["status_label"]) == (
        "red",
        "Update due for October 2026",
    )
    assert (got[on_time.pk]["rag"], got[on_time.pk]["status_label"]) == (
        "amber",
        "Update due for November 2026",
    )
    assert (got[done.pk]["rag"], got[done.pk]["status_label"]) == ("green", "Completed")
    assert got[missed.pk]["status"] == rules.ACTION_COMPLETED  # the stored status is kept


def test_chase_digest_says_update_due(other_officer, frozen):
    _monthly("Monthly returns, October missed", "2026-09", lead=other_officer)
    services.chase_digests_send(today=TODAY)
    (message,) = [m for m in mail.outbox if m.to == [other_officer.email]]
    assert "OVERDUE since 31 October 2026; status: Update due for October 2026" in message.body
    assert "status: Completed" not in message.body


def test_exports_say_update_due(client, board_member, frozen):
    missed = _monthly("Monthly returns, October missed", "2019-06")
    code = missed.recommendation.plan.code
    client.force_login(board_member)
    rows = list(
        csv.reader(io.StringIO(client.get(f"/scrutiny/action-plans/{code}.csv").content.decode()))
    )
    row = next(r for r in rows if "Monthly returns, October missed" in r[1])
    assert (row[4], row[5]) == ("Update due for October 2026", "Red")
    document = docx.Document(io.BytesIO(client.get(f"/scrutiny/action-plans/{code}.docx").content))
    cells = [[c.text for c in r.cells] for r in document.tables[0].rows]
    row = next(r for r in cells if "Monthly returns, October missed" in r[1])
    assert (row[4], row[5]) == ("Update due for October 2026", "Red")


def test_indicator_page_links_say_update_due(frozen):
    from django.template.loader import render_to_string

    from indicators.models import Indicator
    from scrutiny.selectors import links_for_indicator

    missed = _monthly("Monthly returns, October missed", "2019-06")
    indicator = Indicator.objects.order_by("code").first()
    missed.indicators.add(indicator)
    links = links_for_indicator(indicator)  # what the indicator page's view reads
    html = render_to_string("scrutiny/_indicator_links.html", {"links": links})
    item = html[html.index("Monthly returns, October missed") :].split("</li>")[0]
    assert "Update due for October 2026" in item and "Completed" not in item
