"""Bulk returns from CSV or Excel: columns indicator, period, value, commentary.

A file is checked as a whole first (the preview lists every row's problem with its row
number); it is then saved all or nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.roles import PERFORMANCE_LEAD, has_role
from core.spreadsheets import safe_cell
from indicators.models import Indicator, Period, Return
from indicators.returns import services

COLUMNS = ["indicator", "period", "value", "commentary"]
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000


class ImportFileError(ValueError):
    """The file as a whole cannot be read; nothing was saved."""


@dataclass
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    indicator: str
    period: str
    value: str
    commentary: str
    errors: list[str] = field(default_factory=list)
    existing_id: int | None = None  # the draft this row replaces, and its version when checked
    existing_version: int | None = None


def read_table(*, name: str, content: bytes, columns: list[str]) -> list[tuple[int, list[str]]]:
    """The non-empty rows of a CSV or XLSX file whose first row is `columns`, each with its
    spreadsheet row number and exactly len(columns) stripped cells."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_BYTES // 1024} KB.")
    if name.lower().endswith(".xlsx"):
        table = _xlsx(content)
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError("The CSV file is not UTF-8 text.") from exc
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise ImportFileError("Upload a .csv or .xlsx file.")
    if not table:
        raise ImportFileError("The file is empty.")
    width = len(columns)
    header = [str(c or "").strip().lower() for c in table[0]]
    if header[:width] != columns:
        raise ImportFileError(f"The first row must be the headings {', '.join(columns)}.")
    body = [r for r in table[1:] if any(str(c or "").strip() for c in r)]
    if len(body) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} rows.")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        cells = [
            str(c if c is not None else "").strip() for c in (list(cells) + [""] * width)[:width]
        ]
        if any(cells):
            rows.append((number, cells))
    return rows


def read_rows(*, name: str, content: bytes) -> list[Row]:
    return [
        Row(number, *cells)
        for number, cells in read_table(name=name, content=content, columns=COLUMNS)
    ]


def _xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise ImportFileError("The Excel file could not be read.") from exc
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def check(*, user, rows: list[Row]) -> list[Row]:
    """Fill in each row's problems: unknown code, wrong period, bad value, locked, not owned,
    duplicate, a return already past draft."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.indicator for r in rows})}
    periods = {p.code: p for p in Period.objects.filter(code__in={r.period for r in rows})}
    existing = {
        (r.indicator.code, r.period.code): r
        for r in Return.objects.filter(
            indicator__code__in=indicators, period__code__in=periods
        ).select_related("indicator", "period")
    }
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        indicator, period = indicators.get(row.indicator), periods.get(row.period)
        if indicator is None:
            row.errors.append(f"Unknown indicator code '{row.indicator}'.")
        if period is None:
            row.errors.append(f"Unknown period '{row.period}'.")
        key = (row.indicator, row.period)
        if key in seen:
            row.errors.append(f"Duplicate of row {seen[key]}.")
        seen.setdefault(key, row.number)
        if indicator is None or period is None:
            continue
        if not services.can_enter(user, indicator):
            row.errors.append(f"You do not own {indicator.code}.")
        try:
            services.period_check(indicator=indicator, period=period)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
        try:
            services.value_parse(indicator=indicator, raw=row.value)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
        current = existing.get(key)
        if current is not None:
            if current.status != Return.Status.DRAFT:
                row.errors.append(f"A return for {key[0]} {key[1]} is already {current.status}.")
            row.existing_id, row.existing_version = current.id, current.version
    return rows


@transaction.atomic
def save(*, user, rows: list[Row], submit: bool = False) -> list[Return]:
    """Save every row or none; re-checks first, since data may have changed since the preview.

    A row that replaces a draft carries the draft's version from the preview: if the draft
    changed (or a return appeared) since, nothing is saved, so no figure is overwritten unseen."""
    seen = {r.number: (r.existing_id, r.existing_version) for r in rows}
    rows = check(
        user=user, rows=[Row(r.number, r.indicator, r.period, r.value, r.commentary) for r in rows]
    )
    if any(r.errors for r in rows):
        raise ValidationError("The file has problems; nothing was saved.")
    for row in rows:
        if (row.existing_id, row.existing_version) != seen[row.number]:
            raise ValidationError(
                f"Row {row.number}: the return for {row.indicator} {row.period} changed after "
                "your preview. Nothing was saved: upload the file again to see it."
            )
    saved = []
    try:
        for row in rows:
            indicator = Indicator.objects.get(code=row.indicator)
            period = Period.objects.get(code=row.period)
            if row.existing_id:
                ret = services.return_update(
                    user=user,
                    ret=Return.objects.get(pk=row.existing_id),
                    version=row.existing_version,
                    value=row.value,
                    commentary=row.commentary,
                )
            else:
                ret = services.return_create(
                    user=user,
                    indicator=indicator,
                    period=period,
                    value=row.value,
                    commentary=row.commentary,
                )
            if submit:
                ret = services.return_submit(user=user, ret=ret)
            saved.append(ret)
    except (ValidationError, PermissionDenied) as exc:
        number = rows[len(saved)].number
        raise ValidationError(
            f"Row {number}: {' '.join(getattr(exc, 'messages', [str(exc)]))} Nothing was saved."
        ) from exc
    return saved


def template_csv(*, user) -> str:
    """A CSV with the user's indicator codes and their latest due periods, ready to fill in."""
    from django.utils import timezone

    from indicators import periods as cal

    today = timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    owned = Indicator.objects.order_by("code")
    if not has_role(user, PERFORMANCE_LEAD):  # leads may enter for any indicator
        owned = owned.filter(owner=user)
    for indicator in owned:
        period = cal.latest_complete(indicator.period_kind, today)
        writer.writerow([safe_cell(indicator.code), safe_cell(period.code), "", ""])
    return out.getvalue()
