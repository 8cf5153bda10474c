"""Words and digits the Board can trust: one precision rule, above/below by the numbers,
better/worse by polarity, on tiles, in the summary, the API and the packs."""

from decimal import Decimal as D

import pytest

from indicators import status
from indicators.figures import compare, figure_text, places_for
from indicators.models import Target
from tests.outcomes.conftest import approve


def test_precision_rule_shows_a_value_apart_from_its_target():
    assert figure_text(D("89.96"), "percent", against=D("90")) == "89.96%"
    assert figure_text(D("90"), "percent", against=D("89.96")) == "90%"
    assert figure_text(D("86.2000"), "percent", against=D("90")) == "86.2%"
    assert figure_text(D("16.0000"), "count", against=D("15")) == "16"
    assert figure_text(D("89.9999"), "percent", against=D("90")) == "89.9999%"
    assert figure_text(D("90.0000"), "percent", against=D("90")) == "90%"  # equal: no digits
    assert figure_text(D("21.44"), "average") == "21.4 per worker"  # alone: one decimal place
    assert figure_text(None, "percent") == "–"
    # Lower is better: 50.04 against 50 is worse (amber) and is shown so.
    assert figure_text(D("50.04"), "count", against=D("50")) == "50.04"
    assert places_for(D("50.04"), D("50")) == 2 and places_for(D("50.2"), D("50")) == 1


def test_words_follow_the_numbers_and_the_polarity():
    assert compare(D("16"), D("15"), "lower").text == "above target (worse: lower is better)"
    assert compare(D("14"), D("15"), "lower").text == "below target (better: lower is better)"
    assert compare(D("89.96"), D("90"), "higher").text == "below target (worse: higher is better)"
    assert compare(D("91"), D("90"), "higher").text == "above target (better: higher is better)"
    assert compare(D("90"), D("90"), "higher").text == "on target"
    assert compare(None, D("90"), "higher") is None


def tile(data, code):
    return next(t for th in data["themes"] for t in th["indicators"] if t["code"] == code)


@pytest.mark.django_db
def test_tiles_and_api_never_show_digits_contradicting_the_rag(client, board_member, client_for):
    approve("LAC-WITHIN-20-MILES", "2019-08", "89.96")  # higher is better, target 90: amber
    approve("LAC-RESIDENTIAL", "2019-08", "50.04")  # lower is better, target 50: amber
    status.status_compute_period(period_code="FY2019-20-Q2")
    data = client_for(board_member).get("/api/dashboard/?period=FY2019-20-Q2").json()
    lac = tile(data, "LAC-WITHIN-20-MILES")
    assert (lac["rag"], lac["value_text"], lac["target_text"]) == ("amber", "89.96%", "90%")
    assert lac["comparison"] == {
        "position": "below",
        "verdict": "worse",
        "text": "below target (worse: higher is better)",
    }
    res = tile(data, "LAC-RESIDENTIAL")
    assert (res["rag"], res["value_text"], res["target_text"]) == ("amber", "50.04", "50")
    assert res["comparison"]["text"] == "above target (worse: lower is better)"
    client.force_login(board_member)
    page = client.get("/dashboard/?period=FY2019-20-Q2").content.decode()
    assert "89.96%<br>" in page and "50.04<br>" in page
    assert "above target (worse: lower is better)" in page


@pytest.mark.django_db
def test_summary_uses_the_precision_rule_for_a_red_figure(client, board_member):
    # A band of 0.01 makes 89.96 against 90 Red: the summary must not say "90% against 90%".
    Target.objects.filter(indicator__code="LAC-WITHIN-20-MILES", period__code="FY2019-20").update(
        band=D("0.01")
    )
    approve("LAC-WITHIN-20-MILES", "2019-08", "89.96")
    status.status_compute_period(period_code="FY2019-20-Q2")
    client.force_login(board_member)
    page = client.get("/dashboard/?period=FY2019-20-Q2").content.decode()
    assert (
        "% LAC placed within 20 miles of Manchester is 89.96% against a target of 90%: "
        "below target (worse: higher is better)."
    ) in page


