"""Forms of the deposit and pick-up calendar: they parse what was typed; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.forms import DateInput
from sanad.authorizations.models import SlotKind


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class OfficeForm(forms.Form):
    """Which regional office and which week (any day of it)."""

    region = forms.ChoiceField(label=_("Regional office"))
    week = forms.DateField(label=_("Week of"), required=False, widget=DateInput)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions


class SlotForm(forms.Form):
    facility = forms.ChoiceField(label=_("Facility"))
    kind = forms.ChoiceField(label=_("Kind"), choices=SlotKind.choices)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    starts = forms.TimeField(label=_("From"), widget=TimeInput)
    ends = forms.TimeField(label=_("To"), widget=TimeInput)

    def __init__(self, *args: Any, facilities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = facilities


class CancelSlotForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class ContactForm(forms.Form):
    facility = forms.ChoiceField(label=_("Facility"))
    contact = forms.ChoiceField(label=_("Named contact"))
    phone = forms.CharField(label=_("Contact's phone"), max_length=32, required=False)

    def __init__(
        self, *args: Any, facilities: list[tuple[str, str]], staff: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = facilities
        self.fields["contact"].choices = staff
