"""The dashboard's summary in words: deterministic, built only from the figures shown.

Figures and words come from indicators.figures, the one rule the tiles and packs use too:
"above/below target" by the numbers, "better/worse" by the indicator's polarity.
"""

from __future__ import annotations

from indicators.figures import against_target
from indicators.rag_style import STYLES

WORDS = {code: style.label for code, style in STYLES.items()}


def progress_sentence(*, period_label: str, returns_in: int, returns_expected: int) -> str:
    """e.g. "Q3 2026/27 is in progress: 12 of 55 returns in." """
    return f"{period_label} is in progress: {returns_in} of {returns_expected} returns in."


def worse_sentence(item: dict) -> str:
    """One indicator worse than its target, e.g. "Children placed at home on a Care Order is
    16 against a target of 15: above target (worse: lower is better), worse than target for 3
    quarters running." """
    sentence = f"{item['name']} is " + against_target(
        item["value"],
        item["target"],
        item["unit"],
        item["polarity"],
        cumulative=item.get("cumulative", False),
    )
    running = item.get("quarters_worse", 0)
    if running > 1:
        sentence += (
            f", worse than target for {'at least ' if item.get('at_least') else ''}"
            f"{running} quarters running"
        )
    return sentence + "."


def summarise(
    *, scope: str, period_label: str, counts: dict, reds: list[dict], progress: str = ""
) -> str:
    """e.g. "3 of 27 Safe indicators are Red in Q2 2019/20. The rest: 20 Green, 4 Amber.
    % placed within 20 miles is 86.2% against a target of 90%: below target (worse: higher
    is better), worse than target for 3 quarters running."

    reds: dicts with name, value, target, unit, polarity, cumulative and quarters_worse
    (consecutive quarters Red or Amber up to now), most severe first; only indicators with a
    figure in the period. progress: for a quarter in progress, the sentence saying so, which
    then comes first.
    """
    total = sum(counts.values())
    lead = [progress] if progress else []
    scope_words = f"{scope} indicators" if scope else "indicators"
    if not total:
        return " ".join(lead + [f"No {scope_words} to show for {period_label}."])
    red = counts.get("red", 0)
    parts = lead + [
        f"{red} of {total} {scope_words} {'is' if red == 1 else 'are'} Red in {period_label}."
    ]
    others = [
        f"{counts[k]} {WORDS[k]}"
        for k in ("green", "amber", "no_data", "not_rated")
        if counts.get(k)
    ]
    if others:
        parts.append("The rest: " + ", ".join(others) + ".")
    for item in [r for r in reds if r.get("value") is not None][:2]:
        parts.append(worse_sentence(item))
    return " ".join(parts)
