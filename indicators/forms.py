"""Forms for the indicator page: the chart's range (read from the query string)."""

from django import forms

from outcomes.dashboard.charts import DEFAULT_RANGE, RANGES


class ChartRangeForm(forms.Form):
    """`?range=3y|5y|all`: how many years the chart and its table show; anything else, or
    nothing, is the default (3 years)."""

    range = forms.ChoiceField(
        label="Show", choices=[(code, label) for code, (label, _) in RANGES.items()], required=False
    )

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["range"]:
            return self.cleaned_data["range"]
        return DEFAULT_RANGE

    def options(self) -> list[dict]:
        """The range links, each with its words and whether it is the one shown."""
        chosen = self.chosen()
        return [
            {
                "code": code,
                "label": "Show all" if years is None else f"Show {label}",
                "current": code == chosen,
            }
            for code, (label, years) in RANGES.items()
        ]
