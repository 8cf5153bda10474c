from django.core.management.base import BaseCommand, CommandError

from indicators import periods as cal
from indicators import status


class Command(BaseCommand):
    help = "Compute RAG statuses: for one period (and what depends on it) or everything."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--period", help="a period code, e.g. FY2019-20-Q2 or 2019-05")
        group.add_argument("--all", action="store_true", help="recompute every period")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="with --all: queue the recompute to the heavy workers, in parts, and return",
        )

    def handle(self, *args, period=None, all=False, queue=False, **options):
        if queue and not all:
            raise CommandError("--queue goes with --all.")
        if all and queue:
            from indicators.tasks import recompute_all

            parts = recompute_all()  # here: it only queues the parts
            self.stdout.write(f"Queued the full recompute in {parts} parts (heavy queue).")
            return
        if all:
            rows = status.statuses_recompute()
            self.stdout.write(f"Recomputed the statuses: {rows} rows written (changed or new).")
            return
        try:
            cal.parse(period)
        except cal.PeriodError as exc:
            raise CommandError(str(exc)) from exc
        rows = status.status_compute_period(period_code=period)
        self.stdout.write(
            f"Computed the statuses of {period} and the periods it feeds: {rows} rows written."
        )
