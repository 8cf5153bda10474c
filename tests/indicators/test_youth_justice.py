"""Youth justice indicators and their real 2018-19 figures, pinned to seed 004 (the "Update on
the Youth Justice Service" report behind the HMIP action plan, 17 July 2019)."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import Indicator, IndicatorStatus, Return
from indicators.real_figures import real_figures_load
from scrutiny.models import PlanRecommendation

SEED_004 = "004_661c1d64eb933c90.txt"
SEED_PATH = Path(__file__).resolve().parents[1] / "data" / "seeds" / SEED_004

# indicator -> (value, period, words of seed 004 that state the figure)
REAL = {
    "YJ-REOFFENDING": (
        "31.6",
        "FY2018-19",
        "Re-offending rate has reduced to its lowest ever rate at 31.6%",
    ),
    "YJ-OOCD-ENGAGEMENT-PANEL": ("79", "FY2018-19", "All disposals\t34\t9\t79%"),
    "YJ-OOCD-ENGAGEMENT-GMP": ("24", "FY2018-19", "11\t35\t24%"),
    "YJ-SEND": (
        "73",
        "FY2018-19",
        "we supervise and support 73 children with some form of special educational need",
    ),
    "YJ-EHCP": (
        "61",
        "FY2018-19",
        "61 children known to Youth Justice have an Education and Health and Social Care Plan",
    ),
    "YJ-SEND-SHARE": ("33", "FY2018-19", "In total this is 33% of the Youth Justice caseload"),
    "YJ-CASELOAD": ("9", "FY2018-19", "it is anticipated these will be c9 young people per worker"),
    "YJ-GOOD-SUPERVISION": (
        "75",
        "FY2018-19",
        "75% of cases received good supervision and oversight",
    ),
    "YJ-VACANCIES": ("7", "FY2018-19", "At the time of the inspection there were 7 vacancies"),
}
AWAITING = {
    "YJ-FIRST-TIME-ENTRANTS": "whilst we have seen a reduction in first time entrants",
    "YJ-CUSTODY": "the use of remand and custodial sentences continue to be a challenge",
    "YJ-REMAND": "reduce the use of remands and custodial sentences",
}
# The by-disposal engagement rows of the §2.5 table, as the commentaries give them.
BY_DISPOSAL = [
    "Community Resolution\t22\t4\t85%\t5\t12\t29%",
    "Restorative Justice\t1\t0\t100%\t1\t0\t100%",
    "Youth Caution\t4\t5\t44%\t4\t23\t15%",
    "Youth Conditional Caution\t7\t0\t100%\t1\t0\t100%",
]


def _seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def test_every_pinned_quote_is_in_seed_004():
    text = _seed_text()
    for code, (_value, _period, quote) in REAL.items():
        assert quote in text, code
    for code, quote in AWAITING.items():
        assert quote in text, code
    for row in BY_DISPOSAL:
        assert row in text


@pytest.mark.django_db
def test_youth_justice_indicators_are_defined_from_seed_004():
    for code in [*REAL, *AWAITING]:
        indicator = Indicator.objects.get(code=code)
        assert indicator.source == SEED_004, code
        assert indicator.frequency == "annual" and indicator.year_basis == "financial", code
        assert "Seed 004" in indicator.definition, code
        assert list(indicator.themes.values_list("code", flat=True)) == ["SAFE"], code
        assert not indicator.targets.exists(), code  # the seed sets no target
    for code, quote in AWAITING.items():
        definition = Indicator.objects.get(code=code).definition
        assert definition.startswith("Awaiting data: seed 004 gives no figure."), code
        assert quote in definition, code
    # the out-of-court pair is the panel's disposals against GMP's pre-administered ones
    panel = Indicator.objects.get(code="YJ-OOCD-ENGAGEMENT-PANEL").definition
    gmp = Indicator.objects.get(code="YJ-OOCD-ENGAGEMENT-GMP").definition
    assert "Panel Administered Disposal" in panel and "34 engaged, 9 no engagement, 79%" in panel
    assert "Pre-administered Disposal by GMP" in gmp and "11 engaged, 35 no engagement, 24%" in gmp


@pytest.mark.django_db
def test_the_framework_alone_holds_no_youth_justice_return():
    assert not Return.objects.filter(indicator__code__startswith="YJ-").exists()


@pytest.mark.django_db
def test_real_figures_load_as_approved_non_synthetic_returns(capsys):
    call_command("load_real_figures")
    assert "Real figures loaded: 9." in capsys.readouterr().out
    returns = {r.indicator.code: r for r in Return.objects.select_related("indicator", "period")}
    for code, (value, period, quote) in REAL.items():
        ret = returns[code]
        assert ret.value == Decimal(value), code
        assert ret.period.code == period, code
        assert ret.status == Return.Status.APPROVED and ret.is_synthetic is False, code
        assert ret.commentary.startswith("Real figure from seed 004"), code
        assert quote.split("\t")[-1] in ret.commentary, code
    for code in AWAITING:
        assert code not in returns, code
    assert "Community Resolution 22/4 (85%)" in returns["YJ-OOCD-ENGAGEMENT-PANEL"].commentary
    assert "Youth Caution 4/23 (15%)" in returns["YJ-OOCD-ENGAGEMENT-GMP"].commentary
    # the RAG rows are stored (no target: Not rated, never synthetic)
    stored = IndicatorStatus.objects.get(indicator__code="YJ-REOFFENDING", period__code="FY2018-19")
    assert stored.value == Decimal("31.6") and stored.rag == "not_rated"
    assert stored.is_synthetic is False
    # a second run changes nothing
    call_command("load_real_figures")
    assert "nothing changed" in capsys.readouterr().out
    assert Return.objects.filter(indicator__code__startswith="YJ-").count() == 9


@pytest.mark.django_db
def test_a_return_already_there_is_kept():
    from indicators.models import Period

    Return.objects.create(
        indicator=Indicator.objects.get(code="YJ-VACANCIES"),
        period=Period.objects.get(code="FY2018-19"),
        value=Decimal("6"),
        status=Return.Status.APPROVED,
    )
    real_figures_load()
    assert Return.objects.get(indicator__code="YJ-VACANCIES").value == Decimal("6")


@pytest.mark.django_db
def test_hmip_recommendations_have_their_measures(client, board_member):
    measures = {
        rec.number: sorted(rec.indicators.values_list("code", flat=True))
        for rec in PlanRecommendation.objects.filter(plan__code="HMIP-YJ-2019")
    }
    assert measures == {
        1: [],
        2: ["YJ-CASELOAD", "YJ-VACANCIES"],
        3: ["YJ-EHCP", "YJ-SEND", "YJ-SEND-SHARE"],
        4: ["YJ-FIRST-TIME-ENTRANTS", "YJ-OOCD-ENGAGEMENT-GMP", "YJ-OOCD-ENGAGEMENT-PANEL"],
        5: ["YJ-CUSTODY", "YJ-REMAND"],
    }
    client.force_login(board_member)
    page = client.get("/scrutiny/action-plans/HMIP-YJ-2019/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<strong>Measures:</strong>") == 4
    assert 'href="/indicators/YJ-REMAND/"' in html
