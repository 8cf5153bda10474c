from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.seed import scrutiny_seed_load
from scrutiny.services import SCRUTINY_DIR, ScrutinyDataError


class Command(BaseCommand):
    help = (
        "Load the scrutiny records of seed 004 (committee, meetings, Recommendations Monitor, "
        "HMIP action plan, work programme, key decisions) from fixtures/scrutiny. Safe to run "
        "again: it changes nothing, and never overwrites a response or status entered since."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(SCRUTINY_DIR))

    def handle(self, *args, directory, **options):
        try:
            counter = scrutiny_seed_load(directory=Path(directory))
        except ScrutinyDataError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] < 1:
            return
        if not counter:
            self.stdout.write("Scrutiny records already up to date: nothing changed.")
        for key, count in sorted(counter.items()):
            self.stdout.write(f"{key}: {count}")
