"""Who may do what in the scrutiny API.

Board members, officers and performance leads read; scrutiny officers write. A contact officer
(officer role) may also change a recommendation or action assigned to them, and post updates
to it: the object check here, and the service, both hold that rule.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.permissions import role_permission
from core.roles import OFFICER, ROLES, SCRUTINY_OFFICER, has_role

# Committees, meetings, items, action plans, work programme, key decisions.
ScrutinyRecordPermission = role_permission(read=ROLES, write=(SCRUTINY_OFFICER,))


class OwnItemPermission(BasePermission):
    """Read: any role. Create: scrutiny officers. Change: scrutiny officers, or the officer
    the recommendation or action is assigned to (`owner_field` on the object)."""

    message = "Only a scrutiny officer, or the officer it is assigned to, may change this."
    owner_field = "contact_officer_id"

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return has_role(request.user, *ROLES)
        if request.method == "POST":
            return has_role(request.user, SCRUTINY_OFFICER)
        return has_role(request.user, SCRUTINY_OFFICER, OFFICER)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or has_role(request.user, SCRUTINY_OFFICER):
            return True
        return getattr(obj, self.owner_field, None) == request.user.pk


class OwnRecommendationPermission(OwnItemPermission):
    owner_field = "contact_officer_id"


class OwnActionPermission(OwnItemPermission):
    owner_field = "lead_id"


class UpdatePostPermission(BasePermission):
    """Dated updates are append-only: any role reads; scrutiny officers and officers post
    (the service checks an officer posts only on their own recommendation or action)."""

    message = "Only a scrutiny officer, or the officer it is assigned to, may post an update."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return has_role(request.user, *ROLES)
        return has_role(request.user, SCRUTINY_OFFICER, OFFICER)
