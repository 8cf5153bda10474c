"""DRF permission classes by role, shared by every app's API."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import BOARD_MEMBER, OFFICER, PERFORMANCE_LEAD, ROLES, SCRUTINY_OFFICER, has_role


class HasAnyRole(BasePermission):
    """Any signed-in user holding one of the four roles (or a superuser)."""

    message = "You need a Children's Board Outcomes role to use this."

    def has_permission(self, request, view):
        return has_role(request.user, *ROLES)


def role_permission(*, read: tuple[str, ...] = ROLES, write: tuple[str, ...] = ()) -> type:
    """A permission class: `read` roles may use safe methods, `write` roles anything."""

    class _RolePermission(BasePermission):
        message = "Your role does not allow this."

        def has_permission(self, request, view):
            allowed = read if request.method in SAFE_METHODS else write
            return bool(allowed) and has_role(request.user, *allowed)

    _RolePermission.__name__ = f"RolePermission_{'_'.join(read)}__{'_'.join(write) or 'none'}"
    return _RolePermission


ReadOnlyForRoles = role_permission()
__all__ = [
    "BOARD_MEMBER",
    "OFFICER",
    "PERFORMANCE_LEAD",
    "SCRUTINY_OFFICER",
    "HasAnyRole",
    "ReadOnlyForRoles",
    "role_permission",
]
