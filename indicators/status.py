"""Computes and stores the RAG status of every indicator, per period (the RAG engine's service).

Which (indicator, period) statuses exist (docs/rag.md):
- each indicator's own periods: months, financial quarters, or financial/academic years;
- a quarterly view for every financial quarter, which the Board dashboard reads:
  a monthly snapshot shows its latest approved month in the quarter; a cumulative indicator its
  year-to-date at the quarter's end against the pro-rata target; an annual indicator the latest
  year that ended on or before the quarter's end.
Only approved returns count. Targets come from the year (by the indicator's year basis) holding
the period.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core import bulk

from . import periods as cal
from . import rag
from .locks import advisory_lock, release_session_lock, take_session_lock
from .models import AreaStatus, Indicator, IndicatorStatus, Period, Return, Target


class Figure(NamedTuple):
    """The value shown for one period (a tuple: a full recompute makes 250,000 of them)."""

    value: Decimal | None
    flow: Decimal | None  # the period's own amount, for direction of cumulative indicators
    is_synthetic: bool
    target_year: cal.Period | None
    months_elapsed: int


class IndicatorData:
    """One indicator's approved returns and targets, loaded once, for pure computation.

    A cumulative indicator's year to date is as synthetic as the return that closes it: the
    demo flags a month real only where the year to date it closes is a real figure (seed 004's
    April-May totals; docs/demo-data.md), and real returns are never synthetic."""

    def __init__(
        self,
        indicator: Indicator,
        returns: dict[str, tuple[Decimal, bool]],
        targets: dict[str, tuple[Decimal, Decimal | None]],
        area_id: int | None = None,
    ):
        self.indicator = indicator
        self.area_id = area_id  # None: the city
        self.returns = returns
        self.targets = targets
        self.native = indicator.period_kind
        self.basis = indicator.year_basis
        self.polarity = indicator.polarity
        self.cumulative = indicator.is_cumulative
        # The kinds of period with a figure: the indicator's own, and the quarterly view.
        self.kinds = frozenset((self.native, cal.FIN_QUARTER))
        self._figures: dict[str, Figure | None] = {}  # by period code: direction re-reads them
        self._recipes = _RECIPES[(self.native, self.basis, self.cumulative)]

    def _sum(self, codes: tuple[str, ...]) -> Decimal:
        """The sum of the returns of those of `codes` with one (at least one has)."""
        returns = self.returns
        return sum((returns[c][0] for c in codes if c in returns), Decimal(0))

    def figure(self, period: cal.Period) -> Figure | None:
        """The value shown for `period`, or None where the indicator has no such period
        (worked out once per period: the returns and targets do not change after loading)."""
        try:
            return self._figures[period.code]
        except KeyError:
            found = self._figures[period.code] = self._figure(period)
            return found

    def figures_of(self, periods: list[cal.Period]) -> dict[str, Figure | None]:
        """The figures of `periods` (and of any worked out before), by period code.

        A period's own return (the commonest recipe) is looked up here, not in a call to
        _figure: a full recompute works out 127,000 figures at 16 times today's data."""
        figures, recipes, returns = self._figures, self._recipes, self.returns
        for period in periods:
            code = period.code
            if code in figures:
                continue
            recipe = recipes.get(code)
            if recipe is not None and recipe[0] is _OWN:
                value, synthetic = returns.get(recipe[3], _NO_RETURN)
                figures[code] = Figure(value, value, synthetic, recipe[1], 12)
            else:
                figures[code] = self._figure(period)
        return figures

    def forget_figures(self) -> None:
        """After `returns` is changed in place (a prospective figure tried): work out afresh."""
        self._figures.clear()

    def _figure(self, period: cal.Period) -> Figure | None:
        try:
            recipe = self._recipes[period.code]
        except KeyError:
            recipe = self._recipes[period.code] = _recipe(
                self.native, self.basis, self.cumulative, period
            )
        if recipe is None:
            return None
        how, year, months, key, steps = recipe
        returns = self.returns
        if how is _OWN:
            value, synthetic = returns.get(key, _NO_RETURN)
            return Figure(value, value, synthetic, year, 12)
        if how is _YEAR_TO_DATE:
            # Rated only with a figure of its own: the year-to-date of earlier periods
            # against this period's larger pro-rata target would be a false Red.
            if key not in returns:
                return Figure(None, None, False, year, months)
            flow, synthetic = returns[key]
            return Figure(self._sum(steps), flow, synthetic, year, months)
        if how is _LATEST_MONTH:
            for month in steps:
                if month in returns:
                    value, synthetic = returns[month]
                    return Figure(value, value, synthetic, year, 12)
            return Figure(None, None, False, year, 12)
        # _QUARTER_TO_DATE: the year to date at the quarter's latest month with a figure,
        # against the pro-rata target at that month; no month in the quarter: No data.
        for month, upto, elapsed in steps:
            if month in returns:
                flow = self._sum(key)
                return Figure(self._sum(upto), flow, returns[month][1], year, elapsed)
        return Figure(None, None, False, year, months)

    def rating(self, period: cal.Period) -> tuple[rag.Rating, Figure] | None:
        fig = self.figure(period)
        if fig is None:
            return None
        target, band = self.targets.get(fig.target_year.code, (None, None))
        if self.cumulative and period.kind in (cal.MONTH, cal.FIN_QUARTER):
            rating = rag.rate_cumulative(
                ytd_value=fig.value,
                annual_target=target,
                months_elapsed=fig.months_elapsed,
                polarity=self.polarity,
                band=band,
            )
        else:
            rating = rag.rate_snapshot(
                value=fig.value, target=target, polarity=self.polarity, band=band
            )
        return rating, fig

    def direction(
        self, period: cal.Period, fig: Figure, before: cal.Period | None = None
    ) -> str | None:
        """Against the period before `period` (`before`, when the caller has it at hand)."""
        previous = self.figure(before or cal.previous(period))
        if previous is None:
            return None
        return rag.direction(current=fig.flow, previous=previous.flow, polarity=self.polarity)


