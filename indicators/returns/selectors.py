"""Reads for the returns workflow: due dates, the officer's worklist, the context shown beside
a figure being entered or approved (target, recent figures, the RAG it would get)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from indicators import periods as cal
from indicators import rag
from indicators.figures import figure_text, number_text
from indicators.models import Indicator, IndicatorStatus, Period, Return, Target
from indicators.status import IndicatorData

PAST_PERIODS = 3  # the latest complete periods of each indicator an officer is asked for
RECENT_FIGURES = 3  # approved figures shown beside a figure being entered
TYPICAL_FIGURES = 8  # approved figures whose period-to-period changes give the typical change
TYPICAL_MIN = 3  # fewer approved figures than this: no "unusual change" warning
UNUSUAL_FACTOR = 3


def due_date(period_end, working_days: int | None = None):
    """When a return falls due: RETURN_DUE_WORKING_DAYS working days after its period ends."""
    days = settings.RETURN_DUE_WORKING_DAYS if working_days is None else working_days
    return cal.add_working_days(period_end, days)


def wanted_periods(indicator: Indicator, today: date) -> list[cal.Period]:
    """The latest PAST_PERIODS complete periods of the indicator's kind, newest first."""
    latest = cal.latest_complete(indicator.period_kind, today)
    return [cal.shift(latest, -n) for n in range(PAST_PERIODS)]


# --- the officer's worklist -------------------------------------------------------------------

OVERDUE, DUE_WEEK, DUE_LATER, SENT_BACK, WAITING, DONE = (
    "overdue",
    "due-week",
    "due-later",
    "sent-back",
    "waiting",
    "done",
)
GROUPS = [
    (OVERDUE, "Overdue"),
    (DUE_WEEK, "Due this week"),
    (DUE_LATER, "Due later"),
    (SENT_BACK, "Sent back"),
    (WAITING, "Waiting approval"),
    (DONE, "Done"),
]
DUE_SOON_DAYS = 7  # "due this week": due within the next seven days


@dataclass
class WorkRow:
    indicator: Indicator
    period: cal.Period
    due: date
    state: str  # due, overdue, draft, returned, submitted, approved
    group: str
    ret: Return | None = None


@dataclass
class WorkGroup:
    key: str
    label: str
    rows: list[WorkRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)


def _wanted_with_returns(indicators: list[Indicator], today: date) -> tuple[dict, dict]:
    """Each indicator's latest complete periods, and the returns held for them keyed by
    (indicator id, period code), in one query: for the worklist and the import template."""
    wanted = {i.id: wanted_periods(i, today) for i in indicators}
    codes = {p.code for ps in wanted.values() for p in ps}
    returns = {
        (r.indicator_id, r.period.code): r
        for r in Return.objects.city()
        .filter(indicator__in=indicators, period__code__in=codes)
        .select_related("period")
    }
    return wanted, returns


def _group(state: str, due: date, today: date) -> str:
    if state == "returned":
        return SENT_BACK
    if state == "submitted":
        return WAITING
    if state == "approved":
        return DONE
    if today > due:
        return OVERDUE
    return DUE_WEEK if due <= today + timedelta(days=DUE_SOON_DAYS) else DUE_LATER


def worklist(*, user, today: date, text: str = "", group: str = "") -> list[WorkGroup]:
    """The user's returns for the latest periods of each indicator they own, in GROUPS order,
    oldest due first within a group. `text` keeps indicators whose code or name contains it;
    `group` keeps one group's rows (the others are listed empty)."""
    indicators = Indicator.objects.filter(owner=user).order_by("code")
    if text:
        indicators = indicators.filter(Q(code__icontains=text) | Q(name__icontains=text))
    indicators = list(indicators)
    wanted, returns = _wanted_with_returns(indicators, today)
    groups = {key: WorkGroup(key, label) for key, label in GROUPS}
    for indicator in indicators:
        for period in wanted[indicator.id]:
            ret = returns.get((indicator.id, period.code))
            due = due_date(period.end)
            if ret is None:
                state = "overdue" if today > due else "due"
            elif ret.status == Return.Status.DRAFT and ret.returned_reason:
                state = "returned"
            elif ret.status == Return.Status.DRAFT:
                state = "overdue" if today > due else "draft"
            else:
                state = ret.status
            key = _group(state, due, today)
            if group and key != group:
                continue
            groups[key].rows.append(WorkRow(indicator, period, due, state, key, ret))
    for item in groups.values():
        item.rows.sort(key=lambda r: (r.due, r.indicator.code, r.period.start))
    return list(groups.values())


