"""Writes for the framework: loading the reference data from fixtures/framework/*.yaml."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core import versions
from core.loaders import read_yaml, upsert
from indicators import periods as cal
from indicators.models import Area, Indicator, Period, Target
from strategies.models import PromiseTheme, Strategy, StrategyOutcome

from .models import Plan, Priority, Theme

FRAMEWORK_DIR = settings.BASE_DIR / "fixtures" / "framework"


class FrameworkDataError(ValueError):
    """The framework fixtures are inconsistent; nothing was loaded."""


def periods_load(counter: Counter) -> dict[str, Period]:
    existing = {p.code: p for p in Period.objects.all()}
    new = [
        Period(code=p.code, kind=p.kind, start=p.start, end=p.end, label=p.label)
        for p in cal.calendar_periods()
        if p.code not in existing
    ]
    if new:
        Period.objects.bulk_create(new)
        versions.changed(versions.FRAMEWORK)  # no post_save for bulk writes
        counter["periods created"] += len(new)
    return {p.code: p for p in Period.objects.all()}


@transaction.atomic
def framework_load(*, directory: Path = FRAMEWORK_DIR) -> Counter:
    """Load plans, themes, priorities, strategies, indicators, targets and the period calendar.

    Reference fields follow the fixtures. A target already present is kept as it is, even
    when a performance lead has since changed it: the fixture only seeds missing targets (and
    keeps the stated/inferred basis of a target still as the fixture loaded it).
    """
    counter: Counter = Counter()
    period_by_code = periods_load(counter)
    # areas.yaml is optional: without it every figure is the city's.
    areas = (
        read_yaml(directory, "areas.yaml", error=FrameworkDataError, expect=dict)
        if (directory / "areas.yaml").exists()
        else {}
    )
    areas_load(counter, areas.get("areas") or [])
    priorities: dict[str, Priority] = {}
    themes: dict[str, Theme] = {}
    plans: dict[str, Plan] = {}
    for plan_data in read_yaml(directory, "plans.yaml", error=FrameworkDataError, expect=list):
        plan = upsert(
            counter,
            Plan,
            {"code": plan_data["code"]},
            {
                "title": plan_data["title"],
                "start_year": plan_data["start_year"],
                "end_year": plan_data["end_year"],
                "vision": plan_data["vision"].strip(),
                "source": plan_data["source"],
            },
        )
        plans[plan.code] = plan
        for order, theme_data in enumerate(plan_data.get("themes") or [], start=1):
            theme = upsert(
                counter,
                Theme,
                {"code": theme_data["code"]},
                {
                    "plan": plan,
                    "name": theme_data["name"],
                    "statement": theme_data["statement"].strip(),
                    "order": order,
                    "source": theme_data.get("source", plan.source),
                },
            )
            themes[theme.code] = theme
            for i, item in enumerate(theme_data.get("work_to") or [], start=1):
                priorities[item["code"]] = _priority(counter, plan, theme, "work_to", i, item)
        for key, kind in (
            ("passionate_about", "passionate_about"),
            ("principles", "principle"),
            ("behaviours", "behaviour"),
            ("priorities", "plan_priority"),
        ):
            for i, item in enumerate(plan_data.get(key) or [], start=1):
                priorities[item["code"]] = _priority(counter, plan, None, kind, i, item)

    outcomes: dict[str, StrategyOutcome] = {}
    promise_themes: dict[str, PromiseTheme] = {}
    for strategy_data in read_yaml(
        directory, "strategies.yaml", error=FrameworkDataError, expect=list
    ):
        strategy = upsert(
            counter,
            Strategy,
            {"code": strategy_data["code"]},
            {
                "name": strategy_data["name"],
                "plan": _ref(plans, strategy_data.get("plan"), "plan"),
                "description": (strategy_data.get("description") or "").strip(),
                "status": strategy_data.get("status") or "",
                "status_note": " ".join((strategy_data.get("status_note") or "").split()),
                "source": strategy_data["source"],
            },
        )
        for order, pt_data in enumerate(strategy_data.get("promise_themes") or [], start=1):
            promise_theme = upsert(
                counter,
                PromiseTheme,
                {"code": pt_data["code"]},
                {
                    "strategy": strategy,
                    "name": pt_data["name"],
                    "promise": (pt_data.get("promise") or "").strip(),
                    "order": order,
                    "source": pt_data.get("source", strategy.source),
                },
            )
            promise_themes[promise_theme.code] = promise_theme
            for i, item in enumerate(pt_data.get("outcomes") or [], start=1):
                outcomes[item["code"]] = upsert(
                    counter,
                    StrategyOutcome,
                    {"code": item["code"]},
                    {
                        "promise_theme": promise_theme,
                        "text": item["text"].strip(),
                        "order": i,
                        "source": item.get("source", promise_theme.source),
                    },
                )

    for order, data in enumerate(
        read_yaml(directory, "indicators.yaml", error=FrameworkDataError, expect=list), start=1
    ):
        indicator = upsert(
            counter,
            Indicator,
            {"code": data["code"]},
            {
                "name": data["name"],
                "definition": data["definition"].strip(),
                "unit": data["unit"],
                "polarity": data["polarity"],
                "frequency": data["frequency"],
                "aggregation": data.get("aggregation") or "snapshot",
                "year_basis": data.get("year_basis") or "financial",
                "source": data["source"],
                "plan": _ref(plans, data.get("plan"), "plan"),
                "measure_number": data.get("measure_number"),
                "promise_theme": _ref(promise_themes, data.get("promise_theme"), "Promise theme"),
                "order": order,
            },
        )
        _set_links(
            counter, indicator.themes, [_ref(themes, c, "theme") for c in data.get("themes") or []]
        )
        _set_links(
            counter,
            indicator.priorities,
            [_ref(priorities, c, "priority") for c in data.get("priorities") or []],
        )
        _set_links(
            counter,
            indicator.strategy_outcomes,
            [_ref(outcomes, c, "strategy outcome") for c in data.get("strategy_outcomes") or []],
        )
        basis, basis_note = _target_basis(data)
        for period_code, figure in (data.get("targets") or {}).items():
            period = _ref(period_by_code, period_code, "period")
            if period.kind != cal.kind_for("annual", indicator.year_basis):
                raise FrameworkDataError(
                    f"{indicator.code}: target period {period_code} is not a "
                    f"{indicator.year_basis} year."
                )
            existing = Target.objects.filter(indicator=indicator, period=period).first()
            if existing is not None:
                # Still as the fixture loaded it (no lead has set it since, which would make
                # it stated): keep its basis in step with the fixtures, so a database loaded
                # before the flag existed gets it.
                untouched = existing.updated_by_id is None and existing.value == _decimal(
                    figure, indicator
                )
                if untouched and (existing.basis, existing.basis_note) != (basis, basis_note):
                    existing.basis, existing.basis_note = basis, basis_note
                    existing.save(update_fields=["basis", "basis_note", "updated_at"])
                    counter["targets updated"] += 1
                continue
            target = Target(
                indicator=indicator,
                period=period,
                value=_decimal(figure, indicator),
                source=data["source"],
                basis=basis,
                basis_note=basis_note,
            )
            target.full_clean()
            target.save()
            counter["targets created"] += 1

    by_area = areas.get("by_area") or {}
    for code, entry in by_area.items():
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            raise FrameworkDataError(f"areas.yaml: unknown indicator code '{code}'.")
        upsert(counter, Indicator, {"code": code}, {"by_area": True, "entry": entry})
    for indicator in Indicator.objects.filter(by_area=True).exclude(code__in=list(by_area)):
        upsert(counter, Indicator, {"code": indicator.code}, {"by_area": False, "entry": "value"})

    from django.core.management import get_commands

    if "load_scrutiny" in get_commands():
        from django.core.management import call_command

        call_command("load_scrutiny", verbosity=0)
    return counter


def areas_load(counter: Counter, rows: list[dict]) -> dict[str, Area]:
    """Create or update areas (parents before children); a row names its parent by code."""
    known = {a.code: a for a in Area.objects.all()}
    for order, row in enumerate(rows, start=1):
        try:
            code, name, kind = row["code"], row["name"], row["kind"]
        except (KeyError, TypeError) as exc:
            raise FrameworkDataError(f"An area needs a code, a name and a kind: {row!r}") from exc
        parent = _ref(known, row.get("parent"), "parent area")
        known[code] = upsert(
            counter,
            Area,
            {"code": code},
            {
                "name": name,
                "kind": kind,
                "parent": parent,
                "order": row.get("order", order),
                "source": row.get("source", ""),
            },
        )
    return known


def _priority(counter: Counter, plan: Plan, theme: Theme | None, kind: str, order: int, item: dict):
    return upsert(
        counter,
        Priority,
        {"code": item["code"]},
        {
            "plan": plan,
            "theme": theme,
            "kind": kind,
            "text": item["text"].strip(),
            "order": order,
            "source": item.get("source", plan.source),
        },
    )


def _ref(table: dict, code, what: str):
    if code in (None, ""):
        return None
    try:
        return table[code]
    except KeyError as exc:
        raise FrameworkDataError(
            f"Unknown {what} code '{code}' in the framework fixtures."
        ) from exc


def _target_basis(data: dict) -> tuple[str, str]:
    """An indicator's fixture targets are stated unless it says `target_basis: inferred`, with
    a `target_basis_note` saying what was inferred (fixtures/framework/NOTES.md)."""
    basis = data.get("target_basis") or Target.Basis.STATED
    note = (data.get("target_basis_note") or "").strip()
    if basis not in Target.Basis.values:
        raise FrameworkDataError(f"{data['code']}: unknown target_basis '{basis}'.")
    if basis == Target.Basis.INFERRED and not note:
        raise FrameworkDataError(f"{data['code']}: an inferred target needs a target_basis_note.")
    return basis, note


def _decimal(figure, indicator: Indicator) -> Decimal:
    try:
        return Decimal(str(figure).rstrip("%").strip())
    except InvalidOperation as exc:
        raise FrameworkDataError(f"{indicator.code}: target '{figure}' is not a number.") from exc


def _set_links(counter: Counter, manager, wanted: list) -> None:
    if set(manager.all()) != set(wanted):
        manager.set(wanted)
        counter["links updated"] += 1