# How a period's figure is made from an indicator's returns (IndicatorData._figure).
_OWN = "own"  # the return of one period (`key`): the period's own, or the year's
_YEAR_TO_DATE = "year to date"  # a cumulative month or quarter (`key`): `steps` summed
_LATEST_MONTH = "latest month"  # a monthly snapshot's quarter: the latest of `steps`
_QUARTER_TO_DATE = "quarter to date"  # a cumulative monthly count's quarter
_NO_RETURN = (None, False)
_UNSEEN = object()  # no figure worked out yet (None: the indicator has none for the period)
# {(native kind, year basis, cumulative): {period code: recipe or None}}: a few hundred each
_RECIPES: defaultdict[tuple, dict[str, tuple | None]] = defaultdict(dict)


def _recipe(native: str, basis: str, cumulative: bool, period: cal.Period) -> tuple | None:
    """How an indicator of this shape (native period kind, year basis, cumulative or not)
    makes its figure for `period`: (how, target year, months elapsed, key, steps), or None
    where it has no figure for such a period. Read off the calendar once per shape and period
    and shared by every indicator of the shape: a full recompute rates each period for a
    thousand indicators (docs/performance.md).

    - the indicator's own kind of period: its own return; a cumulative month or quarter, the
      year to date up to it (`steps`: the periods summed), rated only with a return of its own;
    - a financial quarter of a monthly indicator: a snapshot shows the latest month in the
      quarter with a return (`steps`: the months, latest first); a cumulative count the year to
      date at that month against the pro-rata target at that month (`steps`: per month, latest
      first, (month, the months summed, months elapsed); `key`: the quarter's months, summed
      for direction);
    - a financial quarter of an annual indicator: the latest year that ended on or before the
      quarter's end."""
    if period.kind == native:
        year = cal.year_of(period, basis)
        if cumulative and native in (cal.MONTH, cal.FIN_QUARTER):
            upto = tuple(p.code for p in cal.periods_in(year, native) if p.end <= period.end)
            return (_YEAR_TO_DATE, year, cal.months_elapsed(period, year), period.code, upto)
        return (_OWN, year, 12, period.code, ())
    if period.kind != cal.FIN_QUARTER:
        return None
    if native == cal.MONTH:
        months = cal.months_in(period)
        year = cal.year_of(period, basis)
        if not cumulative:
            return (_LATEST_MONTH, year, 12, "", tuple(m.code for m in reversed(months)))
        in_year = cal.periods_in(year, cal.MONTH)
        steps = tuple(
            (
                m.code,
                tuple(p.code for p in in_year if p.end <= m.end),
                cal.months_elapsed(m, year),
            )
            for m in reversed(months)
        )
        quarter = tuple(m.code for m in months)
        return (_QUARTER_TO_DATE, year, cal.months_elapsed(period, year), quarter, steps)
    if native in (cal.FIN_YEAR, cal.ACAD_YEAR):
        year = cal.containing(period.end, native)
        if year.end > period.end:
            year = cal.previous(year)
        return (_OWN, year, 12, year.code, ())
    return None


