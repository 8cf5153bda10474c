from collections import Counter
from datetime import date
from decimal import Decimal as D

import pytest

from core import roles
from indicators import demo
from indicators.models import Indicator, IndicatorStatus, Return


@pytest.fixture
def seeded(officer, performance_lead):
    made = demo.returns_seed(submitter=officer, approver=performance_lead, today=date(2019, 10, 15))
    return made


@pytest.mark.django_db
def test_demo_returns_are_deterministic_idempotent_and_labelled(seeded, officer, performance_lead):
    assert seeded > 1000
    snapshot = sorted(Return.objects.values_list("indicator__code", "period__code", "value"))
    assert (
        demo.returns_seed(submitter=officer, approver=performance_lead, today=date(2019, 10, 15))
        == 0
    )
    Return.objects.all().delete()
    demo.returns_seed(submitter=officer, approver=performance_lead, today=date(2019, 10, 15))
    assert (
        sorted(Return.objects.values_list("indicator__code", "period__code", "value")) == snapshot
    )
    assert not Return.objects.exclude(status=Return.Status.APPROVED).exists()
    assert not Return.objects.filter(approved_by=officer).exists()  # four-eyes holds in demo data
    # from FY2016-17 to the latest complete quarter (Q2 2019/20 on 15 October 2019)
    months = Return.objects.filter(indicator__code="LAC-WITHIN-20-MILES")
    assert months.order_by("period__start").first().period.code == "2016-04"
    assert months.order_by("period__start").last().period.code == "2019-09"
    assert (
        Return.objects.filter(is_synthetic=True).exclude(commentary__startswith="Demo data").count()
        == 0
    )


@pytest.mark.django_db
def test_real_seed_figures_go_in_as_real_returns(seeded):
    real = dict(
        ((c, p), v)
        for c, p, v in Return.objects.filter(is_synthetic=False).values_list(
            "indicator__code", "period__code", "value"
        )
    )
    assert real[("CP-PLANS", "2018-05")] == D("962")
    assert real[("CP-PLANS", "2019-05")] == D("737")
    assert real[("SW-CASELOAD", "2019-06")] == D("17.7")
    referrals = Return.objects.filter(
        indicator__code="REFERRALS", period__code__in=["2019-04", "2019-05"]
    )
    assert sum(r.value for r in referrals) == D("1131")
    s47 = Return.objects.filter(
        indicator__code="S47-ENQUIRIES", period__code__in=["2018-04", "2018-05"]
    )
    assert sum(r.value for r in s47) == D("518")


@pytest.mark.django_db
def test_demo_gives_a_mix_of_ratings(seeded):
    from indicators import status

    status.statuses_recompute(end=date(2019, 10, 15))
    quarters = IndicatorStatus.objects.filter(
        period__kind="fin_quarter", period__code__startswith="FY2018"
    )
    mix = Counter(quarters.values_list("rag", flat=True))
    assert mix["green"] > 0 and mix["amber"] > 0 and mix["red"] > 0


@pytest.mark.django_db
def test_seed_demo_command_labels_everything(settings, capsys):
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Demo data:" in out and "targets carried forward" in out
    assert Return.objects.filter(is_synthetic=True).exists()
    from indicators.models import Target

    assert Target.objects.filter(source__startswith="Demo data").exists()
    assert not Target.objects.filter(
        source__startswith="Demo data", period__code="FY2019-20"
    ).exists()
    assert roles.has_role(Return.objects.first().approved_by, roles.PERFORMANCE_LEAD)


@pytest.mark.django_db
def test_seeded_demo_is_what_the_nightly_recompute_would_leave(settings):
    """The city's and the localities' statuses after seed_demo are those a full recompute
    gives: it writes nothing (the localities once started at their own first year, so a
    recompute added a No data row for each earlier month and quarter)."""
    from django.core.management import call_command

    from indicators import status
    from indicators.models import AreaStatus

    settings.DEBUG = False
    call_command("seed_demo")
    assert AreaStatus.objects.exists()
    assert status.statuses_recompute() == 0


@pytest.mark.django_db
def test_demo_invents_nothing_for_youth_justice(seeded):
    """Youth justice holds only seed 004's real 2018-19 figures, or awaits data."""
    from indicators.demo import NO_DEMO_PREFIX

    youth = Return.objects.filter(indicator__code__startswith=NO_DEMO_PREFIX)
    assert Indicator.objects.filter(code__startswith=NO_DEMO_PREFIX).count() >= 3
    assert not youth.filter(is_synthetic=True).exists()
