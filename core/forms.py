"""Form pieces shared by every app's pages."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

# An upload form's messages, GOV.UK style: what to do, not what went wrong.
UPLOAD_ERRORS = {
    "required": "Select a CSV or Excel (.xlsx) file to upload",
    "empty": "The selected file is empty",
    "invalid": "The selected file could not be read: choose it again",
}


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK Design System's date input: Day, Month and Year boxes in a fieldset
    (templates/includes/field.html). Posts `<name>_day`, `<name>_month`, `<name>_year`,
    joined to "year-month-day" for the DateField to check; a client that posts the one ISO
    field `<name>` (the API's shape) is still understood."""

    template_name = "core/widgets/govuk_date.html"
    PARTS = ("day", "month", "year")
    INCOMPLETE = "incomplete:"

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput() for part in self.PARTS}, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["invalid"] = (attrs or {}).get("aria-invalid") in (True, "true")
        return context

    def decompress(self, value):
        if isinstance(value, str):  # what was typed, checked or not: give it back as typed
            parts = value.removeprefix(self.INCOMPLETE).split("-", 2)
            if len(parts) != 3:
                return [None, None, None]
            year, month, day = parts
            return [day, month, year]
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = (
            str(part or "").strip() for part in super().value_from_datadict(data, files, name)
        )
        if not (day or month or year):
            return data.get(name)
        if not (day and month and year):
            return f"{self.INCOMPLETE}{year}-{month}-{day}"  # the DateField refuses it
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


def form_add_service_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: by field where the form has that field,
    otherwise at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