def load_data(
    indicators=None,
    *,
    ended_between: tuple[date, date] | None = None,
    targets: dict[int, dict] | None = None,
) -> list[IndicatorData]:
    """Every indicator's approved city returns and targets, in three queries.

    ended_between: only the returns for periods ending within these dates (inclusive);
    targets: the indicators' targets, already read (_targets)."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    ids = [i.id for i in indicators]
    returns: dict[int, dict] = defaultdict(dict)
    approved = Return.objects.city().filter(indicator_id__in=ids, status=Return.Status.APPROVED)
    if ended_between is not None:
        approved = approved.filter(period__end__range=ended_between)
    # .order_by(): no sort (nor the joins the models' default ordering brings); the rows go
    # into dicts. At L this halved the database's time for these reads (docs/performance.md).
    for ind_id, code, value, synthetic in approved.order_by().values_list(
        "indicator_id", "period__code", "value", "is_synthetic"
    ):
        returns[ind_id][code] = (value, synthetic)
    if targets is None:
        targets = _targets(ids)
    return [IndicatorData(i, returns[i.id], targets[i.id]) for i in indicators]


def _targets(ids: list[int]) -> dict[int, dict]:
    targets: dict[int, dict] = defaultdict(dict)
    for ind_id, code, value, band in (
        Target.objects.filter(indicator_id__in=ids)
        .order_by()
        .values_list("indicator_id", "period__code", "value", "band")
    ):
        targets[ind_id][code] = (value, band)
    return targets


def load_area_data(
    indicators=None, *, area_id: int | None = None, targets: dict[int, dict] | None = None
) -> list[IndicatorData]:
    """The approved locality (and ward) returns of indicators reported by area, one
    IndicatorData per indicator and area; the city's targets apply to every area (`targets`:
    already read, _targets)."""
    if indicators is None:
        indicators = Indicator.objects.filter(by_area=True)
    indicators = [i for i in indicators if i.by_area]
    ids = [i.id for i in indicators]
    approved = Return.objects.filter(
        indicator_id__in=ids, area__isnull=False, status=Return.Status.APPROVED
    )
    if area_id is not None:
        approved = approved.filter(area_id=area_id)
    returns: dict[tuple[int, int], dict] = defaultdict(dict)
    for ind_id, a_id, code, value, synthetic in approved.order_by().values_list(
        "indicator_id", "area_id", "period__code", "value", "is_synthetic"
    ):
        returns[(ind_id, a_id)][code] = (value, synthetic)
    if targets is None:
        targets = _targets(ids)
    by_id = {i.id: i for i in indicators}
    return [
        IndicatorData(by_id[ind_id], figures, targets[ind_id], area_id=a_id)
        for (ind_id, a_id), figures in sorted(returns.items())
    ]


def load_all(indicators=None) -> list[IndicatorData]:
    """The city's figures of every indicator (or of `indicators`), and the localities' of those
    reported by area, reading their targets once."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    targets = _targets([i.id for i in indicators])
    return load_data(indicators, targets=targets) + load_area_data(indicators, targets=targets)


def target_for(*, indicator: Indicator, period: Period) -> Target | None:
    """The target that applies to `period`: that of the year holding it, by year basis."""
    year = cal.year_of(period.calendar, indicator.year_basis)
    return Target.objects.filter(indicator=indicator, period__code=year.code).first()


def prospective_rag(*, indicator: Indicator, period: Period, value: Decimal, area=None) -> str:
    """The RAG `value` would get if approved for `period` (year-to-date for cumulative), for the
    city or for `area`."""
    if area is None:
        [data] = load_data([indicator])
    else:
        found = load_area_data([indicator], area_id=area.pk)
        data = (
            found[0]
            if found
            else IndicatorData(indicator, {}, _targets([indicator.id])[indicator.id], area.pk)
        )
    data.returns[period.code] = (Decimal(value), False)
    data.forget_figures()
    result = data.rating(period.calendar)
    return result[0].rag if result else rag.NOT_RATED


def prospective_rags(items: list[tuple[Indicator, Period, Decimal, object]]) -> list[str]:
    """prospective_rag of each (indicator, period, value, area or None), reading every
    indicator's figures and targets once (a few queries however many items): each is rated as
    if it alone were approved, as prospective_rag rates it."""
    indicators = list({i.id: i for i, _, _, _ in items}.values())
    targets = _targets([i.id for i in indicators])
    city = (
        {d.indicator.id: d for d in load_data(indicators, targets=targets)}
        if any(a is None for *_, a in items)
        else {}
    )
    by_area: dict[tuple[int, int], IndicatorData] = {}
    if any(a is not None for *_, a in items):
        found = load_area_data(indicators, targets=targets)
        by_area = {(d.indicator.id, d.area_id): d for d in found}
    result = []
    for indicator, period, value, area in items:
        if area is None:
            data = city[indicator.id]
        else:
            data = by_area.get((indicator.id, area.pk))
            if data is None:
                data = by_area[(indicator.id, area.pk)] = IndicatorData(
                    indicator, {}, targets[indicator.id], area.pk
                )
        kept = data.returns.get(period.code)
        data.returns[period.code] = (Decimal(value), False)
        try:
            rating = data.rating(period.calendar)
        finally:
            if kept is None:
                del data.returns[period.code]
            else:
                data.returns[period.code] = kept
        result.append(rating[0].rag if rating else rag.NOT_RATED)
    return result


