import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, PeriodicTask

SCHEDULES = [
    # name, task, minute, hour
    ("Nightly RAG recompute of open periods", "indicators.recompute_open_periods", "30", "2"),
    ("Daily return reminders", "indicators.send_return_reminders", "0", "7"),
    # Faults lose nothing (docs/security.md): jobs the broker could not take when they were
    # queued wait in the outbox until this sends them; packs whose job stopped are failed.
    ("Send waiting jobs from the outbox", "core.send_outbox", "*", "*"),
    ("Fail Board packs whose job stopped", "outcomes.fail_stale_packs", "*/5", "*"),
]


class Command(BaseCommand):
    help = "Create or update the Celery beat schedules (django-celery-beat). Safe to run again."

    def handle(self, *args, **options):
        for name, task, minute, hour in SCHEDULES:
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                timezone="Europe/London",
            )
            PeriodicTask.objects.update_or_create(
                name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
            )
            if hour != "*":
                when = f"at {hour}:{minute.zfill(2)} Europe/London"
            elif minute == "*":
                when = "every minute"
            else:  # "*/5"
                when = f"every {minute.removeprefix('*/')} minutes"
            self.stdout.write(f"{name}: {task} {when}")
        for app_config in apps.get_app_configs():
            try:
                services = importlib.import_module(f"{app_config.name}.services")
            except ModuleNotFoundError:
                continue
            if hasattr(services, "schedule_setup"):
                services.schedule_setup()
                self.stdout.write(f"{app_config.label}: schedules set up")
