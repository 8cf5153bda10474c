"""The audit log: sign-in, sign-out, failed sign-in, lockout and token issue, one line each.

Written to the "audit" logger (see LOGGING), besides django-axes' AccessLog and
AccessFailureLog tables (admin: Axes). Passwords are never logged.
"""

import logging

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("audit")


def _where(request) -> str:
    if request is None:
        return "ip=- path=-"
    try:
        ip = get_client_ip_address(request)
    except Exception:  # pragma: no cover - a request without META
        ip = None
    return f"ip={ip or '-'} path={getattr(request, 'path', '-')}"


@receiver(user_logged_in, dispatch_uid="audit_logged_in")
def _logged_in(sender, request, user, **kwargs):
    logger.info("sign-in user=%s %s", user.get_username(), _where(request))


@receiver(user_logged_out, dispatch_uid="audit_logged_out")
def _logged_out(sender, request, user, **kwargs):
    name = user.get_username() if user is not None else "-"
    logger.info("sign-out user=%s %s", name, _where(request))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    logger.warning(
        "sign-in failed user=%s %s", (credentials or {}).get("username", "-"), _where(request)
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    logger.warning("locked out user=%s ip=%s", username or "-", ip_address or "-")


def token_issued(request, user, *, created: bool) -> None:
    logger.info(
        "api token %s user=%s %s",
        "issued" if created else "reused",
        user.get_username(),
        _where(request),
    )
