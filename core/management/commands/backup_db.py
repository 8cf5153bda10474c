from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file (PostgreSQL: pg_dump custom format; SQLite: a "
        "copy made with SQLite's online backup). Default: BACKUP_DIR/<name>-<date-time>.dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="the file to write (default: in BACKUP_DIR)")
        parser.add_argument("--database-url", help="another database than DATABASE_URL")

    def handle(self, *args, output=None, database_url=None, **options):
        try:
            path = backup(output, url=database_url)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes)")