def _scope_for(period: cal.Period) -> list[cal.Period]:
    """What one period's change can alter: every month, quarter and year of the financial and
    academic years holding it (year-to-date figures later in the year, quarterly views), plus
    the first period of each kind after them (its direction)."""
    result: set[cal.Period] = set()
    for basis in (cal.FINANCIAL, cal.ACADEMIC):
        year = cal.year_of(period, basis)
        for kind in (cal.MONTH, cal.FIN_QUARTER):
            inside = cal.periods_in(year, kind)
            result.update(inside)
            if inside:
                result.add(cal.shift(inside[-1], 1))
        result.add(year)
        result.add(cal.shift(year, 1))
    if period.kind in (cal.FIN_YEAR, cal.ACAD_YEAR):
        # annual figures show in the quarterly views of the following year
        result.update(cal.periods_in(cal.fin_year(period.end.year), cal.FIN_QUARTER))
    return sorted(result)


def frozen_periods(periods: list[cal.Period]) -> set[str]:
    """The codes of `periods` that a locked period holds (itself included): their returns and
    stored statuses do not change until a lead reopens it."""
    locked = list(Period.objects.exclude(locked_at=None).values_list("start", "end"))
    return {
        p.code for p in periods if any(start <= p.start and p.end <= end for start, end in locked)
    }


# Indicators rated and written at a time: memory stays flat in data size. 200, not 100: at 16
# times today's data a full recompute with every eighth status to rewrite took 5.4x its floor
# against 6.3x in one process, 3.9-4.1x against 4.6-5.1x on two workers (docs/performance.md).
CHUNK = 200
FIELDS = ("value", "target", "band", "rag", "direction", "is_synthetic")
_PLACES = Decimal("0.0001")  # the status fields' decimal places: compare as stored


def _store(
    indicators: list[Indicator],
    periods: list[cal.Period],
    *,
    today: date | None = None,
    reader: _Reader | None = None,
) -> list[Callable[[], int]]:
    """Rate `indicators` (their city's figures and their localities') and plan the writes of
    the statuses of `periods`: none for a period that has not started (any stored one is
    removed), and none rewritten for a period a lock holds. Only rows whose figures differ
    from the stored ones are written. Returns the writes, one per table, each a call that
    writes its rows and returns how many it wrote (or removed); the caller runs them in the
    bucket's transaction. `reader`: reads the stored rows while the figures are loaded and
    rated (_Reader)."""
    today = today or timezone.localdate()
    frozen = frozen_periods(periods)
    not_started = [p.code for p in periods if p.start > today and p.code not in frozen]
    periods = [p for p in periods if p.start <= today and p.code not in frozen]
    period_ids = dict(
        Period.objects.filter(code__in=[p.code for p in periods]).values_list("code", "id")
    )
    ids, read = [i.id for i in indicators], list(period_ids.values())
    as_lines = connections[router.db_for_write(IndicatorStatus)].vendor == "postgresql"
    stored: dict = {IndicatorStatus: None, AreaStatus: None}
    if reader is not None:  # read while the figures are loaded and rated
        for model in stored:
            stored[model] = reader.submit(_stored_text, model, _KEYS[model], ids, read)
    data = load_all(indicators)
    city = [d for d in data if d.area_id is None]
    areas = [d for d in data if d.area_id is not None]
    writes = []
    for model, items in ((IndicatorStatus, city), (AreaStatus, areas)):
        if items or model is IndicatorStatus:
            rated = _rate(items, periods, period_ids, as_lines=as_lines)
            writes.append(_write(model, ids, rated, period_ids, not_started, stored[model]))
    return writes


def _run_writes(writes: list[Callable[[], int]]) -> int:
    """A bucket's writes (_store) in one transaction; the rows written."""
    with transaction.atomic(using=router.db_for_write(IndicatorStatus)):
        return sum(write() for write in writes)


