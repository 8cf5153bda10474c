from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.benchmarks import services as benchmarks
from indicators.returns.importers import ImportFileError


class Command(BaseCommand):
    help = (
        "Import benchmarks from a CSV or .xlsx file (indicator,period,comparator,value,"
        "quartile,source), all or nothing, as the given performance lead."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", required=True)
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")

    def handle(self, *args, path, user, dry_run, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user called {user}.")
        file = Path(path)
        if not file.exists():
            raise CommandError(f"No file at {path}.")
        try:
            rows = benchmarks.import_check(name=file.name, content=file.read_bytes())
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        problems = [r for r in rows if r.errors]
        for row in problems:
            self.stderr.write(f"Row {row.number}: {' '.join(row.errors)}")
        if problems:
            raise CommandError(f"{len(problems)} rows have problems; nothing was saved.")
        if dry_run:
            self.stdout.write(f"{len(rows)} rows checked; nothing saved (dry run).")
            return
        try:
            saved = benchmarks.import_save(user=account, rows=rows)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"{saved} benchmarks saved.")
