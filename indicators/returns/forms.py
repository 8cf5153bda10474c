"""Forms for the returns, approvals, periods and targets pages.

Each page's POST is parsed here and handed to one service call: what is on screen is what is
saved, or nothing is. Figures stay text until the service parses them by the indicator's unit,
so a bad figure gets the unit's own message ("LAC-SDQ is a percentage: 0 to 100.").
"""

from __future__ import annotations

from django import forms

from core.forms import UPLOAD_ERRORS
from indicators import periods as cal
from indicators.models import Indicator, Period
from indicators.returns.selectors import GROUPS

COMMENTARY_HINT = (
    "What is helping, what is hurting, what happens next. Required when the "
    "figure would rate Red or Amber."
)


def _value_field(label: str = "Value") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "max_length": f"The {label.lower()} is too long: use a number.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        label="Version",
        error_messages={
            "required": "The page was incomplete: reload it and try again.",
            "invalid": "The page was incomplete: reload it and try again.",
            "min_value": "The page was incomplete: reload it and try again.",
        },
    )


class ReturnNewForm(forms.Form):
    """A new draft: the figure and its commentary."""

    value = _value_field()
    commentary = forms.CharField(
        required=False,
        max_length=5000,
        help_text=COMMENTARY_HINT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")  # ids "value", "commentary": the pages link to them
        super().__init__(*args, **kwargs)


class ReturnEditForm(ReturnNewForm):
    """A draft as it is on screen, saved as a draft or saved and submitted in one step."""

    SAVE, SUBMIT = "save", "submit"
    version = _version_field()
    action = forms.ChoiceField(
        choices=[(SAVE, "Save draft"), (SUBMIT, "Submit for approval")], widget=forms.HiddenInput
    )


class ReturnCorrectForm(forms.Form):
    """A lead's correction of an approved figure, with the reason kept in the history."""

    version = _version_field()
    value = _value_field("Corrected value")
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=90,
        error_messages={"required": "Say why the approved figure is being corrected."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "correct-%s")
        super().__init__(*args, **kwargs)


class ReturnActionForm(forms.Form):
    """Which of a return page's forms was posted (the button pressed)."""

    action = forms.ChoiceField(
        choices=[
            (ReturnEditForm.SAVE, "Save"),
            (ReturnEditForm.SUBMIT, "Submit"),
            ("correct", "Correct"),
        ]
    )


class QueueActionForm(forms.Form):
    """Which of the approvals page's forms was posted (the button pressed)."""

    action = forms.ChoiceField(
        choices=[
            ("approve", "Approve"),
            ("return", "Send back"),
            ("lock", "Lock"),
            ("reopen", "Reopen"),
        ]
    )


class DecisionForm(forms.Form):
    """A lead's decision on one submitted return, on the version shown in the queue."""

    APPROVE, SEND_BACK = "approve", "return"
    return_id = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"invalid": "Choose a return from the queue."},
    )
    version = _version_field()
    action = forms.ChoiceField(choices=[(APPROVE, "Approve"), (SEND_BACK, "Send back")])
    reason = forms.CharField(required=False, max_length=2000, label="Reason to send back")

    def clean(self):
        data = super().clean()
        if data.get("action") == self.SEND_BACK and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the return is being sent back.")
        return data


