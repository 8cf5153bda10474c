"""The API's one pagination class: ?limit= and ?offset= are bounded, bad values fall back."""

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """LimitOffsetPagination with a ceiling on both numbers.

    `?limit=` above API_MAX_LIMIT gives API_MAX_LIMIT rows; a malformed, zero or negative
    limit gives the default page (PAGE_SIZE). `?offset=` above API_MAX_OFFSET is cut to it,
    so a huge number never reaches the database (SQLite and PostgreSQL both refuse integers
    beyond 64 bits with a 500); a malformed or negative offset is 0.
    """

    @property
    def max_limit(self) -> int:
        return settings.API_MAX_LIMIT

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), settings.API_MAX_OFFSET)
