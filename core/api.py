"""API pieces every app shares: one mapping from a service's errors to HTTP answers, and one
viewset shape for records written through services."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response

from .audit import token_issued
from .authentication import token_expired
from .lockout import lockout_response
from .services import ConcurrentEditError
from .throttling import TokenRateThrottle


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def service_call(fn: Callable, **kwargs):
    """Call a service, turning its Django errors into API answers of one shape: a stale edit is
    409 `{"detail": "..."}`; a refusal 403; bad input 400 `{"field": [...]}`, or
    `{"detail": [...]}` when the message names no field."""
    try:
        return fn(**kwargs)
    except ConcurrentEditError as exc:
        raise Conflict(" ".join(exc.messages)) from exc
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        raise serializers.ValidationError(detail) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from exc


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, retrieve, create (POST) and change (PATCH) records through services. No PUT, no
    DELETE: records are kept. A subclass names its serializers and services:

        create_service = staticmethod(services.meeting_create)   # (user=..., **data)
        update_service = staticmethod(services.meeting_update)   # (meeting=obj, user=..., **data)
        instance_arg = "meeting"

    and may override perform_service_create / perform_service_update where a write needs more
    than that."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    output_serializer_class: type[serializers.Serializer]
    create_input_serializer_class: type[serializers.Serializer] | None = None
    update_input_serializer_class: type[serializers.Serializer] | None = None
    create_service: Callable | None = None
    update_service: Callable | None = None
    instance_arg = "instance"

    def get_serializer_class(self):
        return self.output_serializer_class

    def _output(self, obj, code=status.HTTP_200_OK):
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(
            self.output_serializer_class(obj, context=self.get_serializer_context()).data,
            status=code,
        )

    def create(self, request, *args, **kwargs):
        data = self._validated(self.create_input_serializer_class, request.data)
        obj = self.perform_service_create(data)
        return self._output(obj, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        obj = self.perform_service_update(instance, request)
        return self._output(obj)

    def _validated(self, serializer_class, data, partial=False) -> dict:
        serializer = serializer_class(
            data=data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def perform_service_create(self, data):
        return service_call(self.create_service, user=self.request.user, **data)

    def perform_service_update(self, instance, request):
        data = self._validated(self.update_input_serializer_class, request.data, partial=True)
        return service_call(
            self.update_service, **{self.instance_arg: instance}, user=self.request.user, **data
        )


def document_writes(create_input, update_input, output):
    """OpenAPI: document each write with its own input serializer and the output."""
    return extend_schema_view(
        create=extend_schema(request=create_input, responses={201: output}),
        partial_update=extend_schema(request=update_input, responses={200: output}),
    )


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
