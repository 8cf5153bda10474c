"""Bulk returns from CSV or Excel: columns indicator, period, value, commentary.

Any columns after those four (the template's indicator_name, unit and target) are read and
ignored; a row whose value is left blank is skipped, not an error (the template lists every
return due, and an officer fills in what they have). A file is checked as a whole first (the
preview lists every row's problem with its row number, and warns of a Red or Amber figure with
no commentary, which submitting would refuse); it is then saved all or nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core.spreadsheets import safe_cell
from indicators.models import Area, Indicator, Period, Return
from indicators.returns import services

COLUMNS = ["indicator", "period", "value", "commentary"]
# Read when present, in any order after the four (docs/areas.md): a locality's figure, and a
# percentage entered as numerator and denominator.
OPTIONAL_COLUMNS = ["area", "numerator", "denominator"]
TEMPLATE_COLUMNS = [*COLUMNS, "indicator_name", "unit", "target"]
# Hard limits, checked while reading so a crafted file cannot hold a worker or its memory
# (docs/security.md, "Uploads"): the upload itself, each part of an XLSX once unzipped (read
# from the zip's directory before anything is decompressed), the rows read (blank ones too),
# the columns read and each cell's length. An error quotes at most EXCERPT characters. The
# upload's bytes and its rows of figures are settings (RETURNS_IMPORT_MAX_BYTES, 4 MB, and
# RETURNS_IMPORT_MAX_ROWS, 20,000), read when a file is read: max_bytes(), max_rows().
BLANK_ROWS_ALLOWED = 1000  # blank rows count too: a file cannot make us read millions
MAX_EXTRA_COLUMNS = 6  # read past the wanted columns (the template has three); the rest ignored
MAX_CELL_CHARS = 4000
MAX_XLSX_PART = 8 * 1024 * 1024  # any one unzipped part (a sheet, the shared strings)
MAX_XLSX_TOTAL = 24 * 1024 * 1024  # all parts together, unzipped
EXCERPT = 40


def max_bytes() -> int:
    """The largest upload read, in bytes (settings.RETURNS_IMPORT_MAX_BYTES)."""
    return settings.RETURNS_IMPORT_MAX_BYTES


def max_rows() -> int:
    """The most rows of figures a file may hold (settings.RETURNS_IMPORT_MAX_ROWS)."""
    return settings.RETURNS_IMPORT_MAX_ROWS


def max_rows_read() -> int:
    """The most rows read, blank ones included: the cap and BLANK_ROWS_ALLOWED more."""
    return max_rows() + BLANK_ROWS_ALLOWED


class ImportFileError(ValueError):
    """The file as a whole cannot be read; nothing was saved."""


def excerpt(text) -> str:
    """A cell quoted in a message: at most EXCERPT characters."""
    text = str(text)
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


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
    warnings: list[str] = field(default_factory=list)  # saving is allowed; submitting is not
    area: str = ""  # a locality's or ward's code; empty (or the city's code) for the city
    numerator: str = ""
    denominator: str = ""


def read_table(
    *, name: str, content: bytes, columns: list[str], optional: list[str] = ()
) -> list[tuple[int, list[str]]]:
    """The non-empty rows of a CSV or XLSX file whose first row starts with `columns`, each
    with its spreadsheet row number and exactly len(columns) + len(optional) stripped cells
    (an `optional` heading found later in the first row gives its column; else ""). Stops at
    the first limit passed, with ImportFileError saying which."""
    if len(content) > max_bytes():
        raise ImportFileError(f"The file is larger than {max_bytes() // 1024:,} KB.")
    cap, read_cap = max_rows(), max_rows_read()
    width = len(columns)
    if name.lower().endswith(".xlsx"):
        table = _xlsx_rows(content, width + MAX_EXTRA_COLUMNS)
    elif name.lower().endswith(".csv"):
        table = _csv_rows(content)
    else:
        raise ImportFileError("Upload a .csv or .xlsx file.")
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(table)
    except StopIteration:
        raise ImportFileError("The file is empty.") from None
    header = [str(c or "").strip().lower() for c in header]
    if header[:width] != columns:
        raise ImportFileError(f"The first row must be the headings {', '.join(columns)}.")
    extra = [header.index(o, width) if o in header[width:] else None for o in optional]
    for number, cells in enumerate(table, start=2):
        if number > read_cap + 1:
            raise ImportFileError(
                f"The file has more than {read_cap:,} rows: reading stopped at row "
                f"{number - 1:,}. Send at most {cap:,} rows of figures."
            )
        cells = list(cells)
        wanted = (cells[:width] + [""] * width)[:width]
        wanted += [cells[i] if i is not None and i < len(cells) else "" for i in extra]
        cells = [_cell(c, number) for c in wanted]
        if any(cells):
            rows.append((number, cells))
            if len(rows) > cap:
                raise ImportFileError(f"The file has more than {cap:,} rows.")
    return rows


def _cell(value, number: int) -> str:
    text = str(value if value is not None else "").strip()
    if len(text) > MAX_CELL_CHARS:
        raise ImportFileError(
            f"Row {number} has a cell longer than {MAX_CELL_CHARS:,} characters "
            f"(it starts '{excerpt(text)}')."
        )
    return text


def read(*, name: str, content: bytes) -> tuple[list[Row], list[int]]:
    """The rows with a value, and the row numbers of those skipped for a blank value."""
    rows, skipped = [], []
    for number, cells in read_table(
        name=name, content=content, columns=COLUMNS, optional=OPTIONAL_COLUMNS
    ):
        area, numerator, denominator = cells[4:]
        if cells[2] or numerator or denominator:
            rows.append(
                Row(number, *cells[:4], area=area, numerator=numerator, denominator=denominator)
            )
        else:
            skipped.append(number)
    return rows, skipped


def read_rows(*, name: str, content: bytes) -> list[Row]:
    return read(name=name, content=content)[0]


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError("The CSV file is not UTF-8 text.") from exc
    reader = csv.reader(io.StringIO(text))
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(
                f"The CSV file could not be read at line {reader.line_num}: {excerpt(exc)}"
            ) from exc


def _xlsx_rows(content: bytes, max_col: int):
    """Rows of the first sheet, streamed (openpyxl read-only), at most `max_col` cells each,
    after checking from the zip's directory that no part unzips beyond the limits."""
    _xlsx_sizes_check(content)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = book.active.iter_rows(values_only=True, max_col=max_col)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise ImportFileError("The Excel file could not be read.") from exc
    try:
        while True:
            try:
                yield next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a broken row part-way through the sheet
                raise ImportFileError("The Excel file could not be read.") from exc
    finally:
        book.close()


