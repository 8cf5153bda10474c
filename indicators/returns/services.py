"""Writes for indicator returns, periods and targets: the returns workflow.

draft -> submitted -> approved, or submitted -> draft "returned with a reason". Nobody approves
a return they submitted (a superuser acts as any role but never approves their own). A locked
period's returns cannot change until a lead reopens it with a reason. Every save bumps
`version`; an edit made against an older version is refused, so nobody silently overwrites.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from core import versions
from core.jobs import enqueue
from core.roles import OFFICER, PERFORMANCE_LEAD, has_role
from core.services import ConcurrentEditError
from indicators import periods as cal
from indicators.models import Area, Indicator, Period, Return, Target

RED_OR_AMBER = {"red", "amber"}
# How an error names the field it is about ("Enter the value as a number, like 91.5.").
FIELD_NAMES = {
    "value": "the value",
    "band": "the amber band",
    "target": "the target",
    "numerator": "the numerator",
    "denominator": "the denominator",
}


def value_parse(
    *, indicator: Indicator, raw, field: str = "value", allow_fraction: bool = False
) -> Decimal:
    """A Decimal valid for the indicator's unit, or ValidationError with a clear message.

    allow_fraction: accept a fraction even for a count (an amber band of 5% of 55 is 2.75).
    """
    name = FIELD_NAMES.get(field, f"the {field}")
    if raw is None or str(raw).strip() == "":
        raise ValidationError({field: f"Enter {name} as a number, like 91.5."})
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite():
        typed = str(raw).strip()
        typed = typed if len(typed) <= 20 else typed[:19] + "…"
        raise ValidationError(
            {field: f"{name[0].upper()}{name[1:]} must be a number, like 91.5, not '{typed}'."}
        )
    if value < 0:
        raise ValidationError({field: f"{indicator.code} cannot be negative."})
    if indicator.unit == Indicator.Unit.PERCENT and value > 100:
        raise ValidationError({field: f"{indicator.code} is a percentage: 0 to 100."})
    if (
        indicator.unit == Indicator.Unit.COUNT
        and not allow_fraction
        and value != value.to_integral_value()
    ):
        raise ValidationError({field: f"{indicator.code} is a count: a whole number."})
    if value.as_tuple().exponent < -4 or abs(value) >= Decimal("1e10"):
        raise ValidationError({field: "Use at most 4 decimal places and under 10 digits."})
    return value


def period_check(
    *, indicator: Indicator, period: Period, locked: list[Period] | None = None
) -> None:
    """A period of the indicator's kind, started and not locked. locked: every locked period
    (locked_periods()), when the caller has read them already (a bulk import)."""
    if period.kind != indicator.period_kind:
        example = {
            cal.MONTH: "a month such as 2019-05",
            cal.FIN_QUARTER: "a financial quarter such as FY2019-20-Q2",
            cal.FIN_YEAR: "a financial year such as FY2019-20",
            cal.ACAD_YEAR: "an academic year such as AY2019-20",
        }[indicator.period_kind]
        raise ValidationError(
            {
                "period": f"{indicator.code} is reported "
                f"{indicator.get_frequency_display().lower()}: use {example}, "
                f"not {period.code}."
            }
        )
    if period.start > timezone.localdate():
        raise ValidationError(
            {
                "period": f"{period.code} has not started yet: enter its figure "
                "once the period is under way."
            }
        )
    lock = lock_holding(period, locked)
    if lock is not None:
        inside = "" if lock.pk == period.pk else f" (it lies inside {lock.code})"
        raise ValidationError(
            {
                "period": f"{lock.code} is locked{inside}: the Board has met. "
                f"A performance lead can reopen {lock.code}."
            }
        )


def lock_holding(period: Period, locked: list[Period] | None = None) -> Period | None:
    """The locked period that holds `period` (itself, or a locked quarter or year around it).
    locked: locked_periods(), read once for many periods; None reads the one wanted."""
    if locked is not None:
        return next((p for p in locked if p.start <= period.start and p.end >= period.end), None)
    return (
        Period.objects.exclude(locked_at=None)
        .filter(start__lte=period.start, end__gte=period.end)
        .order_by("start")
        .first()
    )


def locked_periods() -> list[Period]:
    """Every locked period, earliest first (as lock_holding picks them), in one query."""
    return list(Period.objects.exclude(locked_at=None).order_by("start"))


def _year_kind(indicator: Indicator) -> str:
    return cal.FIN_YEAR if indicator.year_basis == Indicator.YearBasis.FINANCIAL else cal.ACAD_YEAR


def can_enter(user, indicator: Indicator) -> bool:
    """Officers enter only for indicators they own; performance leads for any."""
    if has_role(user, PERFORMANCE_LEAD):
        return True
    return has_role(user, OFFICER) and indicator.owner_id == user.id


def _require_entry(user, indicator: Indicator) -> None:
    if not can_enter(user, indicator):
        raise PermissionDenied(f"You do not own {indicator.code}, so you cannot enter its returns.")


def _save(ret: Return, user, fields: list[str]) -> Return:
    ret.version += 1
    ret.updated_by = user
    ret._history_user = user  # who made this version, also outside a web request
    ret.full_clean()
    ret.save(update_fields=[*fields, "version", "updated_by", "updated_at"])
    return ret


def area_check(
    *,
    indicator: Indicator,
    period: Period,
    area: Area | None,
    city_entered: bool | None = None,
    has_localities: bool | None = None,
) -> None:
    """A locality's figure only for an indicator reported by area; and never both a directly
    entered city figure and locality figures for one period. city_entered (a city figure not
    added up from localities exists) and has_localities (a locality's figure exists): what the
    caller has read already (a bulk import); None reads it."""
    if area is not None and area.kind == Area.Kind.CITY:
        raise ValidationError({"area": "Leave the area empty for the city's figure."})
    if area is not None and not indicator.by_area:
        raise ValidationError(
            {"area": f"{indicator.code} is reported for the city only, not by area."}
        )
    if area is not None:
        if city_entered is None:
            city = Return.objects.city().filter(indicator=indicator, period=period).first()
            city_entered = city is not None and not city.is_derived
        if city_entered:
            raise ValidationError(
                {
                    "area": f"The city's {period.code} figure for {indicator.code} was entered "
                    "directly, so its localities cannot be added for that period."
                }
            )
    elif indicator.city_is_derived and (
        has_localities
        if has_localities is not None
        else Return.objects.filter(indicator=indicator, period=period, area__isnull=False).exists()
    ):
        raise ValidationError(
            {
                "area": f"{indicator.code}'s {period.code} figure for the city is added up from "
                "its localities: enter each locality's figure instead."
            }
        )


def fraction_parse(*, indicator: Indicator, numerator, denominator) -> tuple:
    """(value, numerator, denominator) of a percentage entered as a fraction; ValidationError
    naming the field when one is missing or impossible."""
    errors = {}
    parsed = {}
    for field, raw in (("numerator", numerator), ("denominator", denominator)):
        try:
            parsed[field] = value_parse(indicator=_counting(indicator), raw=raw, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    num, den = parsed["numerator"], parsed["denominator"]
    if den == 0:
        raise ValidationError({"denominator": "The denominator must be more than 0."})
    if num > den:
        raise ValidationError({"numerator": "The numerator cannot be more than the denominator."})
    return (num * 100 / den).quantize(Decimal("0.0001")), num, den


def _counting(indicator: Indicator) -> Indicator:
    """Numerators and denominators are whole numbers of children."""
    return Indicator(code=indicator.code, unit=Indicator.Unit.COUNT)


def figure_parse(*, indicator: Indicator, area: Area | None, value, numerator, denominator):
    """(value, numerator, denominator): a fraction for a fraction indicator's locality (and
    whenever a numerator or denominator is given), otherwise the value as typed."""
    wants_fraction = indicator.is_fraction and (
        area is not None or numerator not in (None, "") or denominator not in (None, "")
    )
    if wants_fraction:
        return fraction_parse(indicator=indicator, numerator=numerator, denominator=denominator)
    return value_parse(indicator=indicator, raw=value), None, None


@transaction.atomic
def return_create(
    *,
    user,
    indicator: Indicator,
    period: Period,
    value=None,
    commentary: str = "",
    area: Area | None = None,
    numerator=None,
    denominator=None,
) -> Return:
    _require_entry(user, indicator)
    period_check(indicator=indicator, period=period)
    area_check(indicator=indicator, period=period, area=area)
    if Return.objects.filter(indicator=indicator, period=period, area=area).exists():
        where = f" for {area.name}" if area else ""
        raise ValidationError(
            {
                "period": f"{indicator.code} already has a return{where} for {period.code}: "
                "edit that one."
            }
        )
    value, numerator, denominator = figure_parse(
        indicator=indicator, area=area, value=value, numerator=numerator, denominator=denominator
    )
    ret = Return(
        indicator=indicator,
        period=period,
        area=area,
        value=value,
        numerator=numerator,
        denominator=denominator,
        commentary=commentary.strip(),
        created_by=user,
        updated_by=user,
    )
    ret._history_user = user
    ret.full_clean()
    ret.save()
    return ret


@transaction.atomic
def area_returns_save(
    *, user, indicator: Indicator, period: Period, rows: list[dict], submit: bool
) -> list[Return]:
    """The locality page: each row {area, version, value, numerator, denominator, commentary}
    with a figure becomes (or updates) that locality's draft, submitted when `submit`; all rows
    or none. A row without a figure is skipped; a row for a figure already submitted or
    approved must be unchanged (a lead corrects it on the return's page)."""
    if not indicator.by_area:
        raise ValidationError(f"{indicator.code} is reported for the city only, not by area.")
    areas = {a.code: a for a in Area.objects.filter(kind__in=[Area.Kind.LOCALITY, Area.Kind.WARD])}
    saved = []
    for row in rows:
        area = areas.get(row["area"])
        if area is None:
            raise ValidationError(f"Unknown area '{row['area'][:40]}'.")
        figure = {k: row.get(k) or None for k in ("value", "numerator", "denominator")}
        if not any(figure.values()):
            continue
        commentary = row.get("commentary") or ""
        ret = Return.objects.filter(indicator=indicator, period=period, area=area).first()
        try:
            if ret is None:
                ret = return_create(
                    user=user,
                    indicator=indicator,
                    period=period,
                    area=area,
                    commentary=commentary,
                    **figure,
                )
            elif ret.status == Return.Status.DRAFT:
                ret = return_update(
                    user=user,
                    ret=ret,
                    version=row.get("version") or 0,
                    commentary=commentary,
                    **figure,
                )
            else:
                continue  # submitted or approved: shown, not editable here
            if submit:
                ret = return_submit(user=user, ret=ret)
        except ValidationError as exc:
            raise ValidationError([f"{area.name}: {m}" for m in exc.messages]) from exc
        saved.append(ret)
    return saved


@dataclass
class Entry:
    """One figure of a bulk save (returns_bulk_save): `number` names it in an error (a file's
    row number); `existing_id` and `version` the draft it replaces, as the user saw it."""

    number: int
    indicator: Indicator
    period: Period
    area: Area | None = None
    value: object = None
    numerator: object = None
    denominator: object = None
    commentary: str = ""
    existing_id: int | None = None
    version: int | None = None


BULK_BATCH = 1000  # rows a statement when writing in bulk
# A return's own fields checked before a bulk write; its foreign keys are the rows just read.
_FOREIGN_KEYS = ["indicator", "period", "area", "created_by", "updated_by"]
_FOREIGN_KEYS += ["submitted_by", "approved_by"]


@transaction.atomic
def returns_bulk_save(*, user, entries: list[Entry], submit: bool = False) -> list[Return]:
    """Create or update many returns at once, submitted when `submit`: all or none.

    The same rules, fields, versions and history rows as return_create or return_update (then
    return_submit) entry by entry, in a number of queries that does not grow with the entries
    (a few reads, then bulk writes of BULK_BATCH rows). Entries are checked in order, each as
    if those before it were saved (so a locality after the city's own figure is refused as
    return_create would refuse it); the first refused raises ValidationError "Row N: ...
    Nothing was saved." and nothing is written."""
    from indicators.status import prospective_rags

    locked = locked_periods()
    indicator_ids = {e.indicator.pk for e in entries}
    period_ids = {e.period.pk for e in entries}
    taken, city_entered, with_localities = set(), set(), set()
    for ind_id, per_id, area_id, derived in Return.objects.filter(
        indicator_id__in=indicator_ids, period_id__in=period_ids
    ).values_list("indicator_id", "period_id", "area_id", "is_derived"):
        taken.add((ind_id, per_id, area_id))
        if area_id is None and not derived:
            city_entered.add((ind_id, per_id))
        elif area_id is not None:
            with_localities.add((ind_id, per_id))
    drafts = {
        r.pk: r
        for r in Return.objects.select_for_update(of=("self",)).filter(
            pk__in=[e.existing_id for e in entries if e.existing_id is not None]
        )
    }
    now = timezone.now()
    prepared: list[tuple[Entry, Return, dict, bool]] = []
    failed: tuple[int, Exception] | None = None
    for index, entry in enumerate(entries):
        try:
            prepared.append(
                _bulk_entry(user, entry, drafts, locked, now, taken, city_entered, with_localities)
            )
        except (ValidationError, PermissionDenied) as exc:
            failed = (index, exc)
            break
        pair = (entry.indicator.pk, entry.period.pk)
        taken.add((*pair, entry.area.pk if entry.area else None))
        (city_entered if entry.area is None else with_localities).add(pair)
    if submit:
        rags = prospective_rags(
            [(e.indicator, e.period, ret.value, e.area) for e, ret, _, _ in prepared]
        )
        for index, ((_, ret, _, _), rating) in enumerate(zip(prepared, rags, strict=True)):
            if rating in RED_OR_AMBER and not ret.commentary.strip():
                failed = (
                    index,
                    ValidationError(
                        {
                            "commentary": f"This figure would rate {rating.title()}: say what "
                            "is helping, what is hurting and what happens next."
                        }
                    ),
                )
                break
    if failed is not None:
        index, exc = failed
        messages = getattr(exc, "messages", None) or [str(exc)]
        raise ValidationError(
            f"Row {entries[index].number}: {' '.join(messages)} Nothing was saved."
        ) from exc
    return _bulk_write(user, prepared, submit, now)


def _bulk_entry(
    user, entry: Entry, drafts, locked, now, taken, city_entered, with_localities
) -> tuple[Entry, Return, dict, bool]:
    """The return an entry makes (or the draft it changes), checked as return_create or
    return_update checks it, with its tracked fields as a draft (for its history row) and
    whether it is new."""
    indicator, period, area = entry.indicator, entry.period, entry.area
    _require_entry(user, indicator)
    if entry.existing_id is not None:
        ret = drafts.get(entry.existing_id)
        if ret is None:
            raise ConcurrentEditError(
                f"The return for {indicator.code} {period.code} was deleted after you opened "
                "it. Your change was not saved: reload it and look again."
            )
        _require_version(ret, entry.version, "Your change")
        ret.indicator, ret.period, ret.area = indicator, period, area  # the rows just read
        _refuse_derived(ret)
        if ret.status != Return.Status.DRAFT:
            raise ValidationError(f"Only a draft can be edited; this return is {ret.status}.")
        period_check(indicator=indicator, period=period, locked=locked)
        ret.value, ret.numerator, ret.denominator = figure_parse(
            indicator=indicator,
            area=area,
            value=entry.value,
            numerator=entry.numerator,
            denominator=entry.denominator,
        )
        ret.commentary = (entry.commentary or "").strip()
        ret.version += 1
        ret.updated_by, ret.updated_at = user, now
    else:
        pair = (indicator.pk, period.pk)
        period_check(indicator=indicator, period=period, locked=locked)
        area_check(
            indicator=indicator,
            period=period,
            area=area,
            city_entered=pair in city_entered,
            has_localities=pair in with_localities,
        )
        if (*pair, area.pk if area else None) in taken:
            where = f" for {area.name}" if area else ""
            raise ValidationError(
                {
                    "period": f"{indicator.code} already has a return{where} for "
                    f"{period.code}: edit that one."
                }
            )
        value, numerator, denominator = figure_parse(
            indicator=indicator,
            area=area,
            value=entry.value,
            numerator=entry.numerator,
            denominator=entry.denominator,
        )
        ret = Return(
            indicator=indicator,
            period=period,
            area=area,
            value=value,
            numerator=numerator,
            denominator=denominator,
            commentary=(entry.commentary or "").strip(),
            created_by=user,
            updated_by=user,
        )
    ret.clean_fields(exclude=_FOREIGN_KEYS)
    return entry, ret, _tracked(ret), entry.existing_id is None


def _tracked(ret: Return) -> dict:
    return {name: getattr(ret, name) for name in _tracked_names()}


@functools.cache
def _tracked_names() -> tuple[str, ...]:
    """The fields a history row copies (Return.history builds a manager: read it once)."""
    return tuple(f.attname for f in Return.history.model.tracked_fields)


def _bulk_update(rets: list[Return], names: list[str]) -> None:
    """Return.objects.bulk_update, on PostgreSQL as one UPDATE ... FROM (VALUES ...) a batch:
    Django's CASE WHEN id = ... per field costs the batch's length for every row."""
    if connection.vendor != "postgresql":
        Return.objects.bulk_update(rets, names, batch_size=BULK_BATCH)
        return
    fields = [Return._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    cell = "(%s::integer, " + ", ".join(f"%s::{f.cast_db_type(connection)}" for f in fields) + ")"
    table = quote(Return._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rets), BULK_BATCH):
            batch = rets[start : start + BULK_BATCH]
            params = []
            for ret in batch:
                params.append(ret.pk)
                params += [f.get_db_prep_save(getattr(ret, f.attname), connection) for f in fields]
            values = ", ".join([cell] * len(batch))
            cursor.execute(
                # names from the model, values as parameters
                f"UPDATE {table} AS r SET {sets} FROM (VALUES {values}) "  # noqa: S608  # nosec B608
                f"AS v(id, {columns}) WHERE r.id = v.id",
                params,
            )


def _bulk_write(user, prepared: list[tuple], submit: bool, now) -> list[Return]:
    """Write the checked returns: new ones in bulk_create, changed drafts in bulk_update, and
    their history rows as the one-by-one services leave them (a created return's "+", a changed
    draft's "~"; when submitting, then the submitted version's "~"), by `user` at `now`."""
    fields = ["value", "numerator", "denominator", "commentary", "version"]
    fields += ["updated_by", "updated_at"]
    if submit:
        fields += ["status", "submitted_by", "submitted_at", "returned_reason"]
        for _, ret, _, _ in prepared:
            ret.status = Return.Status.SUBMITTED
            ret.submitted_by, ret.submitted_at = user, now
            ret.returned_reason = ""
            ret.version += 1
            ret.updated_by, ret.updated_at = user, now
    Return.objects.bulk_create([p[1] for p in prepared if p[3]], batch_size=BULK_BATCH)
    _bulk_update([p[1] for p in prepared if not p[3]], fields)
    history = []
    for _, ret, draft, new in prepared:
        if new:  # its id and times are known only now
            draft.update(id=ret.pk, created_at=ret.created_at, updated_at=ret.updated_at)
        history.append({**draft, "history_type": "+" if new else "~"})
        if submit:
            history.append({**_tracked(ret), "history_type": "~"})
    for row in history:
        row.update(history_date=now, history_user_id=user.pk, history_change_reason=None)
    _history_insert(history)
    versions.changed(versions.FRAMEWORK)  # bulk writes send no post_save (core/versions.py)
    return [p[1] for p in prepared]


def _history_insert(rows: list[dict]) -> None:
    """Insert history rows (each a dict of the history table's attnames): bulk_create, but on
    PostgreSQL one COPY (the values are already as stored: building a model instance per row
    and preparing each field costs many times the database's work)."""
    History = Return.history.model
    if connection.vendor != "postgresql":
        History.objects.bulk_create([History(**row) for row in rows], batch_size=BULK_BATCH)
        return
    if not rows:
        return
    names = list(rows[0])
    column = {f.attname: f.column for f in History._meta.concrete_fields}
    quote = connection.ops.quote_name
    text = io.StringIO()
    for row in rows:
        text.write("\t".join(_copy_text(row[name]) for name in names))
        text.write("\n")
    text.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(  # psycopg2's cursor under Django's wrapper
            f"COPY {quote(History._meta.db_table)} "
            f"({', '.join(quote(column[n]) for n in names)}) FROM STDIN",
            text,
        )


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _refuse_derived(ret: Return) -> None:
    if ret.is_derived:
        raise ValidationError(
            f"The city's {ret.period.code} figure for {ret.indicator.code} is added up from its "
            "localities: change a locality's figure instead."
        )


@transaction.atomic
def city_derive(*, user, indicator: Indicator, period: Period) -> Return | None:
    """Add up the city's figure from every locality's approved figure (counts: the sum;
    fractions: the sum of numerators over the sum of denominators). Until every locality's is
    approved the city has no figure for the period (a derived one is removed)."""
    if not indicator.city_is_derived:
        return None
    localities = list(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("order", "name"))
    approved = {
        r.area_id: r
        for r in Return.objects.filter(
            indicator=indicator,
            period=period,
            area__in=localities,
            status=Return.Status.APPROVED,
        )
    }
    city = (
        Return.objects.city().select_for_update().filter(indicator=indicator, period=period).first()
    )
    if city is not None and not city.is_derived:
        return city
    if not localities or len(approved) < len(localities):
        if city is not None:
            city._history_user = user
            city.delete()
        return None
    parts = [approved[a.id] for a in localities]
    if indicator.is_fraction:
        numerator = sum((r.numerator for r in parts), Decimal(0))
        denominator = sum((r.denominator for r in parts), Decimal(0))
        value = (numerator * 100 / denominator).quantize(Decimal("0.0001"))
        how = "the sum of their numerators over the sum of their denominators"
    else:
        numerator = denominator = None
        value = sum((r.value for r in parts), Decimal(0))
        how = "the sum"
    listed = ", ".join(f"{a.name} {approved[a.id].value.normalize():f}" for a in localities)
    commentary = f"Added up from the localities' approved figures ({listed}): {how}."
    now = timezone.now()
    fields = {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "commentary": commentary,
        "status": Return.Status.APPROVED,
        "approved_by": user,
        "approved_at": now,
        "is_synthetic": any(r.is_synthetic for r in parts),
        "is_derived": True,
    }
    if city is None:
        city = Return(
            indicator=indicator, period=period, created_by=user, updated_by=user, **fields
        )
        city._history_user = user
        city.full_clean()
        city.save()
        return city
    changed = [k for k, v in fields.items() if getattr(city, k) != v and k != "approved_at"]
    if changed:
        for k, v in fields.items():
            setattr(city, k, v)
        _save(city, user, [*fields])
    return city


def _after_area_change(user, ret: Return) -> None:
    if ret.area_id is not None:
        city_derive(user=user, indicator=ret.indicator, period=ret.period)


def _locked_row(ret: Return) -> Return:
    return (
        # of=self: the area is an outer join, which PostgreSQL will not lock
        Return.objects.select_for_update(of=("self",))
        .select_related("indicator", "period", "area")
        .get(pk=ret.pk)
    )


def _require_version(ret: Return, version, what: str) -> None:
    """Refuse an action taken on a version of the return other than the one stored now."""
    if int(version) != ret.version:
        raise ConcurrentEditError(
            f"Someone else saved this return (now version {ret.version}) after you opened "
            f"version {version}. {what} was not saved: reload it and look again."
        )


@transaction.atomic
def return_update(
    *,
    user,
    ret: Return,
    version: int,
    value=None,
    commentary: str | None = None,
    numerator=None,
    denominator=None,
) -> Return:
    ret = _locked_row(ret)
    _require_entry(user, ret.indicator)
    _require_version(ret, version, "Your change")
    _refuse_derived(ret)
    if ret.status != Return.Status.DRAFT:
        raise ValidationError(f"Only a draft can be edited; this return is {ret.status}.")
    period_check(indicator=ret.indicator, period=ret.period)
    fields = []
    if value is not None or numerator is not None or denominator is not None:
        ret.value, ret.numerator, ret.denominator = figure_parse(
            indicator=ret.indicator,
            area=ret.area,
            value=value,
            numerator=numerator,
            denominator=denominator,
        )
        fields += ["value", "numerator", "denominator"]
    if commentary is not None:
        ret.commentary = commentary.strip()
        fields.append("commentary")
    return _save(ret, user, fields)


@transaction.atomic
def return_submit(
    *,
    user,
    ret: Return,
    version=None,
    value=None,
    commentary: str | None = None,
    numerator=None,
    denominator=None,
) -> Return:
    """Submit a draft for approval. With `version` (and the value and commentary on screen),
    save them and submit in one transaction: either both happen or neither does."""
    from indicators.status import prospective_rag

    if version is not None:
        ret = return_update(
            user=user,
            ret=ret,
            version=version,
            value=value,
            commentary=commentary,
            numerator=numerator,
            denominator=denominator,
        )
    ret = _locked_row(ret)
    _require_entry(user, ret.indicator)
    if ret.status != Return.Status.DRAFT:
        raise ValidationError(f"Only a draft can be submitted; this return is {ret.status}.")
    period_check(indicator=ret.indicator, period=ret.period)
    _refuse_derived(ret)
    rag = prospective_rag(
        indicator=ret.indicator, period=ret.period, value=ret.value, area=ret.area
    )
    if rag in RED_OR_AMBER and not ret.commentary.strip():
        raise ValidationError(
            {
                "commentary": f"This figure would rate {rag.title()}: say what "
                "is helping, what is hurting and what happens next."
            }
        )
    ret.status = Return.Status.SUBMITTED
    ret.submitted_by, ret.submitted_at = user, timezone.now()
    ret.returned_reason = ""
    return _save(ret, user, ["status", "submitted_by", "submitted_at", "returned_reason"])


@transaction.atomic
def return_approve(*, user, ret: Return, version) -> Return:
    """Approve the version of the figure the lead looked at, and no other."""
    from indicators.tasks import compute_rag

    ret = _locked_row(ret)
    if not has_role(user, PERFORMANCE_LEAD):
        raise PermissionDenied("Only a performance lead approves returns.")
    _require_version(ret, version, "Your approval")
    if user.id in figure_authors(ret):
        raise PermissionDenied(
            "You entered, submitted or changed this figure, so someone else must approve it."
        )
    if ret.status != Return.Status.SUBMITTED:
        raise ValidationError(f"Only a submitted return can be approved; this one is {ret.status}.")
    period_check(indicator=ret.indicator, period=ret.period)
    ret.status = Return.Status.APPROVED
    ret.approved_by, ret.approved_at = user, timezone.now()
    _save(ret, user, ["status", "approved_by", "approved_at"])
    _after_area_change(user, ret)
    # Only this indicator's figures changed: recompute its statuses alone (a target change
    # recomputes every indicator: _recompute_after_target).
    enqueue(compute_rag, ret.period.code, ret.indicator.code)
    return ret


def figure_authors(ret: Return) -> set[int]:
    """Who entered, submitted or changed this return's figure (from its history): four-eyes
    means none of them approves it, or corrects it once approved."""
    ids = {ret.created_by_id, ret.submitted_by_id}
    previous = object()
    for value, user_id in ret.history.order_by("history_date", "history_id").values_list(
        "value", "history_user_id"
    ):
        if value != previous:
            ids.add(user_id)
        previous = value
    ids.discard(None)
    return ids


@transaction.atomic
def return_correct(
    *,
    user,
    ret: Return,
    version,
    value=None,
    reason: str,
    commentary: str | None = None,
    numerator=None,
    denominator=None,
) -> Return:
    """A performance lead corrects an approved figure (say after a data-quality check). The
    correction goes back through approval by someone else (four-eyes): the return becomes
    submitted by the correcting lead, the old figure stays in the history with the reason, and
    the RAG is recomputed (the figure counts again once another lead approves it). Nobody
    corrects a figure they entered, submitted or changed. A published Board pack keeps the
    figure it was built with; the next pack lists the revision."""
    from indicators.tasks import compute_rag

    ret = _locked_row(ret)
    if not has_role(user, PERFORMANCE_LEAD):
        raise PermissionDenied("Only a performance lead corrects an approved return.")
    _require_version(ret, version, "Your correction")
    _refuse_derived(ret)
    if user.id in figure_authors(ret):
        raise PermissionDenied(
            "You entered, submitted or changed this figure, so another lead must correct it."
        )
    if ret.status != Return.Status.APPROVED:
        raise ValidationError(
            f"Only an approved return is corrected; this one is {ret.status}: edit it instead."
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the approved figure is being corrected."})
    period_check(indicator=ret.indicator, period=ret.period)
    ret.value, ret.numerator, ret.denominator = figure_parse(
        indicator=ret.indicator,
        area=ret.area,
        value=value,
        numerator=numerator,
        denominator=denominator,
    )
    fields = ["value", "numerator", "denominator", "status", "submitted_by", "submitted_at"]
    fields += ["approved_by", "approved_at"]
    if commentary is not None:
        ret.commentary = commentary.strip()
        fields.append("commentary")
    ret.status = Return.Status.SUBMITTED
    ret.submitted_by, ret.submitted_at = user, timezone.now()
    ret.approved_by, ret.approved_at = None, None
    ret._change_reason = f"Correction: {reason.strip()}"[:100]
    _save(ret, user, fields)
    _after_area_change(user, ret)
    # Only this indicator's figures changed: recompute its statuses alone (a target change
    # recomputes every indicator: _recompute_after_target).
    enqueue(compute_rag, ret.period.code, ret.indicator.code)
    return ret


@transaction.atomic
def return_send_back(*, user, ret: Return, reason: str, version) -> Return:
    ret = _locked_row(ret)
    if not has_role(user, PERFORMANCE_LEAD):
        raise PermissionDenied("Only a performance lead returns a submission.")
    _require_version(ret, version, "Sending it back")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the return is being sent back."})
    _refuse_derived(ret)
    if ret.status != Return.Status.SUBMITTED:
        raise ValidationError(
            f"Only a submitted return can be sent back; this one is {ret.status}."
        )
    period_check(indicator=ret.indicator, period=ret.period)
    ret.status = Return.Status.DRAFT
    ret.returned_reason = reason.strip()
    return _save(ret, user, ["status", "returned_reason"])


@transaction.atomic
def period_lock(*, user, period: Period) -> Period:
    if not has_role(user, PERFORMANCE_LEAD):
        raise PermissionDenied("Only a performance lead locks a period.")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if not period.is_locked:
        period.locked_at, period.locked_by = timezone.now(), user
        period._history_user = user
        period._change_reason = "Locked"
        period.save(update_fields=["locked_at", "locked_by"])
    return period


@transaction.atomic
def period_reopen(*, user, period: Period, reason: str) -> Period:
    if not has_role(user, PERFORMANCE_LEAD):
        raise PermissionDenied("Only a performance lead reopens a period.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the period is being reopened."})
    period = Period.objects.select_for_update().get(pk=period.pk)
    was_locked = period.is_locked
    period.locked_at, period.locked_by = None, None
    period._history_user = user
    period._change_reason = reason.strip()  # kept in the period's history
    period.save(update_fields=["locked_at", "locked_by"])
    if was_locked:  # its statuses were frozen: bring them up to date with what was approved
        _recompute_after_target(period.code)
    return period


@transaction.atomic
def target_set(*, user, indicator: Indicator, period: Period, value, band=None) -> Target:
    """Create or change a target (history keeps every version)."""
    if not has_role(user, PERFORMANCE_LEAD):
        raise PermissionDenied("Only a performance lead sets targets.")
    year_kind = _year_kind(indicator)
    if period.kind != year_kind:
        # The engine rates every period against the target of the year holding it, so a month
        # or quarter target would be confirmed on screen and then never used.
        example = (
            "a financial year such as FY2019-20"
            if year_kind == cal.FIN_YEAR
            else "an academic year such as AY2019-20"
        )
        raise ValidationError(
            {
                "period": f"{indicator.code}'s targets are set for a whole "
                f"year: use {example}, not {period.code}. Months and quarters "
                "are rated against their year's target (pro rata for "
                "cumulative counts)."
            }
        )
    locked = (
        Period.objects.exclude(locked_at=None)
        .filter(start__lte=period.end, end__gte=period.start)
        .order_by("start")
        .first()
    )
    if locked is not None:
        raise ValidationError(
            {
                "period": f"{locked.code} is locked, and {period.code}'s target "
                f"rates it: reopen {locked.code} before changing the target."
            }
        )
    value = value_parse(indicator=indicator, raw=value)
    band_value = (
        None
        if band in (None, "")
        else value_parse(indicator=indicator, raw=band, field="band", allow_fraction=True)
    )
    target = Target.objects.select_for_update().filter(indicator=indicator, period=period).first()
    if target is None:
        target = Target(indicator=indicator, period=period, created_by=user)
    target.value, target.band, target.updated_by = value, band_value, user
    # A lead's figure is a decision for that year, no longer an inference from a document.
    target.basis, target.basis_note = Target.Basis.STATED, ""
    target._history_user = user
    target.source = target.source or f"Set by {user.get_username()}"
    target.full_clean()
    target.save()
    _recompute_after_target(period.code)
    return target


def _recompute_after_target(period_code: str) -> None:
    from indicators.tasks import compute_rag

    enqueue(compute_rag, period_code)  # after the commit; through the outbox
