from django.apps import AppConfig

# The version of everything the scrutiny pages read (core.versions): every save or delete of a
# scrutiny record, and every change to a many-to-many link between them, makes a new one.
VERSION_KEY = "scrutiny:version"


def _changed(sender, **kwargs) -> None:
    from core import versions

    if getattr(getattr(sender, "_meta", None), "app_label", "") == "scrutiny":
        versions.changed(VERSION_KEY)


class ScrutinyConfig(AppConfig):
    name = "scrutiny"
    verbose_name = "Scrutiny"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_changed, dispatch_uid=f"scrutiny-version-{signal}")
