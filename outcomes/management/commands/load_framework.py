from django.core.management.base import BaseCommand, CommandError

from outcomes.services import FRAMEWORK_DIR, FrameworkDataError, framework_load


class Command(BaseCommand):
    help = (
        "Load the outcomes framework (plans, themes, priorities, strategies, indicators, "
        "targets, periods) from fixtures/framework. Safe to run again: it changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(FRAMEWORK_DIR))

    def handle(self, *args, directory, **options):
        from pathlib import Path

        try:
            counter = framework_load(directory=Path(directory))
        except FrameworkDataError as exc:
            raise CommandError(str(exc)) from exc
        if not counter:
            self.stdout.write("Framework already up to date: nothing changed.")
        for key, count in sorted(counter.items()):
            self.stdout.write(f"{key}: {count}")
