"""RAG rules for incomplete periods (docs/rag.md): nothing is rated before it has a figure."""

from datetime import date
from decimal import Decimal as D

import pytest

from indicators import status
from indicators.models import Indicator, IndicatorStatus, Period, Return
from tests.factories import approved

TODAY = date(2019, 11, 20)  # inside FY2019-20-Q3


def stored(code, period):
    return IndicatorStatus.objects.filter(indicator__code=code, period__code=period).first()


@pytest.mark.django_db
def test_cumulative_quarter_without_its_own_figure_is_no_data_not_red():
    approved("ADOPTIONS", "FY2019-20-Q1", "15")
    approved("ADOPTIONS", "FY2019-20-Q2", "13")
    status.status_compute_period(period_code="FY2019-20-Q2", today=TODAY)
    # Q3 is in progress with no figure: 28 year-to-date against Q3's pro-rata 45 was a false Red.
    q3 = stored("ADOPTIONS", "FY2019-20-Q3")
    assert (q3.rag, q3.value) == ("no_data", None)
    assert stored("ADOPTIONS", "FY2019-20-Q2").rag == "red"  # its own figure: rated as before


@pytest.mark.django_db
def test_cumulative_quarter_with_its_own_figure_is_rated_year_to_date():
    approved("ADOPTIONS", "FY2019-20-Q1", "15")
    approved("ADOPTIONS", "FY2019-20-Q3", "30")  # Q2 missing: Q3 still has its own figure
    status.status_compute_period(period_code="FY2019-20-Q3", today=TODAY)
    q3 = stored("ADOPTIONS", "FY2019-20-Q3")
    assert (q3.value, q3.target, q3.rag) == (D("45"), D("45"), "green")
    assert stored("ADOPTIONS", "FY2019-20-Q2").rag == "no_data"


@pytest.mark.django_db
def test_no_status_is_stored_for_a_period_that_has_not_started():
    approved("ADOPTIONS", "FY2019-20-Q1", "15")
    approved("LAC-WITHIN-20-MILES", "2019-10", "91")
    status.status_compute_period(period_code="FY2019-20-Q2", today=TODAY)
    assert stored("ADOPTIONS", "FY2019-20-Q3") is not None  # started 1 October
    assert stored("ADOPTIONS", "FY2019-20-Q4") is None  # starts January
    assert stored("LAC-WITHIN-20-MILES", "2019-12") is None
    assert stored("LAC-WITHIN-20-MILES", "2019-11") is not None


@pytest.mark.django_db
def test_a_stored_status_for_a_future_period_is_removed_on_recompute():
    ind, q4 = Indicator.objects.get(code="ADOPTIONS"), Period.objects.get(code="FY2019-20-Q4")
    IndicatorStatus.objects.create(
        indicator=ind,
        period=q4,
        rag="red",
        value=D(28),
        target=D(60),
        computed_at="2019-11-01T00:00Z",
    )
    approved("ADOPTIONS", "FY2019-20-Q1", "15")
    status.status_compute_period(period_code="FY2019-20-Q1", today=TODAY)
    assert stored("ADOPTIONS", "FY2019-20-Q4") is None


@pytest.mark.django_db
def test_status_api_shows_no_data_for_a_period_that_has_not_started(client_for, board_member):
    approved("ADOPTIONS", "FY2029-30-Q1", "15")  # the calendar's last year, years ahead of today
    response = client_for(board_member).get("/api/indicators/ADOPTIONS/status/?period=FY2029-30-Q1")
    assert response.status_code == 200
    assert response.json()["rag"] == "no_data"
    assert response.json()["value"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("today,stored_q3", [(date(2019, 9, 30), False), (date(2019, 10, 1), True)])
def test_a_period_is_stored_from_its_first_day(today, stored_q3):
    approved("ADOPTIONS", "FY2019-20-Q2", "30")
    status.status_compute_period(period_code="FY2019-20-Q2", today=today)
    assert (stored("ADOPTIONS", "FY2019-20-Q3") is not None) is stored_q3


@pytest.mark.django_db
def test_indicator_page_recent_figures_never_show_digits_that_contradict_the_rag(
    client, board_member
):
    approved("LAC-WITHIN-20-MILES", "2019-05", "89.96")
    status.status_compute_period(period_code="2019-05", today=TODAY)
    client.force_login(board_member)
    page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    recent = page[page.index('id="recent"') : page.index("</table>", page.index('id="recent"'))]
    assert "89.96%" in recent and "Amber" in recent
    assert ">90%<" in recent  # the target, shown apart from the value


@pytest.mark.django_db
def test_no_return_is_entered_for_a_period_that_has_not_started(officer):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from indicators import periods as cal
    from indicators.returns import services

    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    indicator.owner = officer
    indicator.save()
    upcoming = cal.shift(cal.containing(timezone.localdate(), cal.MONTH), 1)
    with pytest.raises(ValidationError, match="has not started"):
        services.return_create(
            user=officer,
            indicator=indicator,
            period=Period.objects.get(code=upcoming.code),
            value="91",
        )
    assert not Return.objects.exists()
