from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, database_settings, restore


class Command(BaseCommand):
    help = (
        "Restore a file written by backup_db into the database (DATABASE_URL, or "
        "--database-url), replacing the tables it holds. Asks first unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by backup_db")
        parser.add_argument("--database-url", help="restore into this database instead")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, database_url=None, yes=False, **options):
        name = database_settings(database_url)["NAME"]
        if not yes:
            answer = input(f"Replace the tables of database {name!r} with {path}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Restore cancelled.")
        try:
            restore(path, url=database_url)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {path} into {name!r}")