def _store_chunked(indicators, periods: list[cal.Period], *, today: date | None = None) -> int:
    """_store over `indicators` (a queryset or list), one bucket of indicators at a time: each
    bucket's returns are loaded, rated, compared and written, under the bucket's lock, before
    the next is read.

    A bucket is CHUNK consecutive indicator ids (id // CHUNK), and its lock is the bucket's
    own: two jobs never write the same indicator's statuses at once (the later one loads the
    returns after the earlier commits), while the parts of a full recompute run side by side
    on different buckets (`recompute_ranges`, docs/scaling.md). Buckets are taken in
    ascending order, one at a time, so two jobs cannot wait on each other.

    On PostgreSQL, over more than one bucket and outside any transaction of the caller's (a
    job's, not a request's), unless settings.RAG_READ_BESIDE is off, a second connection
    (_Reader) reads the stored rows beside the rating and writes each bucket's changed rows
    while the next bucket is loaded and rated (_store_pipelined)."""
    buckets: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        buckets[indicator.id // CHUNK].append(indicator)
    db = connections[router.db_for_write(IndicatorStatus)]
    if len(buckets) > 1 and db.vendor == "postgresql" and not db.in_atomic_block:
        if settings.RAG_READ_BESIDE:
            return _store_pipelined(buckets, periods, today=today)
    written = 0
    for bucket in sorted(buckets):
        chunk = buckets[bucket]
        with advisory_lock(f"{LOCK_KEY}:{bucket}", timeout=LOCK_TIMEOUT):
            with cyclic_gc_paused():
                writes = _store(chunk, periods, today=today)
            done = sum(write() for write in writes)
        if done:  # committed: what reads statuses may now cache them afresh
            statuses_changed()
        written += done
    return written


def _store_pipelined(
    buckets: dict[int, list[Indicator]], periods: list[cal.Period], *, today: date | None
) -> int:
    """_store_chunked's buckets with a second connection (_Reader's), which reads each bucket's
    stored rows while the engine rates it, then writes its changed rows in a transaction of
    its own while the engine loads and rates the next bucket: the database's writing runs
    beside Python's rating, on the other core, instead of after it (docs/adr/0012).

    A bucket's lock is held from before its returns are read until its rows are committed, as
    in _store_chunked; as those happen on two connections, it is a session lock of the
    engine's connection (locks.take_session_lock), released once the write has committed. So
    the engine holds at most two buckets at once, the later taken while holding the earlier:
    ascending, as every job takes them, so no two jobs wait on each other."""
    reader = _Reader()
    pending: list[tuple[int, Future]] = []  # (bucket, its write on the reader's connection)
    try:
        with switching_threads_every(SWITCH_INTERVAL):
            return _pipeline(buckets, periods, today, reader, pending)
    finally:
        try:
            for bucket, write in pending:  # after a failure: nothing left held or running
                with suppress(Exception):  # the failure that got here is the one raised
                    _settle(bucket, write)
        finally:
            reader.close()


def _settle(bucket: int, write: Future) -> int:
    """Wait for a bucket's write (_store_pipelined), then release the bucket's lock; the rows
    it wrote."""
    try:
        done = write.result()
    finally:
        release_session_lock(f"{LOCK_KEY}:{bucket}")
    if done:  # committed: what reads statuses may now cache them afresh
        statuses_changed()
    return done


def _pipeline(buckets, periods, today, reader: _Reader, pending: list) -> int:
    """_store_pipelined's loop; `pending` holds the buckets taken and not yet settled."""
    written = 0
    for bucket in sorted(buckets):
        take_session_lock(f"{LOCK_KEY}:{bucket}", timeout=LOCK_TIMEOUT)
        pending.append((bucket, _DONE))  # held: released by _settle, even unwritten
        with cyclic_gc_paused():
            writes = _store(buckets[bucket], periods, today=today, reader=reader)
        while len(pending) > 1:  # the bucket before, written meanwhile, most often
            written += _settle(*pending.pop(0))
        pending[-1] = (bucket, reader.submit(_run_writes, writes))
    while pending:
        written += _settle(*pending.pop(0))
    return written


_DONE: Future = Future()  # a bucket taken and not yet submitted: nothing to wait for
_DONE.set_result(0)


# Seconds a thread runs Python before handing it to another that waits (CPython's default is
# 0.005). The pipelined engine's second thread mostly waits for the database, and each
# return from a wait is a wait for Python's lock, held by the rating: at the default, at 16
# times today's data the writes of an eighth of all statuses took 0.18-0.24 s on that thread
# and the rating waited 0.07-0.10 s for them; at 0.001, 0.12 s and 0.02 s (docs/adr/0012).
SWITCH_INTERVAL = 0.001


@contextmanager
def switching_threads_every(seconds: float):
    """CPython's thread switch interval set to `seconds` for the block, back after it. It is
    the process's: other threads switch as often meanwhile (for a recompute job, that is its
    own second thread). Blocks that overlap in several threads of one process (a worker with
    a thread pool) share one setting: the first in saves the interval, the last out puts it
    back, so an earlier one to finish cannot undo it for a later one still running."""
    global _switch_saved, _switch_users  # noqa: PLW0603 - the process's one setting
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
        _switch_users += 1
        sys.setswitchinterval(min(seconds, sys.getswitchinterval()))
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = sys.getswitchinterval()


@contextmanager
def cyclic_gc_paused():
    """Python's cycle collector off for the block, back on (as it was) after it.

    Rating a bucket makes some hundred thousand short-lived tuples and Decimals, none in a
    reference cycle: reference counting frees them. Each 700 allocations the collector would
    still scan the young objects, and now and then every object of the process (Django
    loaded), for nothing: a third of a full recompute's time at 16 times today's data
    (docs/performance.md). Memory stays bounded: a bucket's objects are freed as it ends, and
    any cycle Django made meanwhile is collected once the collector is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


LOCK_KEY = "indicators.compute_rag"
LOCK_TIMEOUT = 300.0  # seconds a job waits for a bucket another job is writing


def recompute_ranges(parts: int) -> list[tuple[int, int]]:
    """The indicators split into at most `parts` ranges of whole buckets, as (first id, last
    id): the parts of a full recompute that workers run side by side (tasks.recompute_all)."""
    ids = list(Indicator.objects.order_by("id").values_list("id", flat=True))
    buckets = sorted({i // CHUNK for i in ids})
    parts = max(1, min(parts, len(buckets)))
    ranges = []
    for n in range(parts):
        mine = buckets[n * len(buckets) // parts : (n + 1) * len(buckets) // parts]
        ranges.append((mine[0] * CHUNK, (mine[-1] + 1) * CHUNK - 1))
    return ranges


def statuses_changed() -> None:
    """Called whenever a stored status (city or area) changes: what reads statuses and caches
    the result (the dashboard) keys its cache on this version."""
    from core import versions

    versions.changed(STATUS_VERSION_KEY)


def status_version() -> int:
    """The current version of the stored statuses (see statuses_changed)."""
    from core import versions

    return versions.current(STATUS_VERSION_KEY)


STATUS_VERSION_KEY = "indicators:status-version"


def _rate(data: list[IndicatorData], periods, period_ids: dict, *, as_lines: bool = False):
    """The statuses of `data` for those of `periods` in `period_ids`, as the database would
    store them: {(indicator id, area id or None, period id): (FIELDS values)}; or, `as_lines`,
    each as a line of text, its key's columns (_KEYS) then FIELDS, tab-separated, each value
    as str() writes it: what _stored_lines reads and upsert_lines writes on PostgreSQL.

    IndicatorData.rating and .direction, unrolled: a full recompute rates 125,000 statuses at
    16 times today's data, and each call saved here is saved that often. The rules are
    rag.judge and rag.trend, the same calls rate_snapshot, rate_cumulative and direction make
    (tests/indicators/test_status_engine.py holds the two ways equal)."""
    rows: dict[tuple, tuple] = {}
    lines: list[str] = []
    periods = [p for p in periods if p.code in period_ids]
    # The periods each kind of indicator has, each with the one before it, its row id (and
    # that as text) and whether a cumulative indicator rates it against a pro-rata target.
    by_kinds: dict[frozenset, tuple[list[cal.Period], list[tuple]]] = {}
    judge, trend, quantize = rag.judge, rag.trend, _ROUNDING.quantize
    for item in data:
        if item.kinds not in by_kinds:
            mine = [p for p in periods if p.kind in item.kinds]
            by_kinds[item.kinds] = (
                mine,
                [
                    (
                        p.code,
                        cal.previous(p).code,
                        period_ids[p.code],
                        f"{period_ids[p.code]}\t",
                        p.kind in _PRO_RATA_KINDS,
                    )
                    for p in mine
                ],
            )
        mine, steps = by_kinds[item.kinds]
        ind_id, area_id = item.indicator.id, item.area_id
        key = f"{ind_id}\t" if area_id is None else f"{ind_id}\t{area_id}\t"
        targets, cumulative = item.targets, item.cumulative
        higher = rag.is_higher(item.polarity)
        figures = item.figures_of(mine)
        for code, before, period_id, period_text, pro_rata in steps:
            fig = figures[code]
            if fig is None:
                continue
            value, flow, synthetic, year, months = fig
            target, band = given = targets.get(year.code, _NO_TARGET)
            rated, target, band = judge(
                value, target, band, higher, months if cumulative and pro_rata else None
            )
            # A target or band the rules worked out (pro rata, or the default band) is stored
            # at the column's four places, as the database writes it (no "-0.0000"); one
            # given is already there, as is the value (a return, or a sum of them).
            if target is not given[0] and target is not None:
                target = quantize(target, _PLACES) or _ZERO
            if band is not given[1] and band is not None:
                band = quantize(band, _PLACES) or _ZERO
            previous = figures.get(before, _UNSEEN)
            if previous is _UNSEEN:
                previous = item.figure(cal.parse(before))
            direction = None if previous is None else trend(flow, previous.flow, higher)
            if as_lines:
                lines.append(
                    f"{key}{period_text}{value}\t{target}\t{band}\t{rated}\t{direction}\t{synthetic}"
                )
            else:
                rows[(ind_id, area_id, period_id)] = (
                    value,
                    target,
                    band,
                    rated,
                    direction,
                    synthetic,
                )
    return lines if as_lines else rows


# each status model's unique constraint's columns: a row's key
_KEYS = {
    IndicatorStatus: ["indicator_id", "period_id"],
    AreaStatus: ["indicator_id", "area_id", "period_id"],
}
_PRO_RATA_KINDS = frozenset((cal.MONTH, cal.FIN_QUARTER))
_NO_TARGET = (None, None)
_ROUNDING = Context(rounding=ROUND_HALF_UP)
_ZERO = Decimal("0.0000")


def _write(
    model, ids: list[int], rated, period_ids: dict, not_started, stored=None
) -> Callable[[], int]:
    """The write of the rows of `model` (IndicatorStatus for the city, AreaStatus for
    localities) of the indicators `ids`, as rated (_rate: lines on PostgreSQL, else rows),
    keyed by indicator, area and period: new rows are inserted, rows whose figures differ are
    updated (with a new computed_at), the rest left alone; those of periods not started
    removed. The rows are compared now; the call returned writes them (on whichever
    connection calls it) and returns how many rows it wrote or removed. `stored`: on
    PostgreSQL, the stored rows' lines being read (a _Reader's future)."""

    def delete() -> int:
        found = model.objects.filter(indicator_id__in=ids, period__code__in=not_started)
        return found.delete()[0] if not_started else 0

    now = timezone.now()
    with_area = model is AreaStatus
    columns = _KEYS[model]
    alias = router.db_for_write(model)
    fields = [*columns, *FIELDS, "computed_at"]
    # New and changed rows in one upsert keyed by the unique constraint (on PostgreSQL by
    # COPY into a staging table, elsewhere by bulk_create: core.bulk). Django's bulk_update
    # writes an UPDATE with a CASE per field over the batch's ids, quadratic in the batch:
    # 14,000 changed rows took 20-28 s at L (docs/performance.md).
    if connections[alias].vendor == "postgresql":
        # Each computed row as a line of text, looked up among the stored rows' lines
        # (_stored_lines, read beside the rating where a reader is given) and, where it is
        # not there, written as it is: turning 125,000 stored rows into Python objects, then
        # comparing them tuple by tuple, took twice as long (docs/performance.md).
        lines = rated
        if stored is not None:
            stored = _line_set(stored.result())
        else:
            stored = _stored_lines(model, columns, ids, list(period_ids.values()))
        stamp = f"\t{now.isoformat()}"
        changed = [line + stamp for line in lines if line not in stored]

        def write_lines() -> int:
            deleted = delete()
            return deleted + bulk.upsert_lines(model, fields, changed, unique=columns, null="None")

        return write_lines
    rows = rated
    stored = (
        model.objects.filter(indicator_id__in=ids, period_id__in=period_ids.values())
        .order_by()
        .values_list(*columns, *FIELDS)
    )
    # keyed as `rows` is: (indicator id, area id or None, period id)
    if with_area:
        existing = {found[:3]: found[3:] for found in stored}
    else:
        existing = {(found[0], None, found[1]): found[2:] for found in stored}
    changed = [
        (ind_id, *((area_id,) if with_area else ()), period_id, *values, now)
        for (ind_id, area_id, period_id), values in rows.items()
        if existing.get((ind_id, area_id, period_id)) != values
    ]

    def write_rows() -> int:
        deleted = delete()
        return deleted + bulk.upsert(model, fields, changed, unique=columns)

    return write_rows


def _stored_lines(model, columns: list[str], ids: list[int], period_ids: list[int]) -> set[str]:
    """The lines of _stored_text, as a set."""
    return _line_set(_stored_text(model, columns, ids, period_ids))


def _line_set(text: str) -> set[str]:
    return set(text.split("\n")) if text else set()


def _stored_text(model, columns: list[str], ids: list[int], period_ids: list[int]) -> str:
    """PostgreSQL: the stored rows of `model` for the indicators `ids` and `period_ids`, each as
    the line _write makes of a computed row: `columns` then FIELDS, tab-separated, each value
    as Python's str() writes it (None, True, False; numerics at their four places).

    The database joins the lines into one text: one value to fetch, not 125,000 rows of
    Python objects at 16 times today's data, and the wait for it is one call that lets other
    threads run (_Reader). The text, not its lines: a reader thread that split it would wait
    for Python's lock behind the rating, and hold up the write queued behind it."""
    db = connections[router.db_for_write(model)]  # the rows to compare are those written
    quote = db.ops.quote_name
    shown = [
        *(quote(c) for c in columns),
        *(f"COALESCE({quote(f)}::text, 'None')" for f in ("value", "target", "band")),
        quote("rag"),
        f"COALESCE({quote('direction')}, 'None')",
        f"CASE WHEN {quote('is_synthetic')} THEN 'True' ELSE 'False' END",
    ]
    with db.cursor() as cursor:
        cursor.execute(
            # names from the model, ids as parameters
            f"SELECT string_agg(concat_ws(E'\\t', {', '.join(shown)}), E'\\n') "  # noqa: S608  # nosec B608
            f"FROM {quote(model._meta.db_table)} "
            "WHERE indicator_id = ANY(%s) AND period_id = ANY(%s)",
            [ids, period_ids],
        )
        [found] = cursor.fetchone()
    return found or ""


