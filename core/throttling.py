"""API rate limits: writes per user (scope "write"); /api/token/ per client ("token")."""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle


class _RatesFromSettings:
    """Read the rate when asked (DRF reads it once at import), so settings changes apply."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class WriteRateThrottle(_RatesFromSettings, UserRateThrottle):
    """POST/PUT/PATCH/DELETE per signed-in user (per IP address when anonymous); reads free."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class TokenRateThrottle(_RatesFromSettings, ScopedRateThrottle):
    """Every request to the token endpoint counts, per client IP address."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
