from datetime import date

from django.core.management.base import BaseCommand

from scrutiny.services import chase_digests_send


class Command(BaseCommand):
    help = (
        "Send today's scrutiny chase digests now (what the daily Celery job does). Safe to run "
        "again the same day: nobody gets an item twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = date.fromisoformat(options["date"]) if options.get("date") else None
        result = chase_digests_send(today=today)
        self.stdout.write(
            f"digests sent: {result.digests}; items: {result.items}; "
            f"already sent today: {result.already_sent}; "
            f"without an account to email: {result.without_account}"
        )
