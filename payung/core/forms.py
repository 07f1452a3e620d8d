"""Form pieces every Payung form uses, so that they behave the same in every language.

A browser's `<input type=date>` accepts only an ISO value (`2026-12-01`); Django's own DateInput
renders the active language's first input format (`01-12-2026` in Indonesian), which the browser
drops, leaving a required date blank. `DateInput` and `DateField` always render ISO.
"""

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A browser date picker whose value is ISO in every language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateField(forms.DateField):
    """A date field shown as a browser date picker (ISO value in every language)."""

    widget = DateInput


def renders_iso(field: forms.Field) -> bool:
    """Whether a date field's widget renders ISO values whatever the language."""
    widget = field.widget
    return not isinstance(field, forms.DateField) or (
        isinstance(widget, forms.DateInput) and widget.format == ISO_DATE
    )
