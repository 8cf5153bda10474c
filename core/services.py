"""Writes shared by every app: demo users; the error every versioned edit raises."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from .roles import BOARD_MEMBER, OFFICER, PERFORMANCE_LEAD, SCRUTINY_OFFICER, sync_role_permissions

# username, first name, last name, role. Two officers and two leads so that four-eyes
# approval (nobody approves their own return) can be shown with demo data.
DEMO_USERS = [
    ("demo.board", "Bola", "Member (demo)", BOARD_MEMBER),
    ("demo.officer", "Olivia", "Officer (demo)", OFFICER),
    ("demo.officer2", "Omar", "Officer (demo)", OFFICER),
    ("demo.lead", "Priya", "Lead (demo)", PERFORMANCE_LEAD),
    ("demo.lead2", "Peter", "Lead (demo)", PERFORMANCE_LEAD),
    ("demo.scrutiny", "Sam", "Scrutiny (demo)", SCRUTINY_OFFICER),
]


def role_group(role: str) -> Group:
    group = Group.objects.filter(name=role).first()
    if group is None:
        sync_role_permissions()
        group = Group.objects.get(name=role)
    return group


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
):
    """Create or update a user holding exactly one role."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = first_name, last_name
    user.email = email or f"{username}@manchester.example"
    if password:
        user.set_password(password)
    elif not user.password:  # a new user: no password until one is set
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(role_group(role))
    return user


def demo_users_seed(*, reveal_passwords: bool) -> list[tuple]:
    """Create the demo users. With reveal_passwords, set fresh random passwords to print."""
    result = []
    for username, first, last, role in DEMO_USERS:
        password = secrets.token_urlsafe(9) if reveal_passwords else None
        user = user_create_with_role(
            username=username, role=role, password=password, first_name=first, last_name=last
        )
        result.append((user, role, password))
    return result


class ConcurrentEditError(ValidationError):
    """The record changed since the editor loaded it: nothing was saved (the API answers 409)."""
