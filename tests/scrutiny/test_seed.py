"""Seed 004's scrutiny records, as loaded by load_scrutiny (through load_framework in the
session's test database)."""

from datetime import date

import pytest
from django.core.management import call_command

from scrutiny import rules
from scrutiny.models import (
    Action,
    ActionPlan,
    ActionUpdate,
    AgendaItem,
    Committee,
    KeyDecision,
    Meeting,
    Recommendation,
    RecommendationUpdate,
    WorkProgrammeItem,
)
from scrutiny.seed import scrutiny_seed_load

SEED = "004_661c1d64eb933c90.txt"
pytestmark = pytest.mark.django_db

# The Recommendations Monitor, seed 004: (date, item ref, contact officer, post, status).
MONITOR = [
    (
        date(2017, 9, 5),
        "CYP/17/40",
        "Michelle Devine",
        "Interim Head of Access",
        "response_requested",
    ),
    (date(2018, 2, 27), "CYP/18/16", "Amanda Corcoran", "Director of Education", "completed"),
    (
        date(2018, 9, 4),
        "CYP/18/44",
        "Joanne Dalton",
        "Strategic Lead for Early Help and Interventions",
        "completed",
    ),
    (date(2018, 11, 6), "CYP/18/55", "Amanda Corcoran", "Director of Education", "completed"),
    (
        date(2018, 11, 6),
        "CYP/18/55",
        "Amanda Corcoran",
        "Director of Education",
        "response_requested",
    ),
    (
        date(2019, 1, 8),
        "CYP/19/05",
        "Amanda Corcoran",
        "Director of Education",
        "response_requested",
    ),
    (date(2019, 2, 5), "CYP/19/11", "Rachel McKeon", "Scrutiny Support Officer", "in_progress"),
    (
        date(2019, 3, 5),
        "CYP/19/15",
        "Rachel McKeon",
        "Scrutiny Support Officer",
        "awaiting_response",
    ),
    (
        date(2019, 7, 18),
        "CYP/19/22",
        "Amanda Corcoran",
        "Director of Education",
        "awaiting_response",
    ),
    (
        date(2019, 7, 18),
        "CYP/19/22",
        "Rachel McKeon",
        "Scrutiny Support Officer",
        "awaiting_response",
    ),
    (
        date(2019, 7, 18),
        "CYP/19/23",
        "Paul Marshall",
        "Strategic Director of Children and Education Services",
        "completed",
    ),
]


def seed_recommendations():
    return list(
        Recommendation.objects.filter(source=SEED).select_related("item").order_by("seed_key")
    )


def test_monitor_has_eleven_rows_with_refs_dates_officers_and_statuses():
    rows = [
        (r.date, r.item.ref, r.contact_officer_name, r.contact_officer_post, r.status)
        for r in seed_recommendations()
    ]
    assert rows == MONITOR


def test_monitor_texts_are_quoted():
    recs = {r.seed_key: r for r in seed_recommendations()}
    assert recs["004-monitor-02"].text == (
        "To request that the Council carry out a social media campaign to raise awareness of "
        "the legislation relating to child employment."
    )
    assert recs["004-monitor-02"].action == "This recommendation has been completed."
    assert recs["004-monitor-06"].text == (
        "To request the needs analysis ranking information for the 32 wards in Manchester."
    )
    assert "has been requested and will be circulated" in recs["004-monitor-06"].action
    assert all(r.due_date is None for r in recs.values())  # the seed gives no due dates


def test_monitor_rows_from_the_june_minutes_point_at_their_decisions():
    recs = {r.seed_key: r for r in seed_recommendations()}
    assert recs["004-monitor-09"].decision.number == 5
    assert recs["004-monitor-10"].decision.number == 6
    assert recs["004-monitor-11"].decision.number == 1
    assert recs["004-monitor-09"].item.meeting.date == date(2019, 6, 19)


def test_each_monitor_row_has_its_reported_update():
    updates = RecommendationUpdate.objects.filter(recommendation__source=SEED)
    assert updates.count() == 11
    assert {u.date for u in updates} == {date(2019, 7, 17)}
    for update in updates.select_related("recommendation"):
        assert update.text == update.recommendation.action
        assert update.status == update.recommendation.status


def test_committee_and_members():
    committee = Committee.objects.get(code="CYP")
    assert committee.name == "Children and Young People Scrutiny Committee"
    councillors = committee.members.filter(kind="councillor")
    assert councillors.count() == 14
    assert councillors.get(is_chair=True).name == "Stone"
    co_opted = committee.members.filter(kind="co_opted", is_vacant=False)
    assert sorted(co_opted.values_list("name", flat=True)) == sorted(
        ["Mr A Arogundade", "Mr L Duffy", "Mr R Lammas", "Mrs J Miles", "Dr W Omara", "Ms Z Stepan"]
    )
    assert co_opted.get(name="Mrs J Miles").represents == "Representative of the Diocese of Salford"
    assert co_opted.get(name="Mr L Duffy").voting is False
    vacant = committee.members.get(is_vacant=True)
    assert vacant.represents == "Representative of the Diocese of Manchester"


