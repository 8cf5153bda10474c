"""Fixtures for the scrutiny tests (the role users come from tests/conftest.py)."""

import pytest

from scrutiny.models import Meeting
from scrutiny.selectors import default_committee

from .factories import AgendaItemFactory, MeetingFactory, RecommendationFactory


@pytest.fixture
def committee(db):
    return default_committee()


@pytest.fixture
def meeting(committee):
    return MeetingFactory(committee=committee)


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting)


@pytest.fixture
def own_recommendation(item, officer):
    """A recommendation assigned to the `officer` fixture user."""
    return RecommendationFactory(item=item, contact_officer=officer)


@pytest.fixture
def others_recommendation(item, other_officer):
    return RecommendationFactory(item=item, contact_officer=other_officer)


@pytest.fixture
def seed_meeting(db):
    return Meeting.objects.get(date="2019-06-19")
