"""factory_boy factories for scrutiny records."""

from datetime import date

import factory

from scrutiny import rules
from scrutiny.models import (
    Action,
    ActionPlan,
    ActionUpdate,
    AgendaItem,
    Committee,
    Decision,
    KeyDecision,
    Meeting,
    PlanRecommendation,
    Recommendation,
    WorkProgrammeItem,
)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("code",)

    code = "CYP"
    name = "Children and Young People Scrutiny Committee"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    date = factory.Sequence(
        lambda n: date(2030, 1, 1).replace(day=1 + n % 28, month=1 + n // 28 % 12)
    )


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    ref = factory.Sequence(lambda n: f"TST/30/{n:03d}")
    title = factory.Sequence(lambda n: f"Test item {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    number = 1
    order = 1
    text = "To request a report."


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    item = factory.SubFactory(AgendaItemFactory)
    date = factory.LazyAttribute(lambda o: o.item.meeting.date)
    text = factory.Sequence(lambda n: f"To request information number {n}.")
    status = rules.AWAITING_RESPONSE
    contact_officer = None
    contact_officer_name = factory.LazyAttribute(
        lambda o: o.contact_officer.get_full_name() if o.contact_officer else "A. Nofficer"
    )
    contact_officer_post = "Head of Testing"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    code = factory.Sequence(lambda n: f"TEST-PLAN-{n}")
    title = factory.Sequence(lambda n: f"Test action plan {n}")
    kind = ActionPlan.Kind.OFSTED


class PlanRecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRecommendation

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Improve something."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(PlanRecommendationFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = "a)"
    text = factory.Sequence(lambda n: f"Do test action {n}")
    lead = None
    lead_name = "Lee Der"
    lead_post = "Lead Manager"
    status = rules.ONGOING


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    period = "2030-01"
    text = "Progress."
    status = rules.ONGOING


class WorkProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProgrammeItem

    committee = factory.SubFactory(CommitteeFactory)
    section_order = 99
    order = factory.Sequence(lambda n: n)
    item = factory.Sequence(lambda n: f"Programme item {n}")


class KeyDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyDecision

    ref = factory.Sequence(lambda n: f"2030/01/{n:02d}Z")
    subject = factory.Sequence(lambda n: f"Key decision {n}")
    order = 99
