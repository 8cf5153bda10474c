"""API tokens that expire: older than API_TOKEN_TTL_HOURS they are refused (401)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def token_expired(token) -> bool:
    return token.created < timezone.now() - timedelta(hours=settings.API_TOKEN_TTL_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's TokenAuthentication, refusing tokens issued more than API_TOKEN_TTL_HOURS ago.

    POST /api/token/ again for a fresh one: an expired token is replaced, never renewed.
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed("Token has expired: request a new one.")
        return user, token
