"""The GOV.UK date input (Day, Month, Year in a fieldset) behind every date on a form."""

from datetime import date

import pytest
from django import forms
from django.template.loader import render_to_string

from core.forms import GovukDateInput


class DueForm(forms.Form):
    due = forms.DateField(label="Due date", widget=GovukDateInput())


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"due_day": "5", "due_month": "10", "due_year": "2026"}, date(2026, 10, 5)),
        ({"due_day": " 05 ", "due_month": "1", "due_year": "2027"}, date(2027, 1, 5)),
        ({"due": "2026-10-05"}, date(2026, 10, 5)),  # one ISO field, as the API sends
    ],
)
def test_three_boxes_make_a_date(data, expected):
    form = DueForm(data=data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == expected


@pytest.mark.parametrize(
    "data",
    [
        {"due_day": "31", "due_month": "2", "due_year": "2026"},
        {"due_day": "5", "due_month": "", "due_year": "2026"},
        {"due_day": "x", "due_month": "10", "due_year": "2026"},
        {},
    ],
)
def test_not_a_date_is_an_error_on_the_field(data):
    form = DueForm(data=data)
    assert not form.is_valid()
    assert list(form.errors) == ["due"]


def test_renders_the_govuk_pattern_and_keeps_what_was_typed():
    form = DueForm(data={"due_day": "31", "due_month": "2", "due_year": "2026"})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["due"]})
    assert '<legend class="govuk-fieldset__legend' in html and "Due date</legend>" in html
    assert 'role="group"' in html and 'aria-describedby="id_due_helptext id_due_error"' in html
    for n, (label, name, value) in enumerate(
        [("Day", "due_day", "31"), ("Month", "due_month", "2"), ("Year", "due_year", "2026")]
    ):
        assert f'for="id_due_{n}">{label}</label>' in html
        assert f'id="id_due_{n}" name="{name}" type="text" inputmode="numeric" value="{value}"' in (
            html
        )
    assert html.count("govuk-input--error") == 3 and html.count('aria-invalid="true"') == 3
