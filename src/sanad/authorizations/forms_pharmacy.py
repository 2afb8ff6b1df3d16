"""Forms of the fund's pharmacy and of the batches of requests: they parse what was typed; the rules live
in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.forms import DateInput


class PharmacyFilterForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False, max_length=20)
    registration_number = forms.CharField(label=_("Registration number"), required=False, max_length=32)


class DispenseForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=32)
    quantity = forms.IntegerField(label=_("Quantity handed over"), min_value=1)
    day = forms.DateField(label=_("Handed over on"), widget=DateInput)


class BatchForm(forms.Form):
    """The requests ticked on the page; the service checks how many and whose."""

    references = forms.MultipleChoiceField(label=_("Requests"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["references"].choices = list(choices)
