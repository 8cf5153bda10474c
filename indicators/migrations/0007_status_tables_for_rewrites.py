"""The stored statuses' tables set up for the RAG engine's rewrites (issue 13,
docs/performance.md "Eighth pass").

- No index of the indicator alone on either table: each unique constraint's index leads with
  the indicator, and serves every lookup by it; an index is one more write for each row a
  recompute inserts or moves.
- On PostgreSQL, each table's pages filled to 60% (fillfactor), leaving room in the page for a
  row's next version: a recompute changes none of the indexed columns (id, indicator, area,
  period), so a rewritten row that fits in its page is a heap-only tuple (HOT) update, with no
  new entry in any index. Pages already written keep their rows until they are rewritten
  (VACUUM FULL does it at once; docs/scaling.md).
"""

import django.db.models.deletion
from django.db import migrations, models

STATUS_TABLES = ("indicators_indicatorstatus", "indicators_areastatus")
FILLFACTOR = 60  # bench/recompute_fillfactor.py: 100, 80, 70, 60 and 50 measured side by side


def _fillfactor(schema_editor, percent: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no such setting
    for table in STATUS_TABLES:
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(table)} SET (fillfactor = {int(percent)})"
        )


def leave_room(apps, schema_editor):
    _fillfactor(schema_editor, FILLFACTOR)


def fill_pages(apps, schema_editor):
    _fillfactor(schema_editor, 100)  # PostgreSQL's default


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_areas"),
    ]

    operations = [
        migrations.AlterField(
            model_name="areastatus",
            name="indicator",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="area_statuses",
                to="indicators.indicator",
            ),
        ),
        migrations.AlterField(
            model_name="indicatorstatus",
            name="indicator",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="statuses",
                to="indicators.indicator",
            ),
        ),
        migrations.RunPython(leave_room, fill_pages, elidable=False),
    ]