def due_unsubmitted(
    *, indicators, today: date
) -> list[tuple[Indicator, cal.Period, Return | None]]:
    """For the import template: each indicator's latest periods that have ended and have no
    submitted or approved return (none yet, or a draft), oldest first."""
    indicators = list(indicators)
    wanted, returns = _wanted_with_returns(indicators, today)
    result = []
    for indicator in indicators:
        for period in reversed(wanted[indicator.id]):
            ret = returns.get((indicator.id, period.code))
            if ret is None or ret.status == Return.Status.DRAFT:
                result.append((indicator, period, ret))
    return result


def due_rows(*, user, today: date) -> list[dict]:
    """Every return the user has due and not yet submitted, oldest period first within each
    indicator, with the year's target (as a value and as text) and any draft (its value,
    commentary and version): the entry grid and the import template list these. A lead may
    enter for every indicator; others for their own."""
    from core.roles import PERFORMANCE_LEAD, has_role

    owned = Indicator.objects.order_by("code")
    if not has_role(user, PERFORMANCE_LEAD):
        owned = owned.filter(owner=user)
    owned = list(owned)
    targets = year_targets(owned)
    rows = []
    for indicator, period, draft in due_unsubmitted(indicators=owned, today=today):
        target = targets.get((indicator.id, cal.year_of(period, indicator.year_basis).code))
        rows.append(
            {
                "indicator": indicator,
                "period": period,
                "target": target_text(indicator, *target) if target else "No target set",
                "target_value": target[0] if target else None,
                "draft": draft,
            }
        )
    return rows


# --- figures beside a figure: targets, recent figures, the RAG a figure would get --------------


def target_text(indicator: Indicator, value, band) -> str:
    """ "90% (amber band 4.5)": a year's target and its amber band (default 5% of it)."""
    if value is None:
        return "No target set"
    band = rag.default_band(value) if band is None else band
    return f"{figure_text(value, indicator.unit)} (amber band {number_text(band)})"


def year_targets(indicators) -> dict:
    """{(indicator id, year code): (value, band)} for the given indicators, in one query."""
    ids = [i.id for i in indicators]
    return {
        (ind_id, code): (value, band)
        for ind_id, code, value, band in Target.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", "period__code", "value", "band"
        )
    }


def _approved(indicators, *, before: date | None = None) -> dict[int, list[tuple]]:
    """{indicator id: [(period code, label, start, value, synthetic), ...]} of approved
    figures of each indicator's own period kind, oldest first, in one query."""
    kinds = {i.id: i.period_kind for i in indicators}
    rows = Return.objects.city().filter(indicator_id__in=kinds, status=Return.Status.APPROVED)
    if before is not None:
        rows = rows.filter(period__start__lt=before)
    result: dict[int, list[tuple]] = {i: [] for i in kinds}
    for ind_id, code, label, start, kind, value, synthetic in rows.order_by(
        "period__start"
    ).values_list(
        "indicator_id",
        "period__code",
        "period__label",
        "period__start",
        "period__kind",
        "value",
        "is_synthetic",
    ):
        if kind == kinds[ind_id]:
            result[ind_id].append((code, label, start, value, synthetic))
    return result


def _data(indicator: Indicator, approved: list[tuple], targets: dict) -> IndicatorData:
    return IndicatorData(
        indicator,
        {code: (value, synthetic) for code, _, _, value, synthetic in approved},
        {year: t for (ind_id, year), t in targets.items() if ind_id == indicator.id},
    )


