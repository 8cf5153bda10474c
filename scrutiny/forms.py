"""Forms for the scrutiny pages. They validate input; the services do the writing."""

from __future__ import annotations

from django import forms

from core.forms import DateInput
from indicators.models import Indicator
from outcomes.models import Theme

from . import rules, selectors
from .models import Action, Recommendation


class OfficerChoiceField(forms.ModelChoiceField):
    """A user holding the officer role, shown by name."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class MonitorFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="Open or closed",
        required=False,
        choices=[("", "Open and closed"), ("open", "Open"), ("closed", "Closed")],
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    officer = forms.ChoiceField(label="Contact officer", required=False)
    meeting = forms.TypedChoiceField(label="Meeting", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, options: selectors.MonitorOptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Any contact officer")] + [
            (name, name) for name in options.officers
        ]
        self.fields["meeting"].choices = [("", "Any meeting")] + [
            (m.pk, f"{m.date:%-d %B %Y}") for m in options.meetings
        ]
        self.fields["year"].choices = [("", "Any year")] + [(y, str(y)) for y in options.years]

    def filters(self) -> selectors.MonitorFilters:
        if not self.is_valid():
            return selectors.MonitorFilters()
        data = self.cleaned_data
        return selectors.MonitorFilters(
            state=data.get("state") or "",
            overdue=bool(data.get("overdue")),
            officer=data.get("officer") or "",
            meeting=data.get("meeting"),
            year=data.get("year"),
        )


class MeetingForm(forms.Form):
    date = forms.DateField(label="Date of the meeting", widget=DateInput())
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
    due_date = forms.DateField(label="Response due by", required=False, widget=DateInput())

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
            "due_date": DateInput(),
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


class ActionProgressForm(forms.Form):
    period = forms.CharField(
        label="Month the update reports on",
        max_length=7,
        help_text="For example, 2019-06 for June 2019",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\d{4}-\d{2}"}),
    )
    text = forms.CharField(label="Progress update", widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(
        label="Status", choices=Action.Status.choices, widget=forms.RadioSelect
    )

    def clean_period(self):
        value = self.cleaned_data["period"].strip()
        try:
            rules.parse_month_code(value)
        except ValueError as exc:
            raise forms.ValidationError("Enter the month like 2019-06") from exc
        return value
