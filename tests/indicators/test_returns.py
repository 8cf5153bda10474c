"""The returns workflow: validation by unit, ownership, versions, four-eyes, locks, targets."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.models import Indicator, IndicatorStatus, Period, Return, Target
from indicators.returns import services


def period(code):
    return Period.objects.get(code=code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "raw", "ok"),
    [
        ("LAC-WITHIN-20-MILES", "0", True),
        ("LAC-WITHIN-20-MILES", "100", True),
        ("LAC-WITHIN-20-MILES", "100.01", False),
        ("LAC-WITHIN-20-MILES", "-0.1", False),
        ("LAC-RESIDENTIAL", "55", True),
        ("LAC-RESIDENTIAL", "55.5", False),
        ("ADOPTION-A1-DAYS", "426.5", True),
        ("ADOPTION-A1-DAYS", "-1", False),
        ("INFANT-MORTALITY", "5.4", True),
        ("INFANT-MORTALITY", "abc", False),
        ("INFANT-MORTALITY", "NaN", False),
        ("INFANT-MORTALITY", "1.00001", False),
    ],
)
def test_values_are_validated_by_unit(code, raw, ok):
    indicator = Indicator.objects.get(code=code)
    if ok:
        assert services.value_parse(indicator=indicator, raw=raw) == D(raw)
    else:
        with pytest.raises(ValidationError):
            services.value_parse(indicator=indicator, raw=raw)


@pytest.mark.django_db
def test_period_must_fit_the_frequency(owned, officer):
    with pytest.raises(ValidationError, match="use a month such as 2019-05"):
        services.return_create(
            user=officer, indicator=owned, period=period("FY2019-20-Q1"), value="90"
        )
    assert not Return.objects.exists()


@pytest.mark.django_db
def test_officers_enter_only_what_they_own(owned, other_officer, board_member):
    for user in (other_officer, board_member):
        with pytest.raises(PermissionDenied):
            services.return_create(user=user, indicator=owned, period=period("2019-05"), value="90")


@pytest.mark.django_db
def test_full_workflow_and_four_eyes(
    owned, officer, performance_lead, other_lead, django_capture_on_commit_callbacks
):
    ret = services.return_create(
        user=officer, indicator=owned, period=period("2019-05"), value="80", commentary=""
    )
    with pytest.raises(ValidationError, match="would rate Red"):
        services.return_submit(user=officer, ret=ret)
    ret = services.return_update(
        user=officer,
        ret=ret,
        version=ret.version,
        commentary="Placements were tight. Next: sufficiency review.",
    )
    ret = services.return_submit(user=officer, ret=ret)
    assert ret.status == "submitted"
    with pytest.raises(PermissionDenied):
        services.return_approve(user=officer, ret=ret, version=ret.version)  # not a lead
    ret = services.return_send_back(
        user=performance_lead, ret=ret, reason="Check the figure.", version=ret.version
    )
    assert (ret.status, ret.returned_reason) == ("draft", "Check the figure.")
    ret = services.return_submit(user=performance_lead, ret=ret)  # a lead may enter too
    with pytest.raises(PermissionDenied, match="someone else must approve"):
        services.return_approve(user=performance_lead, ret=ret, version=ret.version)
    with django_capture_on_commit_callbacks(execute=True):
        ret = services.return_approve(user=other_lead, ret=ret, version=ret.version)
    assert ret.status == "approved" and ret.approved_by == other_lead
    status = IndicatorStatus.objects.get(indicator=owned, period__code="2019-05")
    assert (status.value, status.rag) == (D("80"), "red")
    assert ret.history.count() >= 5  # every step kept, with who
    assert {h.history_user for h in ret.history.all()} >= {officer, performance_lead}


@pytest.mark.django_db
def test_superuser_never_approves_own(owned, officer, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "b@example.com", "x")
    ret = services.return_create(user=boss, indicator=owned, period=period("2019-05"), value="95")
    ret = services.return_submit(user=boss, ret=ret)
    with pytest.raises(PermissionDenied):
        services.return_approve(user=boss, ret=ret, version=ret.version)


@pytest.mark.django_db
def test_stale_version_is_refused_and_changes_nothing(owned, officer):
    ret = services.return_create(
        user=officer, indicator=owned, period=period("2019-05"), value="91", commentary="first"
    )
    opened = ret.version
    services.return_update(user=officer, ret=ret, version=opened, value="92")
    with pytest.raises(services.ConcurrentEditError, match="Someone else saved"):
        services.return_update(user=officer, ret=ret, version=opened, value="93")
    ret.refresh_from_db()
    assert (ret.value, ret.version) == (D("92"), opened + 1)


@pytest.mark.django_db
def test_locked_period_refuses_changes_until_reopened(owned, officer, performance_lead):
    ret = services.return_create(
        user=officer, indicator=owned, period=period("2019-05"), value="91", commentary="ok"
    )
    services.period_lock(user=performance_lead, period=period("2019-05"))
    with pytest.raises(ValidationError, match="locked"):
        services.return_update(user=officer, ret=ret, version=ret.version, value="92")
    with pytest.raises(ValidationError, match="reason"):
        services.period_reopen(user=performance_lead, period=period("2019-05"), reason=" ")
    with pytest.raises(PermissionDenied):
        services.period_reopen(user=officer, period=period("2019-05"), reason="x")
    services.period_reopen(user=performance_lead, period=period("2019-05"), reason="Correction")
    assert services.return_update(
        user=officer, ret=ret, version=ret.version, value="92"
    ).value == D("92")
    assert period("2019-05").history.first().history_change_reason == "Correction"


@pytest.mark.django_db
def test_target_set_keeps_history(performance_lead, officer):
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    target = services.target_set(
        user=performance_lead, indicator=indicator, period=period("FY2019-20"), value="91", band="2"
    )
    assert (target.value, target.band) == (D("91"), D("2"))
    assert target.history.count() >= 1
    with pytest.raises(PermissionDenied):
        services.target_set(
            user=officer, indicator=indicator, period=period("FY2019-20"), value="80"
        )
    assert Target.objects.get(pk=target.pk).value == D("91")


@pytest.mark.django_db
def test_an_average_may_be_fractional_but_a_count_may_not():
    caseload = Indicator.objects.get(code="SW-CASELOAD")
    assert caseload.unit == "average"
    assert services.value_parse(indicator=caseload, raw="17.7") == D("17.7")
    with pytest.raises(ValidationError):
        services.value_parse(indicator=caseload, raw="-1")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("band", "message"), [("abc", "The amber band must be a number"), ("-1", "negative")]
)
def test_a_bad_band_is_refused_with_a_message(performance_lead, band, message):
    indicator = Indicator.objects.get(code="LAC-RESIDENTIAL")  # a count
    with pytest.raises(ValidationError, match=message) as caught:
        services.target_set(
            user=performance_lead,
            indicator=indicator,
            period=period("FY2019-20"),
            value="50",
            band=band,
        )
    assert "band" in caught.value.message_dict
    assert Target.objects.get(indicator=indicator, period__code="FY2019-20").band is None
    target = services.target_set(
        user=performance_lead,
        indicator=indicator,
        period=period("FY2019-20"),
        value="50",
        band="2.5",
    )
    assert target.band == D("2.5")  # a fractional band is fine for a count