def test_minutes_of_19_june_2019():
    meeting = Meeting.objects.get(date=date(2019, 6, 19))
    refs = list(meeting.items.order_by("order").values_list("ref", flat=True))
    assert refs == ["CYP/19/20", "CYP/19/21", "CYP/19/22", "CYP/19/23", "CYP/19/24", "CYP/19/25"]
    item = AgendaItem.objects.get(ref="CYP/19/22")
    assert item.decisions.count() == 6
    assert item.report_of == "Director of Education"
    assert "personal interest" in item.notes


def test_agenda_of_17_july_2019():
    meeting = Meeting.objects.get(date=date(2019, 7, 17))
    assert meeting.items.count() == 9
    assert meeting.venue == "Council Antechamber, Level 2, Town Hall Extension"
    assert meeting.items.get(number=5).title == "Update on the Youth Justice Service"
    assert meeting.information_items.count() == 1


def test_hmip_plan_has_five_recommendations_and_every_action():
    plan = ActionPlan.objects.get(code="HMIP-YJ-2019")
    assert plan.title == "HMIP Action Plan – Update June 2019"
    assert plan.rating == "Requires Improvement"
    counts = {r.number: r.actions.count() for r in plan.recommendations.all()}
    assert counts == {1: 1, 2: 1, 3: 6, 4: 2, 5: 5}
    rec3 = [
        (a.label, a.lead_name, a.expected_text, a.status)
        for a in plan.recommendations.get(number=3).actions.order_by("position")
    ]
    assert rec3 == [
        ("a)", "Isobel Booler", "31.03.19", "completed"),
        ("b)", "Marie McLaughlin", "01.07.19", "completed"),
        ("b)", "Elaine Morrison", "30.04.19", "completed"),
        ("c)", "Ross Milhench", "01.08.19", "dates_to_be_confirmed"),
        ("d)", "Julie Heslop", "Monthly", "completed"),
        ("e)", "Angela Harrington", "01.07.19", "ongoing"),
    ]


def test_hmip_actions_dates_recurrences_and_june_updates():
    actions = Action.objects.filter(recommendation__plan__code="HMIP-YJ-2019")
    assert actions.count() == 15
    first = actions.get(recommendation__number=1)
    assert (first.lead_name, first.lead_post) == ("Richard Munns", "Corporate Property")
    assert first.expected_date == date(2019, 8, 31)
    assert first.status == rules.PARTIALLY_COMPLETED
    assert set(actions.filter(recurrence="monthly").values_list("label", flat=True)) == {"c)", "d)"}
    october = actions.get(expected_text="October 2019")
    assert october.expected_date == date(2019, 10, 31)
    statuses = sorted(actions.values_list("status", flat=True))
    assert statuses.count("completed") == 11
    assert statuses.count("partially_completed") == 2
    updates = ActionUpdate.objects.filter(action__in=actions)
    assert updates.count() == 15
    assert set(updates.values_list("period", flat=True)) == {"2019-06"}


def test_work_programme_from_july_2019():
    items = WorkProgrammeItem.objects.filter(source=SEED)
    assert items.filter(meeting_date=date(2019, 7, 17)).count() == 5
    assert items.filter(meeting_date=date(2019, 9, 4)).count() == 4
    assert items.filter(is_regular=True).count() == 7
    assert items.filter(meeting_date__isnull=True, is_regular=False).count() == 10
    youth = items.get(item="Youth Justice")
    assert youth.executive_member == "Councillor N Murphy"
    assert youth.lead_officer == "Paul Marshall/ Marie McLaughlin"


def test_key_decisions():
    decisions = KeyDecision.objects.filter(source=SEED).order_by("order")
    assert decisions.count() == 6
    seymour = decisions.get(ref="2019/05/21C")
    assert seymour.subject == "Leaving Care Service - Seymour Road."
    assert seymour.decision_maker == "City Treasurer (Deputy Chief Executive)"
    assert seymour.due_text == "Not before 21st Jun 2019"
    assert seymour.due_date == date(2019, 6, 21)
    assert seymour.background_documents == "Checkpoint 4 Business Case"
    assert seymour.officer_name == "Paul Marshall"
    assert decisions.get(subject__startswith="Early Years & Education System").ref == ""


def test_every_seed_record_names_its_source():
    for model in (Recommendation, Action, WorkProgrammeItem, KeyDecision, Meeting, AgendaItem):
        assert not model.objects.exclude(source=SEED).filter(created_by__isnull=True).exists()


def test_reload_changes_nothing():
    assert scrutiny_seed_load() == {}


def test_reload_keeps_responses_entered_since():
    rec = Recommendation.objects.get(seed_key="004-monitor-01")
    rec.status, rec.action = rules.COMPLETED, "Circulated to Members."
    rec.save()
    call_command("load_scrutiny", verbosity=0)
    rec.refresh_from_db()
    assert (rec.status, rec.action) == (rules.COMPLETED, "Circulated to Members.")


def test_load_scrutiny_command_reports_nothing_changed(capsys):
    call_command("load_scrutiny")
    assert "nothing changed" in capsys.readouterr().out
