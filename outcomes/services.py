"""Writes for the framework: loading the reference data from fixtures/framework/*.yaml."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.loaders import read_yaml, upsert
from indicators import periods as cal
from indicators.models import Indicator, Period, Target
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
        counter["periods created"] += len(new)
    return {p.code: p for p in Period.objects.all()}


@transaction.atomic
def framework_load(*, directory: Path = FRAMEWORK_DIR) -> Counter:
    """Load plans, themes, priorities, strategies, indicators, targets and the period calendar.

    Reference fields follow the fixtures. A target already present is kept as it is, even
    when a performance lead has since changed it: the fixture only seeds missing targets.
    """
    counter: Counter = Counter()
    period_by_code = periods_load(counter)
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
        for period_code, figure in (data.get("targets") or {}).items():
            period = _ref(period_by_code, period_code, "period")
            if period.kind != cal.kind_for("annual", indicator.year_basis):
                raise FrameworkDataError(
                    f"{indicator.code}: target period {period_code} is not a "
                    f"{indicator.year_basis} year."
                )
            if Target.objects.filter(indicator=indicator, period=period).exists():
                continue
            target = Target(
                indicator=indicator,
                period=period,
                value=_decimal(figure, indicator),
                source=data["source"],
            )
            target.full_clean()
            target.save()
            counter["targets created"] += 1

    from django.core.management import get_commands

    if "load_scrutiny" in get_commands():
        from django.core.management import call_command

        call_command("load_scrutiny", verbosity=0)
    return counter


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


def _decimal(figure, indicator: Indicator) -> Decimal:
    try:
        return Decimal(str(figure).rstrip("%").strip())
    except InvalidOperation as exc:
        raise FrameworkDataError(f"{indicator.code}: target '{figure}' is not a number.") from exc


def _set_links(counter: Counter, manager, wanted: list) -> None:
    if set(manager.all()) != set(wanted):
        manager.set(wanted)
        counter["links updated"] += 1
