from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.real_figures import FRAMEWORK_DIR, RealFiguresError, real_figures_load


class Command(BaseCommand):
    help = (
        "Load the real figures the seed documents quote (fixtures/framework/real_figures.yaml) "
        "as approved, non-synthetic returns. Run after load_framework; running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(FRAMEWORK_DIR))

    def handle(self, *args, directory, **options):
        try:
            counter = real_figures_load(Path(directory))
        except RealFiguresError as exc:
            raise CommandError(str(exc)) from exc
        loaded = counter["real figures loaded"]
        self.stdout.write(
            f"Real figures loaded: {loaded}." if loaded else "Real figures: nothing changed."
        )
