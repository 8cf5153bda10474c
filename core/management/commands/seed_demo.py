import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from core.roles import ROLE_LABELS
from core.services import demo_users_seed


class Command(BaseCommand):
    help = (
        "Create one demo user per role and each app's clearly labelled demo data. "
        "With DJANGO_DEBUG on, prints fresh passwords for the demo users."
    )

    def handle(self, *args, **options):
        reveal = settings.DEBUG
        seeded = demo_users_seed(reveal_passwords=reveal)
        users = {role: user for user, role, _ in reversed(seeded)}
        all_users = [user for user, _, _ in seeded]
        # Each app may offer <app>.demo.seed(users=..., all_users=..., stdout=...), run in
        # the order of its ORDER (default 50): the Board's packs need the indicators' figures.
        modules = []
        for app_config in apps.get_app_configs():
            try:
                modules.append(importlib.import_module(f"{app_config.name}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
        for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 50)):
            module.seed(users=users, all_users=all_users, stdout=self.stdout)
        if not reveal:
            self.stdout.write(
                "Demo users exist. Passwords are never printed with DJANGO_DEBUG off: "
                "set one with `python manage.py changepassword USERNAME`."
            )
            return
        self.stdout.write(
            self.style.SUCCESS("\nDemo logins (DEMO DATA ONLY - new passwords each run):")
        )
        for user, role, password in seeded:
            self.stdout.write(
                f"  {ROLE_LABELS[role]:<18} username: {user.username:<15} password: {password}"
            )
