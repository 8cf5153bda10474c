"""The four roles, held as Django groups, and the model permissions each carries."""

from __future__ import annotations

from collections.abc import Iterable

BOARD_MEMBER = "board_member"
OFFICER = "officer"
PERFORMANCE_LEAD = "performance_lead"
SCRUTINY_OFFICER = "scrutiny_officer"
ROLES = (BOARD_MEMBER, OFFICER, PERFORMANCE_LEAD, SCRUTINY_OFFICER)

ROLE_LABELS = {
    BOARD_MEMBER: "Board member",
    OFFICER: "Officer",
    PERFORMANCE_LEAD: "Performance lead",
    SCRUTINY_OFFICER: "Scrutiny officer",
}

# app_label -> actions each role holds on every model of that app ("view", "add", "change",
# "delete"). Finer rules (own returns only, four-eyes approval) live in services/permissions.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    BOARD_MEMBER: {
        "outcomes": ("view",),
        "strategies": ("view",),
        "indicators": ("view",),
        "scrutiny": ("view",),
    },
    OFFICER: {
        "outcomes": ("view",),
        "strategies": ("view",),
        "indicators": ("view", "add", "change"),
        "scrutiny": ("view", "change"),
    },
    PERFORMANCE_LEAD: {
        "outcomes": ("view", "add", "change", "delete"),
        "strategies": ("view", "add", "change"),
        "indicators": ("view", "add", "change", "delete"),
        "scrutiny": ("view",),
    },
    SCRUTINY_OFFICER: {
        "outcomes": ("view",),
        "strategies": ("view",),
        "indicators": ("view",),
        "scrutiny": ("view", "add", "change", "delete"),
    },
}


def user_roles(user) -> set[str]:
    """The role names a user holds (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._role_cache = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """True if the user holds any of the roles; a superuser may act as any role."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & set(roles))


def sync_role_permissions(sender=None, using: str = "default", **kwargs) -> None:
    """Create the role groups and give each exactly the permissions ROLE_PERMISSIONS lists."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = kwargs.get("apps") or global_apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=global_apps)
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = _permissions_for(Permission, grants.items(), using)
        group.permissions.set(wanted)


def _permissions_for(Permission, grants: Iterable[tuple[str, tuple[str, ...]]], using: str):
    ids = []
    for app_label, actions in grants:
        for perm in Permission.objects.using(using).filter(content_type__app_label=app_label):
            if perm.codename.split("_", 1)[0] in actions:
                ids.append(perm.pk)
    return ids