class _Reader:
    """A thread of its own, on that thread's own database connection, beside the rating: it
    reads each bucket's stored rows (_stored_text) while the engine rates them, and writes
    the bucket's changed rows (_run_writes) while the engine rates the next bucket
    (_store_pipelined). The database's time then runs beside Python's, on the other core,
    instead of after it (docs/adr/0011, 0012). Its work runs in the order it is given: a
    bucket's read waits for the write of the bucket before.

    That connection sees only committed rows, so a reader is used only where the engine's
    own transactions are the outermost ones (_store_chunked): a bucket's statuses are written
    only under the bucket's lock, which the engine holds from before the read until the
    write commits, and the only rows a write removes (those of periods not yet started) are
    outside the periods read."""

    def __init__(self):
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rag-stored-rows")

    def submit(self, work, *args) -> Future:
        """`work(*args)` in the thread (its queries on the thread's own connection)."""
        return self._thread.submit(work, *args)

    def close(self) -> None:
        try:
            self._thread.submit(connections.close_all).result()  # the thread's own
        finally:
            self._thread.shutdown()


def status_compute_period(
    *, period_code: str, indicator_code: str | None = None, today: date | None = None
) -> int:
    """Rate every indicator (or only `indicator_code`: an approval changes one indicator's
    figures) for the period and everything its figures feed; returns the rows written."""
    period = cal.parse(period_code)
    indicators = Indicator.objects.order_by("id")
    if indicator_code is not None:
        indicators = indicators.filter(code=indicator_code)
    written = _store_chunked(indicators, _scope_for(period), today=today)
    # Runs after every approval or correction: what the dashboard shows besides the statuses
    # (returns in, commentary, projections) may have changed even when no status did.
    statuses_changed()
    return written


