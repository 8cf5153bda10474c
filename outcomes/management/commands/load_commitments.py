from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outcomes.commitments import FRAMEWORK_DIR, CommitmentsError, commitments_load


class Command(BaseCommand):
    help = (
        "Load the dated commitments the documents make (fixtures/framework/commitments.yaml, "
        "seed 002) as Board actions with no session. Run after load_framework; running it "
        "again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(FRAMEWORK_DIR))

    def handle(self, *args, directory, **options):
        try:
            counter = commitments_load(Path(directory))
        except CommitmentsError as exc:
            raise CommandError(str(exc)) from exc
        if not counter:
            self.stdout.write("Commitments: nothing changed.")
        for key, count in sorted(counter.items()):
            self.stdout.write(f"{key}: {count}")
