"""Forms for the scrutiny pages. They validate input; the services do the writing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms

from core.forms import GovukDateInput
from indicators.models import Indicator
from outcomes.models import Theme

from . import rules, selectors
from .models import Action, Recommendation


class OfficerChoiceField(forms.ModelChoiceField):
    """A user holding the officer role, shown by name."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


_YES = frozenset({"on", "true", "1", "yes"})


class StrictBooleanField(forms.Field):
    """A yes/no filter that refuses anything else: "on", "true", "1", "yes" are yes; "off",
    "false", "0", "no" are no; blank is not given. (Django's BooleanField reads any other
    text as yes, and django-filter's as not given: both narrow or widen silently.)"""

    TRUE = _YES
    FALSE = frozenset({"off", "false", "0", "no"})
    default_error_messages = {"invalid": "“%(value)s” is not yes or no (use true or false)"}

    class Checkbox(forms.CheckboxInput):
        """A checkbox that hands over the text as sent (CheckboxInput reads any text as yes)."""

        def __init__(self, attrs=None):
            super().__init__(attrs, check_test=lambda v: str(v).strip().lower() in _YES)

        def value_from_datadict(self, data, files, name):
            return data.get(name)

        def value_omitted_from_data(self, data, files, name):
            return name not in data

    widget = Checkbox

    def prepare_value(self, value):
        """Ticked only for a yes (an invalid or "false" value shows unticked)."""
        try:
            return bool(self.to_python(value))
        except forms.ValidationError:
            return False

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(
            self.error_messages["invalid"], code="invalid", params={"value": value}
        )


def _invalid_choice(what: str) -> dict:
    return {"invalid_choice": f"“%(value)s” is not {what}"}


@dataclass(frozen=True)
class IgnoredFilter:
    """A filter given with a value that could not be used: it narrows nothing."""

    name: str
    label: str
    value: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.label} filter ignored: {self.reason}"


@dataclass(frozen=True)
class MonitorFilterChoice:
    """What the Monitor's filters came to: the filters applied, each in words, and those
    ignored with the reason. The page, the printable copy and both exports use this."""

    filters: selectors.MonitorFilters
    applied: tuple[str, ...] = ()
    ignored: tuple[IgnoredFilter, ...] = ()

    @property
    def applied_text(self) -> str:
        return "; ".join(self.applied) if self.applied else "none (every recommendation)"

    @property
    def ignored_text(self) -> str:
        return "; ".join(f.message for f in self.ignored)


class MonitorFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="Open or closed",
        required=False,
        choices=[("", "Open and closed"), ("open", "Open"), ("closed", "Closed")],
        error_messages=_invalid_choice("open or closed"),
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Recommendation.Status.choices],
        error_messages=_invalid_choice("a recommendation status"),
    )
    overdue = StrictBooleanField(label="Overdue only", required=False)
    officer = forms.ChoiceField(
        label="Contact officer",
        required=False,
        error_messages=_invalid_choice("a contact officer on the Monitor"),
    )
    meeting = forms.TypedChoiceField(
        label="Meeting",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=_invalid_choice("a meeting with recommendations"),
    )
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=_invalid_choice("a year with recommendations"),
    )

    def __init__(self, *args, options: selectors.MonitorOptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Any contact officer")] + [
            (name, name) for name in options.officers
        ]
        self.fields["meeting"].choices = [("", "Any meeting")] + [
            (m.pk, f"{m.date:%-d %B %Y}") for m in options.meetings
        ]
        self.fields["year"].choices = [("", "Any year")] + [(y, str(y)) for y in options.years]

    def choice(self) -> MonitorFilterChoice:
        """Every valid filter, applied; every invalid one ignored (narrowing nothing) with
        its reason. An unbound form applies no filter."""
        if not self.is_bound:
            return MonitorFilterChoice(filters=selectors.MonitorFilters())
        self.is_valid()
        data = self.cleaned_data  # only the fields that validated
        ignored = tuple(
            IgnoredFilter(
                name=name,
                label=self.fields[name].label,
                value=str(self.data.get(name, "")),
                reason="; ".join(errors),
            )
            for name, errors in self.errors.items()
            if name in self.fields
        )
        filters = selectors.MonitorFilters(
            state=data.get("state") or "",
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            officer=data.get("officer") or "",
            meeting=data.get("meeting"),
            year=data.get("year"),
        )
        return MonitorFilterChoice(filters=filters, applied=self._applied(filters), ignored=ignored)

    def _applied(self, filters: selectors.MonitorFilters) -> tuple[str, ...]:
        def label_of(name, value):
            return dict(self.fields[name].choices).get(value, str(value))

        applied = []
        if filters.state:
            applied.append(f"Open or closed: {label_of('state', filters.state)}")
        if filters.status:
            applied.append(f"Status: {label_of('status', filters.status)}")
        if filters.overdue:
            applied.append("Overdue only")
        if filters.officer:
            applied.append(f"Contact officer: {filters.officer}")
        if filters.meeting:
            applied.append(f"Meeting: {label_of('meeting', filters.meeting)}")
        if filters.year:
            applied.append(f"Year: {filters.year}")
        return tuple(applied)

    def filters(self) -> selectors.MonitorFilters:
        return self.choice().filters


class MeetingForm(forms.Form):
    date = forms.DateField(label="Date of the meeting", widget=GovukDateInput())
    time = forms.CharField(
        label="Time", required=False, max_length=20, help_text="For example, 10.00 am"
    )
    venue = forms.CharField(label="Venue", required=False, max_length=200)