def _would_rate(data: IndicatorData, period: cal.Period, value: Decimal) -> rag.Rating:
    """The rating `value` would get if approved for `period`; `data` is left as it was."""
    saved = data.returns.get(period.code)
    data.returns[period.code] = (Decimal(value), False)
    data.forget_figures()
    try:
        result = data.rating(period)
    finally:
        if saved is None:
            del data.returns[period.code]
        else:
            data.returns[period.code] = saved
        data.forget_figures()
    return result[0] if result else rag.Rating(rag.NOT_RATED, None, None, None)


def would_rate_many(items: list[tuple[Indicator, Period, Decimal]]) -> list[str]:
    """The RAG each (indicator, period, value) would get if approved, as prospective_rag gives
    it, loading every indicator's figures and targets once (two queries)."""
    indicators = list({i.id: i for i, _, _ in items}.values())
    approved = _approved(indicators)
    targets = year_targets(indicators)
    data = {i.id: _data(i, approved[i.id], targets) for i in indicators}
    return [_would_rate(data[i.id], p.calendar, v).rag for i, p, v in items]


@dataclass
class EntryContext:
    unit: str
    target: str
    year_label: str
    recent: list[dict]


def entry_context(*, indicator: Indicator, period: Period) -> EntryContext:
    """What an officer sees beside the figure: the unit, the target of the year holding the
    period and the indicator's last RECENT_FIGURES approved figures with their RAG."""
    year = cal.year_of(period.calendar, indicator.year_basis)
    target = Target.objects.filter(indicator=indicator, period__code=year.code).first()
    approved = _approved([indicator], before=period.start)[indicator.id][-RECENT_FIGURES:]
    stored = dict(
        IndicatorStatus.objects.filter(
            indicator=indicator, period__code__in=[a[0] for a in approved]
        ).values_list("period__code", "rag")
    )
    data = None
    recent = []
    for code, label, _, value, _ in reversed(approved):
        rating = stored.get(code)
        if rating is None:
            if data is None:
                data = _data(indicator, approved, year_targets([indicator]))
            result = data.rating(cal.parse(code))
            rating = result[0].rag if result else rag.NOT_RATED
        recent.append(
            {
                "code": code,
                "label": label,
                "value": figure_text(value, indicator.unit),
                "rag": rating,
            }
        )
    return EntryContext(
        unit=indicator.get_unit_display(),
        target=target_text(
            indicator,
            target.value if target else None,
            target.band if target else None,
        ),
        year_label=year.label,
        recent=recent,
    )


# --- the approval queue -----------------------------------------------------------------------


def _change_text(change: Decimal, unit: str) -> str:
    sign = "+" if change > 0 else "-" if change < 0 else ""
    points = " points" if unit == Indicator.Unit.PERCENT else ""
    return f"{sign}{number_text(abs(change))}{points}"


def typical_change(values: list[Decimal]) -> Decimal | None:
    """The median absolute period-to-period change of the last TYPICAL_FIGURES figures
    (oldest first); None with fewer than TYPICAL_MIN figures."""
    values = values[-TYPICAL_FIGURES:]
    if len(values) < TYPICAL_MIN:
        return None
    return Decimal(statistics.median(abs(b - a) for a, b in zip(values, values[1:], strict=False)))


@dataclass
class QueueRow:
    ret: Return
    unit: str
    target: str
    previous_label: str | None
    previous: str | None
    change: str | None
    rag: str
    warning: str | None
    own: bool  # submitted or last changed by the viewer: another lead approves it


