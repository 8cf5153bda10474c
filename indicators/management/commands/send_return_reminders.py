from datetime import date

from django.core.management.base import BaseCommand, CommandError

from indicators.returns.reminders import reminders_send


class Command(BaseCommand):
    help = "Email owners about returns due soon or overdue; safe to run again the same day."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were YYYY-MM-DD")

    def handle(self, *args, date=None, **options):
        try:
            today = None if date is None else _parse(date)
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date}.") from exc
        self.stdout.write(f"Sent {reminders_send(today=today)} reminder emails.")


def _parse(text: str):
    return date.fromisoformat(text)
