"""Many rows written at once: an upsert keyed by a unique constraint (docs/adr/0010).

On PostgreSQL the rows go to a temporary table by COPY, then into the model's table in one
INSERT ... SELECT ... ON CONFLICT DO UPDATE. Elsewhere (SQLite, the embedded default) they go
through Django's bulk_create with update_conflicts, which writes the same rows.

Measured at 16 times today's data (12,550 changed statuses): Django's bulk_create 0.84 s,
INSERT ... VALUES from the rows 0.30-0.47 s, COPY then upsert 0.14 s (docs/performance.md).
Most of bulk_create's time is Python: a model instance per row and each field's value
prepared for the database in turn.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connections, router, transaction

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escaped(value: str) -> str:
    return value.translate(_ESCAPES)


# Each value's text by its exact type, one dict lookup a value (a chain of isinstance tests
# took 7 us a row); a subclass (a choices enum, say) falls back to _copy_text.
_BY_TYPE = {
    type(None): lambda value: "\\N",
    bool: lambda value: "t" if value else "f",
    int: int.__repr__,
    Decimal: str,
    str: _escaped,
    datetime: datetime.isoformat,
    date: date.isoformat,
}


def _copy_text(value) -> str:
    """One value in COPY's text format (NULL is \\N; backslash, tab and line ends escaped)."""
    for kind in (bool, int, Decimal, str, datetime, date):  # bool before int, datetime before date
        if isinstance(value, kind):
            return _BY_TYPE[kind](value)
    raise TypeError(f"upsert cannot write a {type(value).__name__} by COPY.")


def copy_rows(rows: Sequence[Sequence]) -> io.StringIO:
    """`rows` as COPY FROM STDIN reads them: one line each, the values separated by tabs."""
    by_type = _BY_TYPE
    return io.StringIO(
        "".join(
            "\t".join([by_type.get(value.__class__, _copy_text)(value) for value in row]) + "\n"
            for row in rows
        )
    )


def upsert(model, fields: Sequence[str], rows: Sequence[Sequence], *, unique: Sequence[str]) -> int:
    """Insert `rows` into `model`'s table, or, where a row with the same `unique` columns is
    already there, update that row's other `fields` to the new values. `fields` are column
    names (attnames: `indicator_id`, not `indicator`) in the order of each row's values and
    include `unique`. Returns the number of rows written."""
    if not rows:
        return 0
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model.objects.using(alias).bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=list(unique),
            update_fields=[f for f in fields if f not in unique],
        )
        return len(rows)
    _copy_upsert(alias, model, fields, copy_rows(rows), unique=unique, null="\\N")
    return len(rows)


def upsert_lines(
    model, fields: Sequence[str], lines: Sequence[str], *, unique: Sequence[str], null: str
) -> int:
    """upsert on PostgreSQL of rows already written as COPY's text lines (no line end): the
    values of `fields` separated by tabs, `null` for NULL, each in a form PostgreSQL reads
    (`True` and `False` are booleans) and none needing an escape. The RAG engine writes its
    statuses so: it makes those lines to compare with the stored rows (indicators.status)."""
    if not lines:
        return 0
    alias = router.db_for_write(model)
    if connections[alias].vendor != "postgresql":
        raise NotImplementedError("upsert_lines writes by COPY: PostgreSQL only (use upsert).")
    text = io.StringIO("\n".join(lines) + "\n")
    _copy_upsert(alias, model, fields, text, unique=unique, null=null)
    return len(lines)


def _copy_upsert(alias: str, model, fields, text: io.StringIO, *, unique, null: str) -> None:
    """`text` (COPY lines of `fields`) into a staging table, then into `model`'s table in one
    INSERT ... SELECT ... ON CONFLICT (`unique`) DO UPDATE."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f) for f in fields)
    # One staging table per connection, model and set of columns, kept for the session and
    # emptied after each use: a new table each call cost 2-5 ms a call (docs/adr/0010).
    staging = quote(f"upsert_{model._meta.db_table}_{zlib.crc32(columns.encode()):08x}")
    updates = ", ".join(f"{quote(f)} = EXCLUDED.{quote(f)}" for f in fields if f not in unique)
    # Three round trips: each is a wait in which a thread of the caller's gives up Python's
    # lock, and each return a wait to get it back (the RAG engine writes on a thread beside
    # its rating: indicators.status._store_pipelined). No savepoint of its own: a failure
    # rolls back the caller's transaction, or this one where there is none.
    with transaction.atomic(using=alias, savepoint=False), connection.cursor() as cursor:
        # names from the model, values by COPY
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608  # nosec B608
        )
        # `null` as a string literal, quoted by psycopg2; the text read in one piece
        copy = cursor.mogrify(f"COPY {staging} ({columns}) FROM STDIN WITH (NULL %s)", [null])
        cursor.cursor.copy_expert(copy.decode(), text, size=max(8192, len(text.getvalue())))
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} "  # noqa: S608  # nosec B608
            f"ON CONFLICT ({', '.join(quote(f) for f in unique)}) DO UPDATE SET {updates}; "
            f"TRUNCATE {staging}"
        )