class ItemForm(forms.Form):
    ref = forms.CharField(
        label="Item reference",
        max_length=20,
        help_text="The minute reference, for example CYP/19/22",
    )
    title = forms.CharField(label="Title", max_length=255)
    report_of = forms.CharField(
        label="Report of",
        required=False,
        max_length=200,
        help_text="For example, Strategic Director (Children and Education Services)",
    )
    executive_member = forms.CharField(label="Executive Member", required=False, max_length=200)


class DecisionForm(forms.Form):
    """One decision of an item; leave the text blank to skip the row."""

    text = forms.CharField(
        label="Decision", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_recommendation = forms.BooleanField(
        label="This decision is a recommendation (put it on the Monitor)", required=False
    )
    contact_officer = OfficerChoiceField(
        label="Contact officer", required=False, queryset=selectors.officer_choices()
    )
    contact_officer_post = forms.CharField(
        label="Contact officer's post", required=False, max_length=200
    )
    due_date = forms.DateField(label="Response due by", required=False, widget=GovukDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_officer"].queryset = selectors.officer_choices()
        self.fields["contact_officer"].empty_label = "Assign later"

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip():
            if data.get("is_recommendation") or data.get("contact_officer"):
                self.add_error("text", "Enter the decision's text")
        return data


class BaseDecisionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any((f.cleaned_data.get("text") or "").strip() for f in self.forms):
            raise forms.ValidationError("Enter at least one decision")


DecisionFormSet = forms.formset_factory(
    DecisionForm, formset=BaseDecisionFormSet, extra=3, max_num=20, validate_max=True
)


class RecommendationForm(forms.ModelForm):
    """A scrutiny officer's edit of a recommendation."""

    contact_officer = OfficerChoiceField(
        label="Contact officer (user)", required=False, queryset=selectors.officer_choices()
    )
    themes = forms.ModelMultipleChoiceField(
        label="Outcome themes it should move", required=False, queryset=Theme.objects.all()
    )
    indicators = forms.ModelMultipleChoiceField(
        label="Indicators it should move", required=False, queryset=Indicator.objects.all()
    )

    class Meta:
        model = Recommendation
        fields = [
            "text",
            "contact_officer",
            "contact_officer_name",
            "contact_officer_post",
            "due_date",
            "status",
            "action",
            "themes",
            "indicators",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "action": forms.Textarea(attrs={"rows": 4}),
            "due_date": GovukDateInput(),
        }
        labels = {
            "contact_officer_name": "Contact officer's name as shown on the Monitor",
            "contact_officer_post": "Contact officer's post",
            "action": "Action (the response)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_officer"].queryset = selectors.officer_choices()
        self.fields["contact_officer"].empty_label = "No user"
        self.fields["status"].widget = forms.RadioSelect(choices=Recommendation.Status.choices)


class ActionForm(forms.ModelForm):
    """A scrutiny officer's edit of an action: who leads it, when, its status and links."""

    lead = OfficerChoiceField(
        label="Lead (user)", required=False, queryset=selectors.officer_choices()
    )
    expected_text = forms.CharField(
        label="Expected date of completion",
        required=False,
        max_length=40,
        help_text='As the plan prints it: a date like 31.08.19, "Monthly", or a month like '
        '"October 2019"',
    )
    themes = forms.ModelMultipleChoiceField(
        label="Outcome themes it should move", required=False, queryset=Theme.objects.all()
    )
    indicators = forms.ModelMultipleChoiceField(
        label="Indicators it should move", required=False, queryset=Indicator.objects.all()
    )

    class Meta:
        model = Action
        fields = [
            "label",
            "text",
            "lead",
            "lead_name",
            "lead_post",
            "expected_text",
            "status",
            "themes",
            "indicators",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "label": "Letter as printed, for example a)",
            "text": "Action required",
            "lead_name": "Lead manager's name as shown on the plan",
            "lead_post": "Lead manager's post",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = selectors.officer_choices()
        self.fields["lead"].empty_label = "No user"
        self.fields["status"].widget = forms.RadioSelect(choices=Action.Status.choices)

    def clean_expected_text(self):
        value = self.cleaned_data.get("expected_text", "").strip()
        try:
            rules.parse_expected(value)
        except ValueError as exc:
            raise forms.ValidationError(
                'Enter a date like 31.08.19, "Monthly", "Quarterly", "Annually" or a month '
                'like "October 2019"'
            ) from exc
        return value


class RespondForm(forms.Form):
    text = forms.CharField(
        label="Response",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="This becomes the Action text on the Recommendations Monitor.",
    )
    status = forms.ChoiceField(
        label="Status", choices=Recommendation.Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note for the scrutiny officer (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MonthInput(forms.TextInput):
    """A month typed ("October 2026") or chosen from the last two years' months (a datalist
    the browser offers as the officer types)."""

    template_name = "core/widgets/month_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        today = date.today()
        months = [divmod(today.year * 12 + today.month - 1 - n, 12) for n in range(24)]
        context["widget"]["options"] = [f"{date(y, m + 1, 1):%B %Y}" for y, m in months]
        context["widget"]["list_id"] = list_id = f"{context['widget']['attrs']['id']}_months"
        context["widget"]["attrs"]["list"] = list_id
        return context


class ActionProgressForm(forms.Form):
    period = forms.CharField(
        label="Month the update reports on",
        max_length=20,
        help_text="For example, October 2026",
        widget=MonthInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    text = forms.CharField(label="Progress update", widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(
        label="Status", choices=Action.Status.choices, widget=forms.RadioSelect
    )

    def clean_period(self):
        """The month as its code (2026-10), however it was typed."""
        try:
            month = rules.parse_month(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(
                "Enter the month the update reports on, like October 2026"
            ) from exc
        return f"{month:%Y-%m}"
