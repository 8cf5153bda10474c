from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .audit import token_issued
from .authentication import token_expired
from .lockout import lockout_response
from .throttling import TokenRateThrottle


class ObtainTokenView(ObtainAuthToken):
    """POST username and password; returns {"token": ...} for the Authorization header.

    Tokens expire API_TOKEN_TTL_HOURS after issue; asking again after that gives a new one.
    Failed attempts count towards django-axes' lockout; requests are throttled ("token").
    """

    throttle_classes = [TokenRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes flags the request it was given (DRF's), so answer its lockout here.
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request._request)
            raise ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        token, created = Token.objects.get_or_create(user=user)
        if not created and token_expired(token):
            token.delete()
            token, created = Token.objects.create(user=user), True
        token_issued(request, user, created=created)
        return Response({"token": token.key})
