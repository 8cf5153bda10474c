from django.apps import AppConfig

# The version of everything the scrutiny pages read (core.versions): every save or delete of a
# scrutiny record, and every change to a many-to-many link between them, makes a new one.
VERSION_KEY = "scrutiny:version"


class ScrutinyConfig(AppConfig):
    name = "scrutiny"
    verbose_name = "Scrutiny"

    def ready(self):
        from core import versions

        versions.track_apps(VERSION_KEY, {"scrutiny"})
