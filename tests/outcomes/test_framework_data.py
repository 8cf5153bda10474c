"""Pins the framework data against the domain digest (copied from the shared folder into
tests/data/): counts, codes and all 75 targets (the A1/A2 ones on the "% within" indicators,
as DOMAIN.md's "Read as written" asks)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import Indicator, Period, Target
from outcomes.models import Plan, Priority, Theme
from strategies.models import PromiseTheme, Strategy, StrategyOutcome

DOMAIN = Path(__file__).resolve().parents[1] / "data" / "DOMAIN.md"

NAMED_2020_CODES = {
    "CIN-TOTAL",
    "CP-PLANS",
    "INFANT-MORTALITY",
    "KS2-RWM-ALL",
    "KS2-RWM-LAC",
    "CL-NEET",
    "LAC-16-17-EET",
    "EXCLUSIONS-FIXED",
    "EXCLUSIONS-PERMANENT",
}
A1_A2_AS_WRITTEN = {
    "ADOPTION-A1-DAYS": "ADOPTION-A1-WITHIN-426",
    "ADOPTION-A2-DAYS": "ADOPTION-A2-WITHIN-121",
}
EXTRA_CODES = {
    "NEET-16-18",
    "LAC-COUNT",
    "REFERRALS",
    "S47-ENQUIRIES",
    "SW-CASELOAD",
    "SW-CASELOAD-ASYE",
}


def domain_lac_table():
    """Rows of DOMAIN.md's LAC strategy table: code -> (polarity, basis, [three figures])."""
    assert DOMAIN.exists(), f"{DOMAIN} is needed (tests/data/README.md)"
    rows = {}
    for line in DOMAIN.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and (m := re.fullmatch(r"`([A-Z0-9-]+)`", cells[1])):
            if cells[0] not in {"Respect", "Care", "Support", "Grow"}:
                continue
            figures = [c.rstrip("%") for c in cells[5:8]] if len(cells) >= 8 else []
            figures = [f for f in figures if re.fullmatch(r"\d+(\.\d+)?", f)]
            basis = "academic" if "academic" in cells[4] else "financial"
            rows[m[1]] = (cells[3], basis, cells[0], figures)
    return rows


def test_domain_table_parses_as_expected():
    rows = domain_lac_table()
    assert len(rows) == 27
    assert sum(len(r[3]) for r in rows.values()) == 75


@pytest.mark.django_db
def test_counts_of_each_kind():
    assert Plan.objects.count() == 2
    assert Theme.objects.count() == 4
    work_to = Priority.objects.filter(kind="work_to")
    assert {t.code: work_to.filter(theme=t).count() for t in Theme.objects.all()} == {
        "SAFE": 6,
        "HAPPY": 5,
        "HEALTHY": 11,
        "SUCCESSFUL": 4,
    }
    by_plan = lambda kind: sorted(  # noqa: E731
        Priority.objects.filter(kind=kind).values_list("plan__code", flat=True)
    )
    assert by_plan("passionate_about") == ["CYPP-2016-2020"] * 4 + ["CYPP-2020-2024"] * 4
    assert by_plan("principle") == ["CYPP-2016-2020"] * 4 + ["CYPP-2020-2024"] * 8
    assert by_plan("behaviour") == ["CYPP-2016-2020"] * 5 + ["CYPP-2020-2024"] * 4
    assert by_plan("plan_priority") == ["CYPP-2020-2024"] * 9
    assert Strategy.objects.count() >= 8
    assert set(PromiseTheme.objects.values_list("code", flat=True)) >= {
        "RESPECT",
        "CARE",
        "SUPPORT",
        "GROW",
        "EDGE-OF-CARE",
    }
    assert StrategyOutcome.objects.count() > 0
    # 55 (27 LAC + 22 from the 2020 plan + 6 extras) + 2 A1/A2 "% within" + 12 youth justice
    assert Indicator.objects.count() == 69
    # the 27 of the LAC strategy's table + the two A1/A2 "% within" indicators (Care)
    assert Indicator.objects.filter(promise_theme__isnull=False).count() == 29
    assert Indicator.objects.filter(plan__code="CYPP-2020-2024").count() == 22
    assert Target.objects.count() == 75


