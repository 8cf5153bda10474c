"""Every summary sentence the dashboard writes from the demo data, for every quarter and
theme, is parsed back into value, target, above/below and better/worse, and checked against
the stored numbers and the indicator's polarity."""

import re
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from indicators.figures import UNIT_SUFFIX
from outcomes.dashboard.selectors import Filters, dashboard, quarters_with_data

FIGURE = re.compile(
    r"^(?P<name>.+) is (?P<value>-?\d[\d,]*(?:\.\d+)?)(?P<unit>%|(?: days?| per [\w,]+))?"
    r"(?P<ytd> year to date)? against a "
    r"(?P<kind>pro-rata target|target) of (?P<target>-?\d[\d,]*(?:\.\d+)?)"
    r"(?P<tunit>%|(?: days?| per [\w,]+))?: "
    r"(?:(?P<position>above|below) target \((?P<verdict>better|worse): "
    r"(?P<polarity>higher|lower) is better\)|(?P<on>on) target)"
    r"(?:, worse than target for (?P<at_least>at least )?(?P<running>\d+) quarters running)?\.$"
)
OTHER = [
    re.compile(r"^\d+ of \d+ (?:\w+ )?indicators (?:is|are) Red in .+\.$"),
    re.compile(r"^The rest: \d+ \w+(?: \w+)?(?:, \d+ \w+(?: \w+)?)*\.$"),
    re.compile(r"^Q\d \d{4}/\d\d is in progress: \d+ of \d+ returns in\.$"),
    re.compile(r"^No (?:\w+ )?indicators to show for .+\.$"),
]


ABBREVIATION = re.compile(r"\b(?:incl|e\.g|i\.e|etc|vs)\.$")


def sentences(summary: str) -> list[str]:
    """Split after a full stop followed by a space and a capital, a digit or '%' (decimals
    such as 86.2 have no space after their point), but not after an abbreviation inside an
    indicator's name ("5 good GCSEs incl. English and maths")."""
    out: list[str] = []
    for piece in re.split(r"(?<=\.) (?=[A-Z%\d])", summary):
        if out and ABBREVIATION.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def check(sentence: str, tiles: dict) -> bool:
    """True for a figure sentence that passed every check; False for a count sentence."""
    match = FIGURE.match(sentence)
    if match is None:
        assert " against " not in sentence, f"unparsed figure sentence: {sentence!r}"
        assert any(p.match(sentence) for p in OTHER), f"unknown sentence: {sentence!r}"
        return False
    tile = tiles[match["name"]]
    indicator, status = tile.indicator, tile.status
    value, target = D(match["value"].replace(",", "")), D(match["target"].replace(",", ""))
    # The digits shown are the stored figures, rounded (never further than half a tenth).
    assert abs(value - status.value) <= D("0.05"), sentence
    assert abs(target - status.target) <= D("0.05"), sentence
    # Both figures carry the indicator's unit (indicators.figures.UNIT_SUFFIX).
    suffix = UNIT_SUFFIX.get(indicator.unit, "")
    assert (match["unit"] or "").rstrip("s") == (match["tunit"] or "").rstrip("s"), sentence
    assert (match["unit"] or "").rstrip("s") == suffix.rstrip("s"), sentence
    assert bool(match["ytd"]) == (match["kind"] == "pro-rata target") == indicator.is_cumulative
    # Above/below by the numbers shown AND by the stored numbers: they never disagree.
    shown = "on" if value == target else "above" if value > target else "below"
    stored = (
        "on"
        if status.value == status.target
        else "above"
        if status.value > status.target
        else "below"
    )
    assert (match["position"] or match["on"]) == shown == stored, sentence
    if match["on"]:
        assert status.rag == "green", sentence
        return True
    # Better/worse by polarity, matching the indicator's and the RAG.
    assert match["polarity"] == indicator.polarity, sentence
    better = (shown == "above") == (indicator.polarity == "higher")
    assert match["verdict"] == ("better" if better else "worse"), sentence
    if status.rag in ("red", "amber"):
        assert match["verdict"] == "worse", sentence
    if match["running"]:
        running = int(match["running"])
        assert running == tile.quarters_worse > 1 and bool(match["at_least"]) == tile.at_least
    return True


@pytest.mark.django_db
def test_every_summary_sentence_matches_its_numbers_and_polarity():
    call_command("load_framework", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    quarters = quarters_with_data()
    assert len(quarters) > 30  # FY2016-17 to the latest quarter
    themes = [None, "SAFE", "HAPPY", "HEALTHY", "SUCCESSFUL"]
    checked, polarities, positions = 0, set(), set()
    for quarter in quarters:
        for theme in themes:
            data = dashboard(period=quarter, filters=Filters(theme=theme or ""))
            tiles = {t.indicator.name: t for b in data["blocks"] for t in b.tiles}
            for summary in [data["summary"]] + [b.summary for b in data["blocks"]]:
                for sentence in sentences(summary):
                    if check(sentence, tiles):
                        checked += 1
                        match = FIGURE.match(sentence)
                        polarities.add(match["polarity"])
                        positions.add(match["position"])
    # The demo data exercises both polarities and both sides of the target.
    assert checked > 100 and polarities == {"higher", "lower"}
    assert positions == {"above", "below"}
