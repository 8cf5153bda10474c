"""Board fixtures: approved figures for a quarter and a session reviewing it."""

from datetime import date

import pytest

from indicators import status
from indicators.models import Period
from outcomes.board import services as board
from outcomes.models import Theme
from tests.factories import approved

QUARTER = "FY2019-20-Q2"


def approve(code, period, value, commentary="Steady.\nMore detail.", user=None):
    return approved(code, period, value, commentary=commentary, submitted_by=user, approved_by=user)


@pytest.fixture
def quarter_data(db):
    """Three months of 'placed within 20 miles' and one quarterly adoption figure."""
    rows = [
        approve("LAC-WITHIN-20-MILES", m, v, f"Month {m}.")
        for m, v in [("2019-07", "84"), ("2019-08", "85"), ("2019-09", "86.2")]
    ]
    rows.append(approve("ADOPTIONS", QUARTER, "40"))
    status.status_compute_period(period_code=QUARTER)
    return rows


@pytest.fixture
def session(quarter_data, performance_lead):
    return board.session_create(
        user=performance_lead,
        period=Period.objects.get(code=QUARTER),
        date=date(2019, 10, 24),
        title="Safe theme session",
        focus_theme=Theme.objects.get(code="SAFE"),
        attendances=[{"organisation": "Greater Manchester Police", "role": "Superintendent"}],
    )
