"""Scrutiny services: recording a meeting, responding, progress updates, audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scrutiny import rules, services
from scrutiny.models import Recommendation, RecommendationUpdate

from .factories import ActionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_item_record_makes_marked_decisions_recommendations(scrutiny_officer, officer, meeting):
    item = services.item_record(
        user=scrutiny_officer,
        meeting=meeting,
        ref="CYP/30/01",
        title="School Attendance",
        report_of="Director of Education",
        decisions=[
            services.DecisionInput(text="To note the report."),
            services.DecisionInput(
                text="To request attendance figures by ward.",
                is_recommendation=True,
                contact_officer=officer,
                contact_officer_post="Head of Attendance",
                due_date=date(2030, 9, 1),
            ),
        ],
    )
    assert [d.text for d in item.decisions.order_by("order")] == [
        "To note the report.",
        "To request attendance figures by ward.",
    ]
    rec = item.recommendations.get()
    assert rec.decision.number == 2
    assert rec.date == meeting.date
    assert rec.status == rules.AWAITING_RESPONSE
    assert rec.contact_officer == officer
    assert rec.contact_officer_name == "Otto Officer"
    assert rec.contact_officer_display == "Otto Officer, Head of Attendance"
    assert rec.created_by == scrutiny_officer
    assert rec.history.first().history_user == scrutiny_officer


def test_item_record_refuses_a_contact_officer_without_the_officer_role(
    scrutiny_officer, board_member, meeting
):
    with pytest.raises(ValidationError):
        services.item_record(
            user=scrutiny_officer,
            meeting=meeting,
            ref="CYP/30/02",
            title="Anything",
            decisions=[
                services.DecisionInput(
                    text="To request.", is_recommendation=True, contact_officer=board_member
                )
            ],
        )
    assert not meeting.items.exists()  # all or nothing


@pytest.mark.parametrize("role_user", ["officer", "board_member", "performance_lead"])
def test_only_scrutiny_officers_record_meetings(request, role_user, meeting):
    user = request.getfixturevalue(role_user)
    with pytest.raises(PermissionDenied):
        services.meeting_create(user=user, date=date(2031, 1, 1))
    with pytest.raises(PermissionDenied):
        services.item_record(user=user, meeting=meeting, ref="X/1", title="X", decisions=[])


def test_contact_officer_responds_to_own_recommendation(officer, own_recommendation):
    update = services.recommendation_respond(
        recommendation=own_recommendation,
        user=officer,
        text="The figures were circulated to Members by email.",
        status=rules.COMPLETED,
        note="Sent on Monday.",
        on=date(2030, 2, 1),
    )
    own_recommendation.refresh_from_db()
    assert own_recommendation.status == rules.COMPLETED
    assert own_recommendation.action == "The figures were circulated to Members by email."
    assert (update.date, update.created_by, update.note) == (
        date(2030, 2, 1),
        officer,
        "Sent on Monday.",
    )
    latest = own_recommendation.history.first()
    assert (latest.history_user, latest.status) == (officer, rules.COMPLETED)
    assert own_recommendation.updated_by == officer


@pytest.mark.parametrize("role_user", ["other_officer", "board_member", "performance_lead"])
def test_nobody_else_responds(request, role_user, own_recommendation):
    with pytest.raises(PermissionDenied):
        services.recommendation_respond(
            recommendation=own_recommendation,
            user=request.getfixturevalue(role_user),
            text="Done",
            status=rules.COMPLETED,
        )
    assert not own_recommendation.updates.exists()


def test_scrutiny_officer_may_respond_to_any(scrutiny_officer, own_recommendation):
    services.recommendation_respond(
        recommendation=own_recommendation,
        user=scrutiny_officer,
        text="Chased.",
        status=rules.RESPONSE_REQUESTED,
    )
    assert Recommendation.objects.get(pk=own_recommendation.pk).status == rules.RESPONSE_REQUESTED


def test_updates_are_append_only(officer, own_recommendation):
    update = services.recommendation_respond(
        recommendation=own_recommendation, user=officer, text="First.", status=rules.IN_PROGRESS
    )
    services.recommendation_respond(
        recommendation=own_recommendation, user=officer, text="Second.", status=rules.COMPLETED
    )
    update.text = "Rewritten"
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()
    texts = list(own_recommendation.updates.order_by("id").values_list("text", flat=True))
    assert texts == ["First.", "Second."]


def test_scrutiny_officer_edit_of_status_is_kept_as_an_update(scrutiny_officer, own_recommendation):
    services.recommendation_update(
        recommendation=own_recommendation,
        user=scrutiny_officer,
        status=rules.NO_LONGER_REQUIRED,
        action="The Committee agreed this is no longer required.",
    )
    update = RecommendationUpdate.objects.get(recommendation=own_recommendation)
    assert update.status == rules.NO_LONGER_REQUIRED
    assert update.created_by == scrutiny_officer


def test_reassigning_fills_the_contact_officer_name(
    scrutiny_officer, other_officer, own_recommendation
):
    services.recommendation_update(
        recommendation=own_recommendation, user=scrutiny_officer, contact_officer=other_officer
    )
    own_recommendation.refresh_from_db()
    assert own_recommendation.contact_officer_name == "Ola Other"
    assert not own_recommendation.updates.exists()  # no response or status change


def test_lead_adds_monthly_progress_and_it_is_never_overwritten(officer, other_officer):
    action = ActionFactory(lead=officer, status=rules.NOT_STARTED)
    services.action_progress_add(
        action=action, user=officer, period="2030-01", text="Started.", status=rules.ONGOING
    )
    services.action_progress_add(
        action=action, user=officer, period="2030-02", text="Done.", status=rules.ACTION_COMPLETED
    )
    action.refresh_from_db()
    assert action.status == rules.ACTION_COMPLETED
    assert list(action.updates.values_list("period", "text")) == [
        ("2030-01", "Started."),
        ("2030-02", "Done."),
    ]
    assert action.history.first().history_user == officer
    with pytest.raises(PermissionDenied):
        services.action_progress_add(
            action=action, user=other_officer, period="2030-03", text="x", status=rules.ONGOING
        )
    with pytest.raises(ValidationError):
        services.action_progress_add(
            action=action, user=officer, period="March", text="x", status=rules.ONGOING
        )


def test_action_create_reads_the_printed_expected_completion(scrutiny_officer, officer):
    rec = ActionFactory().recommendation
    monthly = services.action_create(
        user=scrutiny_officer,
        recommendation=rec,
        text="Monitor monthly",
        expected_text="Monthly",
        lead=officer,
    )
    dated = services.action_create(
        user=scrutiny_officer, recommendation=rec, text="Review", expected_text="31.08.30"
    )
    assert (monthly.recurrence, monthly.expected_date, monthly.lead_name) == (
        "monthly",
        None,
        "Otto Officer",
    )
    assert dated.expected_date == date(2030, 8, 31)
    with pytest.raises(ValidationError):
        services.action_create(
            user=scrutiny_officer, recommendation=rec, text="x", expected_text="soon"
        )


def test_recommendation_decision_must_belong_to_its_item(scrutiny_officer, item, seed_meeting):
    other_decision = seed_meeting.items.get(ref="CYP/19/21").decisions.first()
    with pytest.raises(ValidationError):
        services.recommendation_create(
            user=scrutiny_officer, item=item, text="x", decision=other_decision
        )


def test_schedule_setup_creates_the_daily_job_once():
    from django_celery_beat.models import PeriodicTask

    services.schedule_setup()
    services.schedule_setup()
    task = PeriodicTask.objects.get(name=services.CHASE_SCHEDULE_NAME)
    assert task.task == "scrutiny.tasks.chase_digests_send"
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
    assert task.enabled
    assert PeriodicTask.objects.filter(task="scrutiny.tasks.chase_digests_send").count() == 1


def test_recommendation_factory_defaults(item):
    rec = RecommendationFactory(item=item)
    assert rec.is_open and rec.contact_officer is None
