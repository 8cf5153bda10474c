"""Scrutiny pages through the Django test client: who sees what, the forms, the links."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator
from scrutiny import rules, selectors
from scrutiny.models import Action, Meeting, Recommendation
from tests.factories import IndicatorFactory

from .factories import ActionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = ["board_member", "officer", "performance_lead", "scrutiny_officer"]
READ_PAGES = [
    ("scrutiny:home", []),
    ("scrutiny:monitor", []),
    ("scrutiny:monitor_print", []),
    ("scrutiny:my_items", []),
    ("scrutiny:meeting_list", []),
    ("scrutiny:action_plan_list", []),
    ("scrutiny:action_plan_detail", ["HMIP-YJ-2019"]),
    ("scrutiny:action_plan_print", ["HMIP-YJ-2019"]),
    ("scrutiny:work_programme", []),
    ("scrutiny:key_decisions", []),
    ("scrutiny:committee", []),
]


@pytest.mark.parametrize("role_user", ROLE_FIXTURES)
@pytest.mark.parametrize(("name", "args"), READ_PAGES)
def test_every_role_reads_the_pages(request, client, role_user, name, args):
    client.force_login(request.getfixturevalue(role_user))
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert b'<main class="govuk-main-wrapper" id="main-content">' in response.content


def test_pages_need_a_sign_in(client):
    response = client.get(reverse("scrutiny:monitor"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role_user", ["board_member", "officer", "performance_lead"])
def test_only_scrutiny_officers_record_meetings(request, client, role_user, seed_meeting):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(reverse("scrutiny:meeting_create")).status_code == 403
    assert client.get(reverse("scrutiny:item_create", args=[seed_meeting.pk])).status_code == 403
    rec = Recommendation.objects.first()
    assert client.get(reverse("scrutiny:recommendation_edit", args=[rec.pk])).status_code == 403


def test_home_shows_the_chase_list_to_scrutiny_officers(client, scrutiny_officer, officer, item):
    today = timezone.localdate()
    RecommendationFactory(
        item=item,
        text="To request the overdue briefing.",
        contact_officer=officer,
        due_date=today - timedelta(days=2),
    )
    client.force_login(scrutiny_officer)
    content = client.get(reverse("scrutiny:home")).content.decode()
    assert 'id="chase-list"' in content
    assert "To request the overdue briefing." in content
    assert "Overdue" in content
    client.force_login(officer)
    assert (
        "To request the overdue briefing."
        not in client.get(reverse("scrutiny:home")).content.decode()
    )


def test_monitor_shows_the_overview_report_columns_and_filters(client, board_member):
    client.force_login(board_member)
    content = client.get(reverse("scrutiny:monitor")).content.decode()
    for header in ("Date", "Item", "Recommendation", "Action", "Contact Officer"):
        assert f'<th scope="col" class="govuk-table__header">{header}</th>' in content
    assert "11 recommendations" in content
    assert "Michelle Devine, Interim Head of Access" in content
    closed = client.get(reverse("scrutiny:monitor"), {"state": "closed"}).content.decode()
    assert "4 recommendations" in closed
    officer = client.get(reverse("scrutiny:monitor"), {"officer": "Rachel McKeon"}).content.decode()
    assert "3 recommendations" in officer
    meeting = Meeting.objects.get(date="2019-06-19")
    by_meeting = client.get(reverse("scrutiny:monitor"), {"meeting": meeting.pk}).content.decode()
    assert "3 recommendations" in by_meeting
    by_year = client.get(reverse("scrutiny:monitor"), {"year": "2018"}).content.decode()
    assert "4 recommendations" in by_year
    overdue = client.get(reverse("scrutiny:monitor"), {"overdue": "on"}).content.decode()
    assert "0 recommendations" in overdue


def test_monitor_query_count_does_not_grow(client, board_member, item, officer, settings):
    settings.OUTBOX_FLUSH_SECONDS = 10**9  # no outbox check after a request inside the counts
    client.force_login(board_member)
    url = reverse("scrutiny:monitor")
    client.get(url)
    cache.clear()  # both counts of a Monitor rendered afresh (a repeat is served cached)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    RecommendationFactory.create_batch(15, item=item, contact_officer=officer)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_action_plan_page_shows_rag_words_and_every_action(client, board_member):
    client.force_login(board_member)
    content = client.get(
        reverse("scrutiny:action_plan_detail", args=["HMIP-YJ-2019"])
    ).content.decode()
    assert content.count('id="action-') == 15
    assert content.count('class="govuk-table__row" id="action-') == 15
    for n in range(1, 6):
        assert f'id="recommendation-{n}"' in content
    assert "app-rag--red" in content and "Red" in content
    assert "Richard Munns, Corporate Property" in content
    assert "June 2019" in content


def test_record_a_meeting_then_an_item_with_a_recommendation(client, scrutiny_officer, officer):
    client.force_login(scrutiny_officer)
    response = client.post(
        reverse("scrutiny:meeting_create"),
        {"date": "2032-09-04", "time": "10.00 am", "venue": "Council Antechamber"},
    )
    meeting = Meeting.objects.get(date="2032-09-04")
    assert response["Location"] == reverse("scrutiny:meeting_detail", args=[meeting.pk])
    data = {
        "item-ref": "CYP/32/40",
        "item-title": "School Attendance",
        "item-report_of": "Director of Education",
        "item-executive_member": "Councillor Bridges",
        "decisions-TOTAL_FORMS": "3",
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "20",
        "decisions-0-text": "To note the report.",
        "decisions-1-text": "To request attendance figures by ward.",
        "decisions-1-is_recommendation": "on",
        "decisions-1-contact_officer": str(officer.pk),
        "decisions-1-contact_officer_post": "Head of Attendance",
        "decisions-1-due_date": "2032-10-01",
        "decisions-2-text": "",
    }
    response = client.post(reverse("scrutiny:item_create", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()
    rec = Recommendation.objects.get(item__ref="CYP/32/40")
    assert rec.contact_officer == officer
    assert rec.status == rules.AWAITING_RESPONSE
    assert rec.item.decisions.count() == 2
    page = client.get(reverse("scrutiny:meeting_detail", args=[meeting.pk])).content.decode()
    assert "CYP/32/40 School Attendance" in page


def test_item_form_shows_errors(client, scrutiny_officer, officer, seed_meeting):
    client.force_login(scrutiny_officer)
    data = {
        "item-ref": "",
        "item-title": "",
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "20",
        "decisions-0-text": "",
        "decisions-0-is_recommendation": "on",
    }
    response = client.post(reverse("scrutiny:item_create", args=[seed_meeting.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: " in content
    assert "govuk-error-summary" in content
    assert "Decision 1: Enter the decision" in content


def test_contact_officer_responds_through_the_page(client, officer, own_recommendation):
    client.force_login(officer)
    mine = client.get(reverse("scrutiny:my_items")).content.decode()
    assert own_recommendation.text in mine
    url = reverse("scrutiny:recommendation_respond", args=[own_recommendation.pk])
    response = client.post(url, {"text": "Circulated to Members.", "status": "completed"})
    assert response.status_code == 302
    own_recommendation.refresh_from_db()
    assert (own_recommendation.status, own_recommendation.action) == (
        "completed",
        "Circulated to Members.",
    )
    detail = client.get(reverse("scrutiny:recommendation_detail", args=[own_recommendation.pk]))
    assert "Circulated to Members." in detail.content.decode()


@pytest.mark.parametrize("role_user", ["other_officer", "board_member", "performance_lead"])
def test_nobody_else_may_respond(request, client, role_user, own_recommendation):
    client.force_login(request.getfixturevalue(role_user))
    url = reverse("scrutiny:recommendation_respond", args=[own_recommendation.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "x", "status": "completed"}).status_code == 403


def test_lead_adds_a_progress_update_through_the_page(client, officer, other_officer):
    action = ActionFactory(lead=officer)
    url = reverse("scrutiny:action_progress", args=[action.pk])
    client.force_login(other_officer)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert 'list="id_period_months"' in page and "<datalist" in page  # typed or chosen
    response = client.post(url, {"period": "2032-01", "text": "Started.", "status": "ongoing"})
    assert response.status_code == 302
    typed = client.post(url, {"period": "February 2032", "text": "Next.", "status": "ongoing"})
    assert typed.status_code == 302
    bad = client.post(url, {"period": "January", "text": "x", "status": "ongoing"})
    assert "Enter the month the update reports on, like October 2026" in bad.content.decode()
    updates = Action.objects.get(pk=action.pk).updates.order_by("period")
    assert [u.period for u in updates] == ["2032-01", "2032-02"]


def test_scrutiny_officer_edits_assigns_and_links(client, scrutiny_officer, officer, item):
    indicator = Indicator.objects.create(
        code="TEST-EXCL",
        name="Test exclusions",
        definition="A test indicator.",
        unit="count",
        polarity="lower",
        frequency="annual",
        source="test",
    )
    rec = RecommendationFactory(item=item)
    client.force_login(scrutiny_officer)
    response = client.post(
        reverse("scrutiny:recommendation_edit", args=[rec.pk]),
        {
            "text": rec.text,
            "contact_officer": officer.pk,
            "contact_officer_name": "",
            "contact_officer_post": "Head of Inclusion",
            "due_date": "2032-05-01",
            "status": "response_requested",
            "action": "Requested from the service.",
            "indicators": [indicator.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    rec.refresh_from_db()
    assert rec.contact_officer == officer
    assert rec.contact_officer_name == "Otto Officer"
    assert list(rec.indicators.all()) == [indicator]
    assert rec.updates.get().status == "response_requested"


def test_indicator_page_include_lists_linked_recommendations_and_actions(item):
    indicator = IndicatorFactory(code="TEST-LINKED", name="Linked")
    rec = RecommendationFactory(item=item, text="To request exclusions data by school.")
    rec.indicators.add(indicator)
    action = ActionFactory(text="Align with the Inclusion Strategy")
    action.indicators.add(indicator)
    # the indicator page's view reads the links (scrutiny.selectors) and the include shows them
    html = render_to_string(
        "scrutiny/_indicator_links.html", {"links": selectors.links_for_indicator(indicator)}
    )
    assert "Scrutiny recommendations and actions" in html
    assert "To request exclusions data by school." in html
    assert "Align with the Inclusion Strategy" in html
    assert reverse("scrutiny:recommendation_detail", args=[rec.pk]) in html
    empty = IndicatorFactory(code="TEST-EMPTY", name="Empty")
    links = selectors.links_for_indicator(empty)
    assert render_to_string("scrutiny/_indicator_links.html", {"links": links}).strip() == ""


def test_seed_links_reach_the_exclusions_indicators_when_the_framework_has_them():
    """load_scrutiny links the exclusions recommendations to EXCLUSIONS-* when they exist."""
    if not Indicator.objects.filter(code="EXCLUSIONS-FIXED").exists():
        pytest.skip("the framework's indicators are not loaded")
    rec = Recommendation.objects.get(seed_key="004-monitor-09")
    assert list(rec.indicators.values_list("code", flat=True)) == ["EXCLUSIONS-FIXED"]


def test_scrutiny_officer_assigns_an_action_lead(client, scrutiny_officer, officer, board_member):
    action = ActionFactory(lead=None, expected_date=None)
    url = reverse("scrutiny:action_edit", args=[action.pk])
    client.force_login(board_member)
    assert client.get(url).status_code == 403
    client.force_login(scrutiny_officer)
    data = {
        "label": "a)",
        "text": action.text,
        "lead": officer.pk,
        "lead_name": "",
        "lead_post": "Head of Youth Justice",
        "expected_text": "Monthly",
        "status": "ongoing",
    }
    bad = client.post(url, data | {"expected_text": "soon"})
    assert "Enter a date like 31.08.19" in bad.content.decode()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    action.refresh_from_db()
    assert (action.lead, action.lead_name, action.recurrence) == (
        officer,
        "Otto Officer",
        "monthly",
    )
    client.force_login(officer)
    mine = client.get(reverse("scrutiny:my_items")).content.decode()
    assert action.text in mine


@pytest.mark.django_db
def test_the_unfiltered_monitor_is_cached_until_a_scrutiny_record_changes(
    client, django_user_model
):
    """Issue 13: a repeat request reads no scrutiny table; any save makes a new version."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import roles
    from core.services import user_create_with_role
    from scrutiny.models import Recommendation

    user = user_create_with_role(username="t.monitor", role=roles.SCRUTINY_OFFICER)
    client.force_login(user)
    first = client.get("/scrutiny/monitor/").content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = client.get("/scrutiny/monitor/").content.decode()
    assert not [q for q in warm.captured_queries if '"scrutiny_' in q["sql"]]
    assert 'id="filters-applied"' in again
    rec = Recommendation.objects.order_by("pk").first()
    if rec is None:
        pytest.skip("no recommendation in the test data")
    assert rec.text[:30] in first
    Recommendation.objects.filter(pk=rec.pk).update(text="Changed behind the page's back.")
    assert "Changed behind the page" not in client.get("/scrutiny/monitor/").content.decode()
    rec.refresh_from_db()
    rec.text = "Changed through the model."
    rec.save()
    assert "Changed through the model." in client.get("/scrutiny/monitor/").content.decode()