class PeriodLockForm(forms.Form):
    """Lock a period once the Board has met, or reopen one with a reason."""

    LOCK, REOPEN = "lock", "reopen"
    period = forms.ModelChoiceField(
        queryset=Period.objects.exclude(kind=cal.CAL_YEAR).order_by("-start", "end"),
        to_field_name="code",
        label="Period",
        empty_label="Choose a period",
        error_messages={
            "required": "Choose the period to lock or reopen.",
            "invalid_choice": "Choose a period from the list.",
        },
    )
    action = forms.ChoiceField(choices=[(LOCK, "Lock period"), (REOPEN, "Reopen period")])
    lock_reason = forms.CharField(required=False, max_length=100, label="Reason (to reopen)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "lock-%s")
        super().__init__(*args, **kwargs)
        self.fields["period"].label_from_instance = lambda p: f"{p.label} ({p.code})"

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REOPEN and not data.get("lock_reason", "").strip():
            self.add_error("lock_reason", "Say why the period is being reopened.")
        return data


class ReturnsUploadForm(forms.Form):
    """The upload step of an import: the CSV or Excel file to check."""

    file = forms.FileField(
        label="CSV or Excel (.xlsx) file",
        error_messages=UPLOAD_ERRORS,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportConfirmForm(forms.Form):
    """The confirm step of an import: which checked preview, and whether to submit too."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
    submit = forms.BooleanField(required=False, widget=forms.HiddenInput)


class TargetForm(forms.Form):
    """A year's target for one indicator, with an optional amber band."""

    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.order_by("code"),
        to_field_name="code",
        label="Indicator",
        empty_label="Choose an indicator",
        error_messages={
            "required": "Choose the indicator.",
            "invalid_choice": "Choose an indicator from the list.",
        },
    )
    period = forms.ModelChoiceField(
        queryset=Period.objects.filter(kind__in=(cal.FIN_YEAR, cal.ACAD_YEAR)).order_by(
            "start", "kind"
        ),
        to_field_name="code",
        label="Year",
        empty_label="Choose a year",
        help_text="Financial year (FY) for most indicators; academic year (AY) for education "
        "indicators. Months and quarters are rated against their year's target.",
        error_messages={
            "required": "Choose the year the target is for.",
            "invalid_choice": "Choose a year from the list.",
        },
    )
    value = _value_field("Target")
    band = forms.CharField(
        required=False,
        max_length=30,
        label="Amber band (optional)",
        help_text="Leave empty for 5% of the target.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code}: {i.name}"
        self.fields["period"].label_from_instance = lambda p: f"{p.label} ({p.code})"


class WorklistFilterForm(forms.Form):
    """My returns: which indicators and which group to list (a GET form)."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label="Indicator",
        help_text="Part of a code or name, such as ADOPTIONS or placements.",
        error_messages={"max_length": "Use at most 100 characters to find an indicator."},
    )
    group = forms.ChoiceField(
        required=False,
        label="Group",
        error_messages={"invalid_choice": "Choose a group from the list."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "All groups"), *GROUPS]


class PreviewForm(forms.Form):
    """The live RAG preview: the figure as typed so far (parsed by the service)."""

    value = forms.CharField(
        max_length=30,
        error_messages={
            "required": "Enter the value to see the RAG it would get.",
            "max_length": "The value is too long: use a number.",
        },
    )


class GridRowForm(forms.Form):
    """One return due, in the grid: the figure and commentary typed for it (blank: skipped),
    with the draft it replaces and that draft's version (a concurrent edit is refused)."""

    indicator = forms.CharField(max_length=40, widget=forms.HiddenInput)
    period = forms.CharField(max_length=16, widget=forms.HiddenInput)
    existing_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    existing_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    value = forms.CharField(required=False, max_length=40, label="Value")
    commentary = forms.CharField(
        required=False,
        max_length=4000,
        label="Commentary",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


GridFormSet = forms.formset_factory(GridRowForm, extra=0, max_num=500, validate_max=True)


class GridActionForm(forms.Form):
    """Which button: save the figures typed as drafts, or save and submit them."""

    SAVE, SUBMIT = "save", "submit"
    action = forms.ChoiceField(choices=[(SAVE, "Save as drafts"), (SUBMIT, "Save and submit")])


class AreaPeriodForm(forms.Form):
    """Which period the locality page is for: one of the indicator's recent complete periods."""

    period = forms.ChoiceField(label="Period")

    def __init__(self, *args, periods: list[cal.Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.label) for p in periods]


class AreaRowForm(forms.Form):
    """One locality's figure (or numerator and denominator) and commentary; blank: skipped.
    `version` is that of the locality's draft when the page was drawn (a concurrent edit is
    refused)."""

    area = forms.CharField(max_length=40, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    value = forms.CharField(required=False, max_length=30, label="Figure")
    numerator = forms.CharField(required=False, max_length=30, label="Children counted")
    denominator = forms.CharField(required=False, max_length=30, label="Out of")
    commentary = forms.CharField(
        required=False,
        max_length=4000,
        label="Commentary",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def has_figure(self) -> bool:
        data = self.cleaned_data
        return any((data.get(k) or "").strip() for k in ("value", "numerator", "denominator"))


AreaFormSet = forms.formset_factory(AreaRowForm, extra=0, max_num=60, validate_max=True)
