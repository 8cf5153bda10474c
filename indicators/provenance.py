"""Where each figure and target on the indicator page came from: a real figure from a source
document, a demo figure, or an approved return; a target stated or inferred (docs/demo-data.md).

One home for these words, so the chart, its key, its table and the recent-figures table say
the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.sources import source_text

from . import periods as cal

REAL = "real"
DEMO = "demo"
RETURN = "return"


@dataclass(frozen=True)
class Provenance:
    kind: str  # REAL, DEMO or RETURN
    label: str  # the Source column's words

    @property
    def is_real(self) -> bool:
        return self.kind == REAL


def figure_provenance(
    *, indicator_code: str, period_code: str, value: Decimal | None, is_synthetic: bool
) -> Provenance:
    """A demo figure is "Demo"; a figure the demo took from a document (and still shows that
    figure) is "Real, seed 004 / <the document's title>"; anything else an approved return."""
    from .demo import real_figure

    if is_synthetic:
        return Provenance(DEMO, "Demo")
    real = real_figure(indicator_code, period_code)
    if real is not None and value is not None and Decimal(real.value) == value:
        seed = real.source.split("_", 1)[0]
        return Provenance(REAL, f"Real, seed {seed} / {source_text(real.source)}")
    return Provenance(RETURN, "Approved return")


@dataclass(frozen=True)
class Marks:
    """Per stored status (by period id): its figure's provenance and the target record that
    applies to it (None where there is no target)."""

    sources: dict
    targets: dict

    def source(self, status) -> Provenance | None:
        return self.sources.get(status.period_id)

    def target(self, status):
        return self.targets.get(status.period_id)

    @property
    def any_real(self) -> bool:
        return any(p.kind == REAL for p in self.sources.values())

    @property
    def any_demo(self) -> bool:
        return any(p.kind == DEMO for p in self.sources.values())

    @property
    def any_inferred(self) -> bool:
        return any(t is not None and t.is_inferred for t in self.targets.values())

    def inferred_notes(self) -> list[tuple[str, str]]:
        """Each inferred target's year and note, oldest first, once each."""
        seen = {}
        for target in self.targets.values():
            if target is not None and target.is_inferred:
                seen[target.period.start, target.period.label] = target.basis_note
        return [(label, note) for (_, label), note in sorted(seen.items())]


def marks_for(*, indicator, statuses) -> Marks:
    """The marks of the indicator's `statuses`, from its (prefetched) targets: no query."""
    by_year = {t.period.code: t for t in indicator.targets.all()}
    sources, targets = {}, {}
    for s in statuses:
        sources[s.period_id] = figure_provenance(
            indicator_code=indicator.code,
            period_code=s.period.code,
            value=s.value,
            is_synthetic=s.is_synthetic,
        )
        year = cal.year_of(s.period.calendar, indicator.year_basis)
        targets[s.period_id] = by_year.get(year.code)
    return Marks(sources, targets)
