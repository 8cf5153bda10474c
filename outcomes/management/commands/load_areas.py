import csv
import io
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from outcomes.services import FrameworkDataError, areas_load

COLUMNS = ["code", "name", "kind", "parent"]


class Command(BaseCommand):
    help = (
        "Add or update areas (wards, say) from a CSV file with the columns code,name,kind,parent: "
        "kind is locality or ward, parent the code of the area it lies in (a ward's locality). "
        "All rows or none; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        reader = csv.DictReader(io.StringIO(text))
        if [c.strip().lower() for c in reader.fieldnames or []][:4] != COLUMNS:
            raise CommandError(f"The first row must be the headings {','.join(COLUMNS)}.")
        rows = []
        for number, row in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            if row["kind"] not in ("locality", "ward"):
                raise CommandError(f"Row {number}: kind must be locality or ward.")
            if not row["parent"]:
                raise CommandError(f"Row {number}: name the area {row['code']} lies in.")
            rows.append({**row, "source": Path(path).name})
        counter: Counter = Counter()
        try:
            with transaction.atomic():
                areas_load(counter, rows)
        except (FrameworkDataError, ValidationError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            f"areas created: {counter['areas created']}, updated: {counter['areas updated']}"
        )
