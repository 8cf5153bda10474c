import json
from decimal import Decimal as D

import pytest

from indicators import status
from indicators.models import Indicator, Period, Return
from outcomes.dashboard.charts import chart_series, indicator_figure


@pytest.mark.django_db
def test_figure_has_values_target_steps_band_and_rag_markers(client, board_member):
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    for month, value in (("2019-02", "86"), ("2019-03", "80"), ("2019-04", "91")):
        Return.objects.create(
            indicator=indicator,
            period=Period.objects.get(code=month),
            value=D(value),
            status=Return.Status.APPROVED,
        )
    status.statuses_recompute()
    series = chart_series(indicator=indicator)
    assert [s.period.code for s in series] == ["2019-02", "2019-03", "2019-04"]
    figure = json.loads(indicator_figure(indicator=indicator, series=series))
    band_edge, target, values = figure["data"]
    assert target["line"]["shape"] == "hv" and target["fill"] == "tonexty"
    assert target["y"] == [87.0, 87.0, 90.0]  # the target steps at the new year
    assert band_edge["y"] == [82.65, 82.65, 85.5]  # 5% below, for higher-is-better
    assert values["marker"]["symbol"] == ["triangle-up", "square", "circle"]
    client.force_login(board_member)
    page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    assert 'id="indicator-chart-data"' in page and "dist/plotly-basic.min.js" in page
    assert page.count('<tr class="govuk-table__row"><th scope="row"') >= 3


@pytest.mark.django_db
def test_benchmark_lines_and_table_columns(client, board_member, performance_lead):
    from indicators.benchmarks import selectors
    from indicators.benchmarks import services as benchmarks
    from outcomes.dashboard.charts import chart_table

    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    for month, value in (("2019-02", "86"), ("2019-03", "80"), ("2019-04", "91")):
        Return.objects.create(
            indicator=indicator,
            period=Period.objects.get(code=month),
            value=D(value),
            status=Return.Status.APPROVED,
        )
    status.statuses_recompute()
    for year, comparator, value in (
        ("FY2018-19", "gm", "79"),
        ("FY2017-18", "england", "70"),
        ("FY2018-19", "england", "74"),
        ("FY2018-19", "north_west", "77"),
    ):
        benchmarks.benchmark_set(
            user=performance_lead,
            indicator=indicator,
            period=Period.objects.get(code=year),
            comparator=comparator,
            value=value,
            quartile=3 if comparator == "england" else None,
        )
    series = chart_series(indicator=indicator)
    rows = selectors.benchmarks_for_indicator(indicator)
    figure = json.loads(indicator_figure(indicator=indicator, series=series, benchmarks=rows))
    lines = {t["name"]: t for t in figure["data"] if t.get("name", "").endswith("(benchmark)")}
    # one line per comparator that has values, in comparator order; none for stat neighbours
    assert list(lines) == [
        "England (benchmark)",
        "North West (benchmark)",
        "Greater Manchester (benchmark)",
    ]
    assert lines["England (benchmark)"]["x"] == ["2018-03-31", "2019-03-31"]  # period ends
    assert lines["England (benchmark)"]["y"] == [70.0, 74.0]
    assert lines["Greater Manchester (benchmark)"]["y"] == [79.0]
    dashes = [t["line"]["dash"] for t in lines.values()]
    assert len(set(dashes)) == 3 and "solid" not in dashes
    assert len({t["marker"]["symbol"] for t in lines.values()}) == 3
    values = next(t for t in figure["data"] if t.get("name") == "Value")
    assert values["x"][1] == "2019-03-31"  # same x as the March value

    table = chart_table(series=series, benchmarks=rows)
    assert [label for _, label in table["comparators"]] == [
        "England",
        "North West",
        "Greater Manchester",
    ]
    by_label = {r["label"]: r for r in table["rows"]}
    assert [r["label"] for r in table["rows"]] == [
        "2017/18 (financial year)",
        "February 2019",
        "March 2019",
        "April 2019",
    ]
    march = by_label["March 2019"]
    assert march["status"].value == D("80")
    assert [b and b.value for b in march["benchmarks"]] == [D("74"), D("77"), D("79")]
    assert by_label["2017/18 (financial year)"]["status"] is None
    assert [b and b.value for b in by_label["April 2019"]["benchmarks"]] == [None, None, None]

    client.force_login(board_member)
    page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    chart_table_html = page[page.index('id="chart-table"') :]
    chart_table_html = chart_table_html[: chart_table_html.index("</table>")]
    assert "Greater Manchester (benchmark)</th>" in chart_table_html
    assert "79" in chart_table_html and "2017/18 (financial year)" in chart_table_html
    panel = page[page.index('id="benchmark-table"') :]
    assert "Third quartile" in panel[: panel.index("</table>")]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def test_every_chart_line_has_3_to_1_contrast_on_white():
    """WCAG 1.4.11: the lines a reader must tell apart, the band's edge included."""
    from outcomes.dashboard import charts

    colours = {code: style[0] for code, style in charts.BENCHMARK_STYLES.items()}
    colours |= {"target": charts.TARGET_COLOUR, "value": charts.VALUE_COLOUR}
    colours["band edge"] = charts.BAND_EDGE_COLOUR
    low = {name: round(contrast_on_white(c), 2) for name, c in colours.items()}
    assert all(ratio >= 3 for ratio in low.values()), low
    assert contrast_on_white("#f499be") < 3  # the pink it replaced: the check can fail


@pytest.mark.django_db
def test_the_key_is_html_and_no_series_can_be_hidden(client, board_member):
    """The Plotly legend is off (it clipped at 320 px and hid a series on a click); the key
    under the chart names every line in drawing order, with its dash pattern."""
    from outcomes.dashboard.charts import chart_legend

    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    for month, value in (("2019-02", "86"), ("2019-03", "80")):
        Return.objects.create(
            indicator=indicator,
            period=Period.objects.get(code=month),
            value=D(value),
            status=Return.Status.APPROVED,
        )
    status.statuses_recompute()
    series = chart_series(indicator=indicator)
    figure = json.loads(indicator_figure(indicator=indicator, series=series))
    assert figure["layout"]["showlegend"] is False
    band_edge = figure["data"][0]
    assert band_edge["line"]["width"] > 0 and band_edge["line"]["dash"] == "dot"
    key = chart_legend(series=series)
    assert [e["label"] for e in key] == [
        "Target",
        "Amber band (shaded)",
        "Value (marker shape by RAG)",
    ]
    client.force_login(board_member)
    page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    chart = page[page.index('class="app-chart"') : page.index("</figure>")]
    assert 'class="app-chart-key"' in chart
    for entry in key:
        assert f"</svg>{entry['label']}</li>" in chart
    assert 'stroke-dasharray="6 3"' in chart  # the target's dashes drawn in the key
