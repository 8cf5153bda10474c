"""Sign-in with the council's identity provider by OpenID Connect (mozilla-django-oidc).

Off unless OIDC_RP_CLIENT_ID is set (see config/settings/base.py and docs/security.md). The
provider's group claim decides the roles: each sign-in sets the user's role groups to exactly the
roles its groups map to (OIDC_ROLE_GROUPS), so a role removed at the provider is removed here at
the next sign-in. Nobody without a mapped role is signed in, and an account that is a superuser or
staff is never matched: administrators sign in with their password.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import checks
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .roles import ROLES

logger = logging.getLogger("audit")


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def parse_role_groups(text: str) -> dict[str, str]:
    """'Provider group=role; other group=role' -> {provider group: role}; unknown roles refused."""
    mapping = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        group, sep, role = part.rpartition("=")
        group, role = group.strip(), role.strip()
        if not sep or not group:
            raise ValueError(f"OIDC_ROLE_GROUPS: {part.strip()!r} is not 'group=role'.")
        if role not in ROLES:
            raise ValueError(
                f"OIDC_ROLE_GROUPS: {role!r} is not a role (one of {', '.join(ROLES)})."
            )
        mapping[group] = role
    return mapping


def roles_from_claims(claims: dict) -> set[str]:
    """The app roles the provider's group claim maps to (a list, or one string)."""
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list):
        return set()
    mapping = parse_role_groups(settings.OIDC_ROLE_GROUPS)
    return {mapping[g] for g in groups if isinstance(g, str) and g in mapping}


@checks.register(checks.Tags.security)
def check_oidc_settings(app_configs=None, **kwargs):
    """When OIDC is on, every endpoint is set and the group-to-role map reads."""
    if not enabled():
        return []
    errors = []
    for name in (
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    ):
        if not getattr(settings, name, ""):
            message = f"{name} must be set when OIDC_RP_CLIENT_ID is."
            errors.append(checks.Error(message, id="cbo.E101"))
    try:
        if not parse_role_groups(settings.OIDC_ROLE_GROUPS):
            errors.append(checks.Error("OIDC_ROLE_GROUPS maps no group to a role.", id="cbo.E102"))
    except ValueError as exc:
        errors.append(checks.Error(str(exc), id="cbo.E102"))
    return errors


class CouncilOIDCBackend(OIDCAuthenticationBackend):
    """The code flow of mozilla-django-oidc, with audience/issuer checks and roles from claims."""

    def authenticate(self, request, **kwargs):
        # Only the callback address runs the code flow: a password sign-in with ?code=&state= in
        # its address must not make this backend call the provider.
        if not enabled() or request is None:
            return None
        if request.path != reverse("oidc_authentication_callback"):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, ValueError, SuspiciousOperation) as exc:
            logger.warning("oidc sign-in failed: %s", type(exc).__name__)
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was not issued for this app.")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token was not issued by the council's provider.")
        return payload

    def verify_claims(self, claims):
        if not claims.get("email"):
            logger.warning("oidc sign-in refused: no email claim")
            return False
        if not roles_from_claims(claims):
            logger.warning("oidc sign-in refused: no role for user=%s", claims.get("email"))
            return False
        return True

    def filter_users_by_claims(self, claims):
        users = super().filter_users_by_claims(claims)
        return users.filter(is_superuser=False, is_staff=False, is_active=True)

    def create_user(self, claims):
        user = super().create_user(claims)
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        user.first_name = str(claims.get("given_name", user.first_name))[:150]
        user.last_name = str(claims.get("family_name", user.last_name))[:150]
        user.save(update_fields=["first_name", "last_name"])
        wanted = roles_from_claims(claims)
        held = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        if held - wanted:
            user.groups.remove(*Group.objects.filter(name__in=held - wanted))
        if wanted - held:
            user.groups.add(*Group.objects.filter(name__in=wanted - held))
        if held != wanted:
            logger.info(
                "oidc roles user=%s roles=%s (were %s)",
                user.get_username(),
                ",".join(sorted(wanted)),
                ",".join(sorted(held)) or "-",
            )
        return user


class CallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self):
        return reverse("login") + "?oidc=failed"


def _only_when_enabled(view):
    def wrapped(request, *args, **kwargs):
        if not enabled():
            raise Http404("Sign-in with the council's identity provider is not set up.")
        return view(request, *args, **kwargs)

    return wrapped


authenticate_view = _only_when_enabled(OIDCAuthenticationRequestView.as_view())
callback_view = _only_when_enabled(CallbackView.as_view())