def approved_city_start(*, latest: bool = False):
    """The start date of the earliest (or `latest`) period holding an approved city return,
    or None. Periods in date order, each probed for such a return (EXISTS, by the period's
    index), stopping at the first: a few hundred periods, not a sort of every approved return
    (0.7 ms against 20-40 ms at 16 times today's data; docs/performance.md)."""
    approved = Return.objects.city().filter(period=OuterRef("pk"), status=Return.Status.APPROVED)
    return (
        Period.objects.filter(Exists(approved))
        .order_by("-start" if latest else "start")
        .values_list("start", flat=True)
        .first()
    )


def recompute_start() -> date:
    """Where a full recompute starts: the financial year of the earliest approved city return
    (FY2016-17 when there is none)."""
    first = approved_city_start()
    return cal.containing(first, cal.FIN_YEAR).start if first else date(2016, 4, 1)


def _periods_between(start: date, end: date) -> list[cal.Period]:
    return [
        p.calendar
        for p in Period.objects.filter(start__gte=start, start__lte=end).exclude(kind=cal.CAL_YEAR)
    ]


def _indicators(part: tuple[int, int] | None):
    """Every indicator, or those of one part of a recompute (first id, last id)."""
    indicators = Indicator.objects.order_by("id")
    return indicators if part is None else indicators.filter(id__range=part)


