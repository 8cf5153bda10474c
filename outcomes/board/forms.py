"""Forms for the Board pages. They validate input; outcomes.board does the writing."""

from __future__ import annotations

from django import forms

from core.forms import GovukDateInput
from indicators.models import Indicator, Period
from outcomes.models import ActionUpdate, BoardAction, BoardSession, VoiceEntry


class QuarterField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class IndicatorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


def attendances_parse(text: str) -> list[dict]:
    """One attendee line each: "Organisation | Role | Number" (role and number optional)."""
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        rows.append(
            {
                "organisation": parts[0],
                "role": parts[1] if len(parts) > 1 else "",
                "count": parts[2] if len(parts) > 2 and parts[2] else 1,
            }
        )
    return rows


def attendances_text(session: BoardSession) -> str:
    return "\n".join(f"{a.organisation} | {a.role} | {a.count}" for a in session.attendances.all())


class SessionForm(forms.ModelForm):
    period = QuarterField(
        queryset=Period.objects.filter(kind="fin_quarter").order_by("-start"),
        label="Quarter reviewed",
    )
    attendances = forms.CharField(
        label="Attendees by organisation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One line each: Organisation | Role | Number, for example "
        '"Greater Manchester Police | Superintendent | 1". Roles, not names.',
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BoardSession
        fields = ["title", "date", "period", "focus_theme", "venue", "notes"]
        widgets = {"date": GovukDateInput(), "notes": forms.Textarea(attrs={"rows": 4})}
        labels = {"date": "Date of the meeting", "focus_theme": "Focus theme"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["attendances"] = attendances_text(self.instance)
            self.initial["version"] = self.instance.version

    def clean_attendances(self):
        return attendances_parse(self.cleaned_data["attendances"])


class VoiceForm(forms.ModelForm):
    class Meta:
        model = VoiceEntry
        fields = ["group", "how_heard", "said"]
        labels = {
            "group": "Group of young people",
            "how_heard": "How we heard them",
            "said": "What they said",
        }
        widgets = {"said": forms.Textarea(attrs={"rows": 5})}


class ActionForm(forms.ModelForm):
    indicators = IndicatorsField(
        queryset=Indicator.objects.order_by("code"),
        required=False,
        label="Indicators it aims to move",
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BoardAction
        fields = [
            "owner",
            "what",
            "due_date",
            "expected_impact",
            "impact_by",
            "status",
            "indicators",
        ]
        labels = {
            "owner": "Who",
            "what": "Will do what",
            "due_date": "By when",
            "expected_impact": "Impact we expect",
            "impact_by": "Impact expected by",
        }
        widgets = {
            "due_date": GovukDateInput(),
            "impact_by": GovukDateInput(),
            "what": forms.Textarea(attrs={"rows": 3}),
            "expected_impact": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class ActionUpdateForm(forms.ModelForm):
    class Meta:
        model = ActionUpdate
        fields = ["date", "status", "text"]
        labels = {"date": "Date of the update", "status": "Status now", "text": "Progress"}
        widgets = {
            "date": GovukDateInput(),
            "status": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
        }


class KeyIndicatorsForm(forms.Form):
    indicators = IndicatorsField(
        queryset=Indicator.objects.order_by("order", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Key indicators",
    )
