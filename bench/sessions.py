"""A signed-in session for a user, made directly in the session store: what the benchmarks,
the load runs and the screenshot script send as their cookie (never used by the app).

    from bench.sessions import session_key      # with the repository on sys.path
    session_key(user) -> "abc123…"              # the value of the session cookie
    .venv/bin/python bench/sessions.py ROLE     # prints the cookie of the first user holding
                                                # ROLE (board_member, officer, …)
"""

from __future__ import annotations

import sys


def session_key(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def first_with_role(role: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=role).order_by("pk").first()


if __name__ == "__main__":
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings

    print(f"{settings.SESSION_COOKIE_NAME}={session_key(first_with_role(sys.argv[1]))}")