@pytest.mark.django_db
def test_worse_than_target_counts_amber_and_red_quarters(client_for, board_member):
    approve("LAC-WITHIN-20-MILES", "2019-02", "95")  # Q4 2018/19: green (target 87)
    approve("LAC-WITHIN-20-MILES", "2019-05", "88")  # Q1 2019/20: amber (90, band 4.5)
    approve("LAC-WITHIN-20-MILES", "2019-08", "80")  # Q2 2019/20: red
    for code in ("2019-02", "2019-05", "2019-08"):
        status.status_compute_period(period_code=code)
    data = client_for(board_member).get("/api/dashboard/?period=FY2019-20-Q2").json()
    lac = tile(data, "LAC-WITHIN-20-MILES")
    assert lac["quarters_worse_than_target"] == 2  # the Amber quarter counts too
    assert (
        "80% against a target of 90%: below target (worse: higher is better), worse than "
        "target for 2 quarters running."
    ) in data["summary"]


@pytest.mark.django_db
def test_pack_shows_the_same_digits_and_words(session):
    """The frozen pack renders from its snapshot with the same rule, old snapshots too."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from outcomes.board.packs import pack_context, snapshot_build

    approve("LAC-RESIDENTIAL", "2019-08", "50.04")
    status.status_compute_period(period_code="FY2019-20-Q2")
    snap = snapshot_build(session, as_at=timezone.now())
    html = render_to_string("outcomes/pack_print.html", pack_context(snap))
    assert "50.04" in html and "above target (worse: lower is better)" in html
    assert "86.2%" in html and "below target (worse: higher is better)" in html
    lac = tile(snap["dashboard"], "LAC-WITHIN-20-MILES")
    assert lac["forecast"]["text"] in html and " against 90% for 2019/20" in html
    # A pack published before projections carried their text still reads.
    for th in snap["dashboard"]["themes"]:
        for t in th["indicators"]:
            if t["forecast"]:
                t["forecast"] = {
                    k: v for k, v in t["forecast"].items() if k not in ("text", "year_label")
                }
    old = render_to_string("outcomes/pack_print.html", pack_context(snap))
    assert " against 90% for 2019/20" in old


@pytest.mark.django_db
def test_projection_shows_its_year_target_on_tile_api_and_indicator_page(
    client, board_member, client_for
):
    for month, value in [("2019-04", "80"), ("2019-05", "81"), ("2019-06", "82")]:
        approve("LAC-WITHIN-20-MILES", month, value)
    status.status_compute_period(period_code="FY2019-20-Q1")
    words = "Projected 91% against 90% for 2019/20"  # 80, 81, 82: +1 a month to March
    data = client_for(board_member).get("/api/dashboard/?period=FY2019-20-Q1").json()
    projection = tile(data, "LAC-WITHIN-20-MILES")["projection"]
    assert (projection["value"], projection["target"], projection["year_label"]) == (
        "91",
        "90",
        "2019/20",
    )
    assert projection["text"] == words
    client.force_login(board_member)
    assert words in client.get("/dashboard/?period=FY2019-20-Q1").content.decode()
    assert words in client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()


@pytest.mark.django_db
def test_indicator_chart_table_uses_the_precision_rule(client, board_member):
    approve("LAC-WITHIN-20-MILES", "2019-08", "89.96")
    status.status_compute_period(period_code="2019-08")
    client.force_login(board_member)
    page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    table = page[page.index('id="chart-table"') :]
    assert '>89.96%</td><td class="govuk-table__cell govuk-table__cell--numeric">90%</td>' in table


@pytest.mark.parametrize(
    "value, unit, shown",
    [
        ("91.5", "percent", "91.5%"),
        ("91.50", "percent", "91.5%"),
        ("77.80", "percent", "77.8%"),
        ("1131", "count", "1,131"),
        ("20.0000", "count", "20"),
        ("17.74", "average", "17.7 per worker"),
        ("426", "days", "426 days"),
        ("1", "days", "1 day"),
        ("35.21", "rate_10000", "35.2 per 10,000"),
        ("12345.6", "rate_100000", "12,345.6 per 100,000"),
    ],
)
def test_one_number_format_by_unit(value, unit, shown):
    assert figure_text(D(value), unit) == shown


def test_no_template_formats_a_number_its_own_way():
    """Every figure on a page goes through the `figure` filter (indicators/templatetags)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [p.name for p in root.rglob("*.html") if "floatformat" in p.read_text()]
    assert offenders == []