def _xlsx_sizes_check(content: bytes) -> None:
    import zipfile

    try:
        parts = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportFileError("The Excel file could not be read.") from exc
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_XLSX_PART or total > MAX_XLSX_TOTAL:
            raise ImportFileError(
                f"The Excel file unpacks to more than {MAX_XLSX_PART // (1024 * 1024)} MB "
                f"in one part or {MAX_XLSX_TOTAL // (1024 * 1024)} MB in all: save it with "
                "only the rows of figures, or as CSV."
            )


def check(*, user, rows: list[Row]) -> list[Row]:
    """Fill in each row's problems: unknown code, wrong period, bad value, locked, not owned,
    duplicate, a return already past draft. A fixed number of queries however many rows."""
    return _check(user=user, rows=rows)[0]


def _check(*, user, rows: list[Row]) -> tuple[list[Row], dict, dict, dict]:
    """check(), and the indicators, periods and areas it read, by code."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.indicator for r in rows})}
    periods = {p.code: p for p in Period.objects.filter(code__in={r.period for r in rows})}
    areas = {a.code: a for a in Area.objects.filter(code__in={r.area for r in rows if r.area})}
    existing = {
        (r.indicator.code, r.period.code, r.area.code if r.area else ""): r
        for r in Return.objects.filter(
            indicator__code__in=indicators, period__code__in=periods
        ).select_related("indicator", "period", "area")
    }
    # what area_check and period_check would each read, read once
    city_entered = {key[:2] for key, r in existing.items() if not key[2] and not r.is_derived}
    with_localities = {key[:2] for key in existing if key[2]}
    locked = services.locked_periods()
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        indicator, period = indicators.get(row.indicator), periods.get(row.period)
        area = areas.get(row.area)
        if area is not None and area.kind == Area.Kind.CITY:
            row.area, area = "", None  # the city's code: the city's figure
        if indicator is None:
            row.errors.append(f"Unknown indicator code '{excerpt(row.indicator)}'.")
        if period is None:
            row.errors.append(f"Unknown period '{excerpt(row.period)}'.")
        if row.area and area is None:
            row.errors.append(f"Unknown area '{excerpt(row.area)}'.")
        key = (row.indicator, row.period, row.area)
        if key in seen:
            row.errors.append(f"Duplicate of row {seen[key]}.")
        seen.setdefault(key, row.number)
        if indicator is None or period is None or (row.area and area is None):
            continue
        if not services.can_enter(user, indicator):
            row.errors.append(f"You do not own {indicator.code}.")
        try:
            services.period_check(indicator=indicator, period=period, locked=locked)
            services.area_check(
                indicator=indicator,
                period=period,
                area=area,
                city_entered=key[:2] in city_entered,
                has_localities=key[:2] in with_localities,
            )
        except ValidationError as exc:
            row.errors.extend(exc.messages)
        try:
            services.figure_parse(
                indicator=indicator,
                area=area,
                value=row.value,
                numerator=row.numerator,
                denominator=row.denominator,
            )
        except ValidationError as exc:
            row.errors.extend(exc.messages)
        current = existing.get(key)
        if current is not None:
            if current.status != Return.Status.DRAFT:
                where = f" {area.name}" if area else ""
                row.errors.append(
                    f"A return for {key[0]} {key[1]}{where} is already {current.status}."
                )
            row.existing_id, row.existing_version = current.id, current.version
    _warn_missing_commentary(rows, indicators, periods)
    return rows, indicators, periods, areas


def _warn_missing_commentary(rows: list[Row], indicators: dict, periods: dict) -> None:
    """A clean row with no commentary whose figure would rate Red or Amber: it can be saved as
    a draft, but submitting it would be refused, so say so before the confirm step."""
    from indicators.returns.selectors import would_rate_many

    # (a locality's rating is checked when it is submitted: all rows or none)
    bare = [r for r in rows if not r.errors and not r.commentary.strip() and not r.area]
    items = [
        (
            indicators[r.indicator],
            periods[r.period],
            services.value_parse(indicator=indicators[r.indicator], raw=r.value),
        )
        for r in bare
    ]
    for row, rating in zip(bare, would_rate_many(items) if items else [], strict=True):
        if rating in services.RED_OR_AMBER:
            row.warnings.append(
                f"Row {row.number}: {row.indicator} {row.period} would rate {rating.title()} "
                "and has no commentary, so submitting it would be refused. Add what is "
                "helping, what is hurting and what happens next, or save it as a draft."
            )


@transaction.atomic
def save(*, user, rows: list[Row], submit: bool = False) -> list[Return]:
    """Save every row or none; re-checks first, since data may have changed since the preview.

    A row that replaces a draft carries the draft's version from the preview: if the draft
    changed (or a return appeared) since, nothing is saved, so no figure is overwritten unseen.
    The rows are written together (services.returns_bulk_save: the same rules as saving each
    in turn, in a fixed number of queries)."""
    seen = {r.number: (r.existing_id, r.existing_version) for r in rows}
    rows, indicators, periods, areas = _check(
        user=user,
        rows=[
            Row(
                r.number,
                r.indicator,
                r.period,
                r.value,
                r.commentary,
                area=r.area,
                numerator=r.numerator,
                denominator=r.denominator,
            )
            for r in rows
        ],
    )
    if any(r.errors for r in rows):
        raise ValidationError("The file has problems; nothing was saved.")
    for row in rows:
        if (row.existing_id, row.existing_version) != seen[row.number]:
            raise ValidationError(
                f"Row {row.number}: the return for {row.indicator} {row.period} changed after "
                "your preview. Nothing was saved: upload the file again to see it."
            )
    return services.returns_bulk_save(
        user=user,
        entries=[
            services.Entry(
                number=row.number,
                indicator=indicators[row.indicator],
                period=periods[row.period],
                area=areas[row.area] if row.area else None,
                value=row.value or None,
                numerator=row.numerator or None,
                denominator=row.denominator or None,
                commentary=row.commentary,
                existing_id=row.existing_id,
                version=row.existing_version,
            )
            for row in rows
        ],
        submit=submit,
    )


def template_csv(*, user, today=None) -> str:
    """A CSV of what the user has due: each period of their indicators that has ended and has
    no submitted or approved return (none yet, or a draft), with the indicator's name, unit
    and the target of the year holding the period, ready to fill in (the same list as the
    entry grid: selectors.due_rows)."""
    from django.utils import timezone

    from indicators.figures import figure_text
    from indicators.returns.selectors import due_rows

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_COLUMNS)
    for row in due_rows(user=user, today=today or timezone.localdate()):
        indicator = row["indicator"]
        cells = [
            indicator.code,
            row["period"].code,
            "",
            "",
            indicator.name,
            indicator.get_unit_display(),
            "" if row["target_value"] is None else figure_text(row["target_value"], indicator.unit),
        ]
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue()
