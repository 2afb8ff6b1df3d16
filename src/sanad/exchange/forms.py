"""The administrator's form for a new HCX participant."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.common.guards import validate_identifier


class ParticipantForm(forms.Form):
    code = forms.CharField(label=_("Participant code"), max_length=64, validators=[validate_identifier])
    name = forms.CharField(label=_("Name"), max_length=120)
    client = forms.ModelChoiceField(label=_("Its software's API client"), queryset=None)
    public_key = forms.CharField(
        label=_("Its public key (JWK or PEM)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    callback_url = forms.URLField(label=_("Address of its callbacks"), max_length=255, assume_scheme="https")

    def __init__(self, *args, clients, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["client"].label_from_instance = lambda c: f"{c.name} — {c.facility.code}"