def _area_queue_row(ret: Return, user, targets, area_data: dict, previous: dict) -> QueueRow:
    """A locality's figure in the queue: compared with that locality's previous figure and
    rated as the locality would be (from figures read once for the whole queue)."""
    from indicators.status import IndicatorData

    indicator, period = ret.indicator, ret.period.calendar
    before = previous.get((indicator.id, ret.area_id, cal.previous(period).code))
    year = cal.year_of(period, indicator.year_basis)
    target = targets.get((indicator.id, year.code))
    data = area_data.get((indicator.id, ret.area_id))
    if data is None:  # the locality's first figure: nothing approved yet, the city's targets
        data = area_data[(indicator.id, ret.area_id)] = IndicatorData(
            indicator,
            {},
            {y: t for (i, y), t in targets.items() if i == indicator.id},
            area_id=ret.area_id,
        )
    return QueueRow(
        ret=ret,
        unit=indicator.get_unit_display(),
        target=target_text(indicator, *(target or (None, None))),
        previous_label=f"{before[0]}, {ret.area.name}" if before else None,
        previous=figure_text(before[1], indicator.unit) if before else None,
        change=_change_text(ret.value - before[1], indicator.unit) if before else None,
        rag=_would_rate(data, period, ret.value).rag,
        warning=None,
        own=user.id in (ret.submitted_by_id, ret.updated_by_id),
    )


def _area_figures(queue: list[Return]) -> tuple[dict, dict]:
    """For the queue's locality returns, in two queries: each (indicator, area)'s approved
    figures as the RAG engine loads them, and {(indicator, area, period code): (period label,
    value)} of every approved locality figure, to compare with the previous one."""
    from indicators.status import load_area_data

    indicators = list({r.indicator_id: r.indicator for r in queue if r.area_id}.values())
    if not indicators:
        return {}, {}
    data = {(d.indicator.id, d.area_id): d for d in load_area_data(indicators)}
    previous = {
        (ind_id, area_id, code): (label, value)
        for ind_id, area_id, code, label, value in Return.objects.filter(
            indicator__in=indicators, area__isnull=False, status=Return.Status.APPROVED
        ).values_list("indicator_id", "area_id", "period__code", "period__label", "value")
    }
    return data, previous


def approval_rows(*, user) -> list[QueueRow]:
    """The submitted returns, oldest submission first, each with the context a lead needs to
    approve it. A fixed number of queries (returns, approved figures, targets) however long
    the queue."""
    queue = list(
        Return.objects.filter(status=Return.Status.SUBMITTED)
        .select_related("indicator", "period", "area", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    indicators = list({r.indicator_id: r.indicator for r in queue}.values())
    approved = _approved(indicators)
    targets = year_targets(indicators)
    data = {i.id: _data(i, approved[i.id], targets) for i in indicators}
    area_data, area_previous = _area_figures(queue)
    rows = []
    for ret in queue:
        indicator, period = ret.indicator, ret.period.calendar
        figures = approved[indicator.id]
        if ret.area_id is not None:
            rows.append(_area_queue_row(ret, user, targets, area_data, area_previous))
            continue
        rating = _would_rate(data[indicator.id], period, ret.value)
        year = cal.year_of(period, indicator.year_basis)
        target = targets.get((indicator.id, year.code))
        previous_code = cal.previous(period).code
        previous = next((f for f in figures if f[0] == previous_code), None)
        change = warning = None
        if previous is not None:
            delta = ret.value - previous[3]
            change = _change_text(delta, indicator.unit)
            typical = typical_change([f[3] for f in figures if f[2] < period.start])
            if typical is not None and delta and abs(delta) > UNUSUAL_FACTOR * typical:
                warning = (
                    f"Unusual change: {_change_text(delta, indicator.unit)} against a typical "
                    f"{number_text(typical)}"
                )
        rows.append(
            QueueRow(
                ret=ret,
                unit=indicator.get_unit_display(),
                target=target_text(indicator, *(target or (None, None))),
                previous_label=previous[1] if previous else None,
                previous=figure_text(previous[3], indicator.unit) if previous else None,
                change=change,
                rag=rating.rag,
                warning=warning,
                own=user.id in (ret.submitted_by_id, ret.updated_by_id),
            )
        )
    return rows
