"""Locks mean locked, targets mean what they say, and nothing bypasses the services."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators import status
from indicators.models import Indicator, IndicatorStatus, Period, Return, Target
from indicators.returns import services
from tests.factories import approved


def period(code):
    return Period.objects.get(code=code)


@pytest.fixture
def locked_q2(performance_lead):
    return services.period_lock(user=performance_lead, period=period("FY2019-20-Q2"))


@pytest.mark.django_db
def test_a_locked_quarter_locks_the_months_inside_it(owned, officer, locked_q2):
    with pytest.raises(ValidationError, match="FY2019-20-Q2 is locked"):
        services.return_create(user=officer, indicator=owned, period=period("2019-08"), value="91")
    assert not Return.objects.exists()
    # a month outside it is open
    services.return_create(user=officer, indicator=owned, period=period("2019-10"), value="91")


@pytest.mark.django_db
def test_a_locked_year_locks_its_quarters(officer, performance_lead):
    Indicator.objects.filter(code="ADOPTIONS").update(owner=officer)
    services.period_lock(user=performance_lead, period=period("FY2019-20"))
    with pytest.raises(ValidationError, match="inside FY2019-20"):
        services.return_create(
            user=officer,
            indicator=Indicator.objects.get(code="ADOPTIONS"),
            period=period("FY2019-20-Q3"),
            value="15",
        )


@pytest.mark.django_db
def test_nothing_approves_corrects_or_sends_back_inside_a_locked_period(
    owned, officer, performance_lead, other_lead
):
    ret = services.return_create(
        user=officer, indicator=owned, period=period("2019-08"), value="91"
    )
    ret = services.return_submit(user=officer, ret=ret)
    done = approved("LAC-WITHIN-20-MILES", "2019-07", "92")
    services.period_lock(user=performance_lead, period=period("FY2019-20-Q2"))
    with pytest.raises(ValidationError, match="locked"):
        services.return_approve(user=other_lead, ret=ret, version=ret.version)
    with pytest.raises(ValidationError, match="locked"):
        services.return_send_back(user=other_lead, ret=ret, reason="x", version=ret.version)
    with pytest.raises(ValidationError, match="locked"):
        services.return_correct(
            user=other_lead, ret=done, version=done.version, value="50", reason="typo"
        )
    ret.refresh_from_db()
    done.refresh_from_db()
    assert (ret.status, done.value) == ("submitted", D("92"))


@pytest.mark.django_db
def test_a_year_holding_a_locked_period_cannot_be_re_targeted(performance_lead, locked_q2):
    # the academic year starts inside Q2 too
    for code, year in (("LAC-WITHIN-20-MILES", "FY2019-20"), ("LAC-ATTENDANCE", "AY2019-20")):
        indicator = Indicator.objects.get(code=code)
        before = Target.objects.get(indicator=indicator, period__code=year).value
        with pytest.raises(ValidationError, match="FY2019-20-Q2 is locked"):
            services.target_set(
                user=performance_lead, indicator=indicator, period=period(year), value="50"
            )
        assert Target.objects.get(indicator=indicator, period__code=year).value == before


@pytest.mark.django_db
def test_the_engine_never_rewrites_a_locked_periods_statuses(locked_q2):
    """Approvals outside the lock (an academic year that ends inside it), the nightly job and a
    full recompute leave the locked quarter's stored RAG as the Board saw it."""
    q2 = period("FY2019-20-Q2")
    ind = Indicator.objects.get(code="LAC-ATTENDANCE")
    IndicatorStatus.objects.create(
        indicator=ind,
        period=q2,
        value=D("95.5"),
        target=D("95"),
        rag="green",
        computed_at="2019-10-01T00:00Z",
    )
    approved("LAC-ATTENDANCE", "AY2018-19", "2")  # would show in Q2's quarterly view
    status.status_compute_period(period_code="AY2018-19", today=date(2019, 11, 1))
    # the nightly job's periods, as of 1 November 2019
    status.statuses_recompute(start=status.open_start(date(2019, 11, 1)), end=date(2019, 11, 1))
    status.statuses_recompute(end=date(2019, 11, 1))
    row = IndicatorStatus.objects.get(indicator=ind, period=q2)
    assert (row.value, row.rag) == (D("95.5"), "green")
    # the academic year's own status is not locked, so it is rated
    assert IndicatorStatus.objects.get(indicator=ind, period__code="AY2018-19").rag == "red"


@pytest.mark.django_db
def test_reopening_recomputes_what_the_lock_held(
    performance_lead, locked_q2, django_capture_on_commit_callbacks
):
    approved("LAC-WITHIN-20-MILES", "2019-08", "60")
    status.status_compute_period(period_code="2019-08")
    assert not IndicatorStatus.objects.filter(period__code="2019-08").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.period_reopen(user=performance_lead, period=locked_q2, reason="Late figure")
    row = IndicatorStatus.objects.get(indicator__code="LAC-WITHIN-20-MILES", period__code="2019-08")
    assert row.rag == "red"
    history = locked_q2.history.order_by("-history_date").first()
    assert (history.history_change_reason, history.history_user) == (
        "Late figure",
        performance_lead,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code,target_period,ok",
    [
        ("LAC-WITHIN-20-MILES", "FY2020-21", True),
        ("LAC-WITHIN-20-MILES", "FY2020-21-Q1", False),
        ("LAC-WITHIN-20-MILES", "2020-05", False),
        ("LAC-WITHIN-20-MILES", "AY2020-21", False),  # a financial-year indicator
        ("LAC-ATTENDANCE", "AY2020-21", True),
        ("LAC-ATTENDANCE", "FY2020-21", False),
    ],
)
def test_targets_only_for_the_year_the_engine_rates_against(
    performance_lead, code, target_period, ok
):
    indicator = Indicator.objects.get(code=code)

    def call():
        return services.target_set(
            user=performance_lead, indicator=indicator, period=period(target_period), value="91"
        )

    if ok:
        assert call().value == D("91")
    else:
        with pytest.raises(ValidationError, match="set for a whole year"):
            call()
        assert not Target.objects.filter(indicator=indicator, period__code=target_period).exists()


@pytest.mark.django_db
def test_api_refuses_a_quarter_target(client_for, performance_lead):
    response = client_for(performance_lead).post(
        "/api/targets/",
        {"indicator": "ADOPTIONS", "period": "FY2020-21-Q1", "value": "15"},
        format="json",
    )
    assert response.status_code == 400
    assert "whole year" in str(response.json()["period"])


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["return", "target", "period", "indicatorstatus"])
def test_admin_cannot_add_change_or_delete_figures(admin_client, model):
    from django.apps import apps

    Model = apps.get_model("indicators", model)
    if model == "return":
        approved("LAC-WITHIN-20-MILES", "2019-05", "91")
    if model == "indicatorstatus":
        status.status_compute_period(period_code="2019-05", today=date(2019, 6, 1))
    obj = Model.objects.first()
    base = f"/admin/indicators/{model}/"
    assert admin_client.get(base).status_code == 200  # browse and search stay
    assert admin_client.get(f"{base}add/").status_code == 403
    before = Model.objects.count()
    assert admin_client.post(f"{base}{obj.pk}/change/", {}).status_code == 403
    assert admin_client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Model.objects.count() == before
