"""One look for each rating (indicators/rag_style.py): pages, charts and the pack agree."""

from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from indicators.rag_style import RAG_ORDER, STYLES, rag_style
from outcomes.dashboard.charts import MARKERS
from outcomes.dashboard.svgchart import line_chart_svg


@pytest.mark.parametrize("code", RAG_ORDER)
def test_the_tag_shows_the_tables_word_and_symbol(code):
    html = render_to_string("includes/rag_tag.html", {"rag": code})
    style = STYLES[code]
    assert style.label in html and style.symbol in html and f"app-rag--{style.css}" in html


@pytest.mark.parametrize(
    "raw,code",
    [
        ("GREEN", "green"),
        ("no-data", "no_data"),
        ("Not rated", "not_rated"),
        ("", "not_rated"),
        ("purple", "not_rated"),
        (None, "not_rated"),
    ],
)
def test_any_spelling_reads_as_a_rating(raw, code):
    assert rag_style(raw) is STYLES[code]


def test_every_rating_has_its_own_symbol_and_marker():
    assert len({s.symbol for s in STYLES.values()}) == len(STYLES)
    assert len({s.marker for s in STYLES.values()}) == len(STYLES)


def test_charts_svg_and_the_print_pack_use_the_same_colours():
    assert MARKERS == {code: (s.colour, s.marker) for code, s in STYLES.items()}
    svg = line_chart_svg(
        [
            {"label": "Q1", "value": D("80"), "target": D("90"), "rag": "amber"},
            {"label": "Q2", "value": D("95"), "target": D("90"), "rag": "red"},
        ],
        title="t",
        unit="percent",
    )
    assert STYLES["amber"].colour in svg and STYLES["red"].colour in svg
    css = Template("{% load rag %}{% rag_print_css %}").render(Context())
    for style in STYLES.values():
        assert f".app-rag--{style.css} {{ color: {style.colour}; }}" in css
