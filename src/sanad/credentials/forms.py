"""The administrator's forms for API clients."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.common.guards import validate_identifier
from sanad.credentials.scopes import Scope

_OVERLAP_CHOICES = [
    (0, _("None: the current key stops at once")),
    (1, _("One hour")),
    (24, _("One day")),
    (168, _("One week")),
]


class ClientCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the software"), max_length=120)
    facility = forms.CharField(label=_("Facility code"), max_length=32, validators=[validate_identifier])
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )


class ScopesForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )


class RotateForm(forms.Form):
    overlap = forms.TypedChoiceField(
        label=_("The current key stays valid for"), choices=_OVERLAP_CHOICES, coerce=int, initial=24
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