@pytest.mark.django_db
def test_every_indicator_code():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert set(domain_lac_table()) <= codes
    assert NAMED_2020_CODES <= codes
    assert EXTRA_CODES <= codes
    # every indicator has a source seed and evidences at least one outcome theme
    assert not Indicator.objects.filter(source="").exists()
    assert not Indicator.objects.filter(themes__isnull=True).exists()


@pytest.mark.django_db
def test_every_lac_target_matches_domain():
    rows = domain_lac_table()
    years = ["2017-18", "2018-19", "2019-20"]
    for code, (polarity, basis, _promise, figures) in rows.items():
        indicator = Indicator.objects.get(code=code)
        assert indicator.polarity == polarity, code
        assert indicator.year_basis == basis, code
        stored = {t.period.code: t.value for t in indicator.targets.select_related("period")}
        prefix = "AY" if basis == "academic" else "FY"
        expected = {f"{prefix}{y}": Decimal(f) for y, f in zip(years, figures, strict=False)}
        if code in A1_A2_AS_WRITTEN:
            # 003: "all children to meet" 426/121 days: the target is 100% of children, held
            # on the "% within" indicator; the average is context, with no target.
            assert stored == {}, code
            within = Indicator.objects.get(code=A1_A2_AS_WRITTEN[code])
            stored = {t.period.code: t.value for t in within.targets.select_related("period")}
            expected = dict.fromkeys(expected, Decimal("100"))
        assert stored == expected, code


@pytest.mark.django_db
def test_period_calendar():
    kinds = dict.fromkeys(["month", "fin_quarter", "fin_year", "acad_year", "cal_year"], 0)
    for kind in Period.objects.values_list("kind", flat=True):
        kinds[kind] += 1
    assert kinds == {
        "month": 180,
        "fin_quarter": 60,
        "fin_year": 15,
        "acad_year": 15,
        "cal_year": 14,
    }
    assert Period.objects.order_by("start").first().code == "FY2015-16"
    assert Period.objects.filter(code="FY2029-30-Q4", end__month=3, end__day=31).exists()


@pytest.mark.django_db
def test_load_framework_twice_changes_nothing(capsys):
    before = {
        "targets": list(Target.objects.values_list("id", "value", "updated_at")),
        "indicators": list(Indicator.objects.values_list("id", "updated_at")),
        "history": Target.history.count(),
    }
    call_command("load_framework")
    out = capsys.readouterr().out
    assert "nothing changed" in out
    assert before == {
        "targets": list(Target.objects.values_list("id", "value", "updated_at")),
        "indicators": list(Indicator.objects.values_list("id", "updated_at")),
        "history": Target.history.count(),
    }


@pytest.mark.django_db
def test_reload_keeps_a_target_a_lead_has_changed():
    target = Target.objects.get(indicator__code="LAC-WITHIN-20-MILES", period__code="FY2019-20")
    target.value = Decimal("91")
    target.save()
    call_command("load_framework")
    target.refresh_from_db()
    assert target.value == Decimal("91")


@pytest.mark.django_db
def test_bad_fixture_reference_is_refused_and_changes_nothing(tmp_path):
    from outcomes.services import FRAMEWORK_DIR, FrameworkDataError, framework_load

    for name in ("plans.yaml", "strategies.yaml"):
        (tmp_path / name).write_text((FRAMEWORK_DIR / name).read_text())
    text = (FRAMEWORK_DIR / "indicators.yaml").read_text()
    (tmp_path / "indicators.yaml").write_text(text.replace("themes: [SAFE]", "themes: [NOPE]", 1))
    count = Indicator.objects.count()
    with pytest.raises(FrameworkDataError, match="Unknown theme code 'NOPE'"):
        framework_load(directory=tmp_path)
    assert Indicator.objects.count() == count
