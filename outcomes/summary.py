"""The dashboard's summary in words: deterministic, built only from the figures shown."""

from __future__ import annotations

from decimal import Decimal

UNIT_SUFFIX = {"percent": "%"}
WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "no_data": "No data",
         "not_rated": "Not rated"}


def _fmt(value: Decimal, unit: str) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
    if "." in text and value == value.to_integral():
        text = text.split(".")[0]
    return f"{text}{UNIT_SUFFIX.get(unit, '')}"


def summarise(*, scope: str, period_label: str, counts: dict, reds: list[dict]) -> str:
    """e.g. "3 of 27 Safe indicators are Red in Q2 2019/20. Placements within 20 miles is
    86.2% against 90%, below target for 3 quarters running."

    reds: dicts with name, value, target, unit and quarters_below (consecutive quarters below
    target up to now), most severe first.
    """
    total = sum(counts.values())
    if not total:
        return f"No {scope} indicators to show for {period_label}."
    red = counts.get("red", 0)
    parts = [f"{red} of {total} {scope} indicators {'is' if red == 1 else 'are'} Red "
             f"in {period_label}."]
    others = [f"{counts[k]} {WORDS[k]}" for k in ("green", "amber", "no_data", "not_rated")
              if counts.get(k)]
    if others:
        parts.append("The rest: " + ", ".join(others) + ".")
    for item in reds[:2]:
        sentence = (f"{item['name']} is {_fmt(item['value'], item['unit'])} against "
                    f"{_fmt(item['target'], item['unit'])}")
        if item.get("quarters_below", 0) > 1:
            sentence += f", below target for {item['quarters_below']} quarters running"
        parts.append(sentence + ".")
    return " ".join(parts)
