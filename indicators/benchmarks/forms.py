"""Forms for the benchmark pages: one benchmark, and the file to import."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import UPLOAD_ERRORS
from indicators.benchmarks import services as benchmarks
from indicators.models import Benchmark, Indicator, Period


class BenchmarkForm(forms.Form):
    indicator = forms.ChoiceField(label="Indicator")
    period = forms.CharField(
        label="Period code",
        max_length=16,
        help_text="Usually a year, for example FY2018-19 or AY2018-19, "
        "or one of the indicator's own periods",
    )
    # a select, not radios: includes/form_errors.html links an error to id_for_label, which
    # Django leaves empty for a radio group
    comparator = forms.ChoiceField(
        label="Comparator", choices=[("", "Choose a comparator"), *Benchmark.Comparator.choices]
    )
    value = forms.CharField(
        label="Value",
        max_length=30,
        help_text="A percentage as a number from 0 to 100, without the % sign",
    )
    quartile = forms.ChoiceField(
        label="Manchester's quartile among English local authorities (England only)",
        required=False,
        choices=[("", "Not published"), *Benchmark._meta.get_field("quartile").choices],
    )
    source = forms.CharField(
        label="Source (optional)",
        max_length=benchmarks.SOURCE_MAX,
        required=False,
        help_text="For example DfE LAIT 2019",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            ("", "Choose an indicator"),
            *(
                (code, f"{code}: {name}")
                for code, name in Indicator.objects.order_by("code").values_list("code", "name")
            ),
        ]

    def clean_period(self):
        code = self.cleaned_data["period"].strip()
        self.period = Period.objects.filter(code=code).first()
        if self.period is None:
            raise ValidationError(
                f"No period with code {code!r}: use a code such as "
                "FY2018-19, AY2018-19, FY2018-19-Q2 or 2019-03."
            )
        return code


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel (.xlsx) file",
        help_text="Headings: " + ",".join(benchmarks.COLUMNS),
        error_messages=UPLOAD_ERRORS,
    )
