from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import sync_role_permissions

        # Model permissions exist only after every app has migrated, so roles are
        # (re)synchronised after each migrate as well as by the data migration.
        post_migrate.connect(sync_role_permissions, dispatch_uid="core.sync_role_permissions")
        # The audit log's signal receivers (sign-in, sign-out, failures, lockouts), and the
        # OpenAPI types drf-spectacular cannot infer.
        from . import audit, oidc  # noqa: F401
        from .schema import annotate_filters

        annotate_filters()
        # After each request, jobs waiting in the outbox (broker was down) are sent, at most
        # every OUTBOX_FLUSH_SECONDS per process (core/jobs.py).
        from django.core.signals import request_finished

        from .jobs import flush_after_request

        request_finished.connect(flush_after_request, dispatch_uid="core.outbox_flush")
        # Page caches keyed on the framework's version (core/versions.py): every record of
        # the indicators, outcomes and strategies apps saved or deleted makes a new one.
        from . import versions

        versions.track_apps(versions.FRAMEWORK, {"indicators", "outcomes", "strategies"})
