"""The RAG engine's service: stored statuses per period, quarterly views, YTD and direction."""

from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from indicators import status
from indicators.locks import LockTimeout, advisory_lock
from indicators.models import Indicator, IndicatorStatus, Period, Return
from indicators.tasks import compute_rag
from tests.factories import approved


def approve(code, period, value, state=Return.Status.APPROVED):
    return approved(code, period, value, status=state)


def stored(code, period):
    return IndicatorStatus.objects.get(indicator__code=code, period__code=period)


@pytest.mark.django_db
def test_monthly_snapshot_and_its_quarterly_view():
    approve("LAC-WITHIN-20-MILES", "2019-04", "91")
    approve("LAC-WITHIN-20-MILES", "2019-05", "88")
    status.status_compute_period(period_code="2019-05")
    may = stored("LAC-WITHIN-20-MILES", "2019-05")
    assert (may.value, may.target, may.band, may.rag) == (D("88"), D("90"), D("4.5"), "amber")
    assert may.direction == "worsening"
    quarter = stored("LAC-WITHIN-20-MILES", "FY2019-20-Q1")  # latest approved month: May
    assert (quarter.value, quarter.rag) == (D("88"), "amber")
    assert stored("LAC-WITHIN-20-MILES", "2019-06").rag == "no_data"


@pytest.mark.django_db
def test_only_approved_returns_count():
    approve("LAC-WITHIN-20-MILES", "2019-05", "95", state=Return.Status.SUBMITTED)
    status.status_compute_period(period_code="2019-05")
    assert stored("LAC-WITHIN-20-MILES", "2019-05").rag == "no_data"


@pytest.mark.django_db
def test_cumulative_against_pro_rata_domain_example():
    approve("ADOPTIONS", "FY2019-20-Q1", "15")
    approve("ADOPTIONS", "FY2019-20-Q2", "13")
    status.status_compute_period(period_code="FY2019-20-Q2")
    q1, q2 = stored("ADOPTIONS", "FY2019-20-Q1"), stored("ADOPTIONS", "FY2019-20-Q2")
    assert (q1.value, q1.target, q1.rag) == (D("15"), D("15"), "green")
    assert (q2.value, q2.target, q2.band, q2.rag) == (D("28"), D("30"), D("1.5"), "red")
    assert q2.direction == "worsening"  # 13 adopted this quarter against 15 last quarter


@pytest.mark.django_db
def test_correcting_an_early_quarter_updates_later_year_to_date():
    first = approve("ADOPTIONS", "FY2019-20-Q1", "15")
    approve("ADOPTIONS", "FY2019-20-Q2", "13")
    status.status_compute_period(period_code="FY2019-20-Q2")
    first.value = D("18")
    first.save()
    status.status_compute_period(period_code="FY2019-20-Q1")
    q2 = stored("ADOPTIONS", "FY2019-20-Q2")
    assert (q2.value, q2.rag) == (D("31"), "green")


@pytest.mark.django_db
def test_academic_year_target_and_quarterly_view():
    approve("LAC-ATTENDANCE", "AY2018-19", "94.9")
    status.status_compute_period(period_code="AY2018-19")
    year = stored("LAC-ATTENDANCE", "AY2018-19")
    assert (year.target, year.rag) == (D("95"), "amber")
    # July-September 2019: the latest academic year that ended by 30 September is 2018/19
    view = stored("LAC-ATTENDANCE", "FY2019-20-Q2")
    assert (view.value, view.target) == (D("94.9"), D("95"))


@pytest.mark.django_db
def test_not_rated_without_a_target():
    approve("LAC-WITHIN-MANCHESTER", "2019-05", "40")
    status.status_compute_period(period_code="2019-05")
    assert stored("LAC-WITHIN-MANCHESTER", "2019-05").rag == "not_rated"


@pytest.mark.django_db
def test_computing_twice_changes_nothing():
    approve("LAC-RESIDENTIAL", "2019-05", "52")
    first = status.status_compute_period(period_code="2019-05")
    before = list(
        IndicatorStatus.objects.order_by("id").values_list(
            "id", "indicator_id", "period_id", "value", "rag", "direction", "computed_at"
        )
    )
    second = compute_rag.delay("2019-05").get()
    assert first > 0 and second == 0  # rows written: nothing changed the second time
    assert before == list(
        IndicatorStatus.objects.order_by("id").values_list(
            "id", "indicator_id", "period_id", "value", "rag", "direction", "computed_at"
        )
    )
    assert stored("LAC-RESIDENTIAL", "2019-05").rag == "amber"  # 52 vs 50 (FY2019-20), band 2.5


@pytest.mark.django_db
def test_every_indicator_gets_a_quarterly_view():
    status.status_compute_period(period_code="FY2019-20-Q2")
    count = IndicatorStatus.objects.filter(period__code="FY2019-20-Q2").count()
    assert count == Indicator.objects.count()


@pytest.mark.django_db
def test_full_recompute_and_prospective_rag():
    approve("LAC-WITHIN-20-MILES", "2018-05", "86")
    rows = status.statuses_recompute()
    assert rows > 0
    assert stored("LAC-WITHIN-20-MILES", "2018-05").rag == "amber"  # 86 vs 87
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    may = Period.objects.get(code="2019-05")
    assert status.prospective_rag(indicator=indicator, period=may, value=D("50")) == "red"
    assert status.prospective_rag(indicator=indicator, period=may, value=D("90")) == "green"
    assert status.target_for(indicator=indicator, period=may).value == D("90")


@pytest.mark.django_db
def test_compute_rag_command(capsys):
    call_command("compute_rag", "--period", "FY2019-20-Q2")
    assert "Computed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not a period code"):
        call_command("compute_rag", "--period", "Q2 2019")


def _try_lock_in_another_thread(key):
    """Take the lock from a second thread (a second database connection); report the outcome."""
    import threading

    from django.db import connection

    outcome = []

    def attempt():
        try:
            with advisory_lock(key, timeout=0.3):
                outcome.append("acquired")
        except LockTimeout:
            outcome.append("timed out")
        finally:
            connection.close()

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join(30)
    return outcome


@pytest.mark.django_db(transaction=True)
def test_lock_excludes_a_second_holder():
    with advisory_lock("test-lock"):
        assert _try_lock_in_another_thread("test-lock") == ["timed out"]
        assert _try_lock_in_another_thread("another-key") == ["acquired"]
    assert _try_lock_in_another_thread("test-lock") == ["acquired"]
