"""API filters: ?status= ?overdue=true ?officer= ?meeting= ?year= ?open= on recommendations;
?plan= ?status= ?overdue= ?lead= on actions."""

import django_filters
from django.forms import IntegerField
from django.utils import timezone

from . import rules, selectors
from .forms import StrictBooleanField
from .models import Action, Recommendation, RecommendationUpdate


class StrictBooleanFilter(django_filters.Filter):
    """true/false (1/0, yes/no); anything else is a 400 naming the filter, never ignored.
    (django-filter's BooleanFilter reads an unknown value as not given.)"""

    field_class = StrictBooleanField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number ("2019.5" is refused with a 400 rather than matching nothing)."""

    field_class = IntegerField


class RecommendationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Recommendation.Status.choices)
    overdue = StrictBooleanFilter(
        method="filter_overdue", label="Open and past its due date (true) or not (false)"
    )
    open = StrictBooleanFilter(method="filter_open", label="Open (true) or closed (false)")
    officer = django_filters.CharFilter(
        method="filter_officer",
        label="Contact officer: a user id, a username, or the name as shown on the Monitor",
    )
    meeting = IntegerFilter(field_name="item__meeting_id")
    # Bounded: a year outside 1..9999 is a 400, not a 500 from datetime.date().
    year = IntegerFilter(field_name="date__year", min_value=1, max_value=9999)
    ref = django_filters.CharFilter(field_name="item__ref")

    class Meta:
        model = Recommendation
        fields = ["status", "overdue", "open", "officer", "meeting", "year", "ref"]

    def filter_overdue(self, queryset, name, value):
        overdue = selectors.overdue_filter(queryset, today=timezone.localdate())
        if value:
            return overdue
        return queryset.exclude(pk__in=overdue.values("pk"))

    def filter_open(self, queryset, name, value):
        statuses = (
            rules.OPEN_RECOMMENDATION_STATUSES if value else rules.CLOSED_RECOMMENDATION_STATUSES
        )
        return queryset.filter(status__in=statuses)

    def filter_officer(self, queryset, name, value):
        return selectors.officer_filter(queryset, value)


class RecommendationUpdateFilter(django_filters.FilterSet):
    class Meta:
        model = RecommendationUpdate
        fields = ["recommendation", "status"]


class ActionFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="recommendation__plan__code")
    status = django_filters.ChoiceFilter(choices=Action.Status.choices)
    overdue = StrictBooleanFilter(
        method="filter_overdue", label="Past the due date that counts today and not completed"
    )
    lead = IntegerFilter(field_name="lead_id")

    class Meta:
        model = Action
        fields = ["plan", "status", "overdue", "lead"]

    def filter_overdue(self, queryset, name, value):
        ids = selectors.action_overdue_ids(queryset, today=timezone.localdate())
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)