def statuses_recompute(
    *, start: date | None = None, end: date | None = None, part: tuple[int, int] | None = None
) -> int:
    """Recompute every status from `start` (default: recompute_start()) to `end` (default:
    today); of every indicator, or only of `part` (recompute_ranges)."""
    end = end or timezone.localdate()
    start = start or recompute_start()
    return _store_chunked(_indicators(part), _periods_between(start, end))


def open_start(today: date, months: int = 24) -> date:
    """Where the nightly recompute (tasks.recompute_open_periods) starts: `months` months
    before today's month; it skips what a lock holds, as every recompute does."""
    return cal.shift(cal.containing(today, cal.MONTH), -months).start


def status_for(*, indicator: Indicator, period: Period) -> IndicatorStatus:
    """The stored status, or an unsaved one from the rules when none has been computed; a
    period that has not started has no figure yet: No data."""
    stored = IndicatorStatus.objects.filter(indicator=indicator, period=period).first()
    if stored is not None:
        return stored
    if period.start > timezone.localdate():
        return IndicatorStatus(
            indicator=indicator, period=period, rag=rag.NO_DATA, computed_at=None
        )
    [data] = load_data([indicator])
    result = data.rating(period.calendar)
    rating = result[0] if result else rag.Rating(rag.NOT_RATED, None, None, None)
    return IndicatorStatus(
        indicator=indicator,
        period=period,
        value=rating.value,
        target=rating.target,
        band=rating.band,
        rag=rating.rag,
        direction=None,
        computed_at=None,
    )


def statuses_recompute_for(*, indicators, start: date, end: date | None = None) -> int:
    """Recompute the city's and the localities' statuses of `indicators` from `start`."""
    return _store_chunked(indicators, _periods_between(start, end or timezone.localdate()))
