from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.returns import importers


class Command(BaseCommand):
    help = (
        "Import returns from a CSV or .xlsx file (indicator,period,value,commentary), all "
        "or nothing, as the given user; --submit submits them for approval too."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", required=True)
        parser.add_argument("--submit", action="store_true")

    def handle(self, *args, path, user, submit, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user called {user}.")
        file = Path(path)
        if not file.exists():
            raise CommandError(f"No file at {path}.")
        try:
            rows = importers.check(
                user=account, rows=importers.read_rows(name=file.name, content=file.read_bytes())
            )
        except importers.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        problems = [r for r in rows if r.errors]
        if problems:
            for row in problems:
                self.stderr.write(f"Row {row.number}: {' '.join(row.errors)}")
            raise CommandError(f"{len(problems)} rows have problems; nothing was saved.")
        try:
            saved = importers.save(user=account, rows=rows, submit=submit)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        state = "submitted" if submit else "saved as drafts"
        self.stdout.write(f"{len(saved)} returns {state}.")
