"""Whole pages kept in the cache per reader (issue 13): the Board's most-read pages (the
dashboard, an indicator page, the Monitor) are served on a repeat request without rendering
anything, not even the header and navigation around their cached body.

A page is kept under a key made of what its caller says it reads (versions of the data, the
day, the chosen filters) and of everything the layout shows that differs between readers
(base.html and core.context_processors.site): the user, their name and roles, the address and
the navigation, the demo banner. Two readers never share a page.

What differs per response is not kept: the CSRF token. A page is rendered with one masked
token, stored split around it, and served joined with a freshly masked token of the reader's
own secret, as Django renders every page (the masking that guards against BREACH holds). A
page that carries a CSP nonce, or renders while a message is waiting to be shown, is never
kept (a message is shown once; a nonce is per response).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render

from .context_processors import site
from .roles import user_roles
from .versions import cache_key


def _reader(request: HttpRequest) -> list:
    """What the layout shows that differs between readers and addresses."""
    user = request.user
    return [
        user.pk,
        user.get_full_name() or user.get_username(),
        # a superuser holds every role (core.roles.has_role): no query for their groups
        ["*"] if user.is_superuser else sorted(user_roles(user)),
        # the address without its query: what the query chooses is in the caller's parts,
        # cleaned (a made-up query string does not make another copy of the page)
        request.path,
        repr(sorted(site(request).items())),
    ]


def key_for(request: HttpRequest, parts: Iterable) -> str:
    """The cache key of `request`'s page at `parts` (the caller's versions, day, and the
    choices its query makes, cleaned)."""
    return cache_key("page", [*parts, "\x1e", *_reader(request)])


def _messages_waiting(request: HttpRequest) -> bool:
    return len(get_messages(request)) > 0  # len() reads them without marking them shown


def serve(
    request: HttpRequest,
    *,
    parts: Iterable,
    build: Callable[[], tuple[str, dict]],
    timeout: int,
) -> HttpResponse:
    """`request`'s page: from the cache when this reader has had it at these `parts`; else
    `build()` gives (template name, context), which is rendered, kept and returned."""
    if not request.user.is_authenticated or _messages_waiting(request):
        template, context = build()
        return render(request, template, context)
    key = key_for(request, parts)
    stored = cache.get(key)
    if stored is not None:
        return HttpResponse(get_token(request).join(stored))
    template, context = build()
    token = get_token(request)  # the context's token, so that the page can be split on it
    response = render(request, template, {**context, "csrf_token": token})
    html = response.content.decode()
    if response.status_code == 200 and "nonce=" not in html:
        cache.set(key, html.split(token), timeout=timeout)
    return response
