"""The two forms of the insured person's login."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.common.errors import DomainError
from sanad.registry.certificates.access import registration_number_valid


class NumberForm(forms.Form):
    registration_number = forms.CharField(
        label=_("Registration number"),
        max_length=40,
        help_text=_("As printed on your rights certificate or in the SMS of your enrollment."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "spellcheck": "false"}),
    )

    def clean_registration_number(self) -> str:
        try:
            return registration_number_valid(self.cleaned_data["registration_number"])
        except DomainError as error:
            raise forms.ValidationError(error.message, code="invalid") from error


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code received by SMS"),
        min_length=6,
        max_length=6,
        help_text=_("The 6 digits of the SMS; the code is valid for 10 minutes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Type the 6 digits of the code, nothing else."), code="invalid")
        return code
