"""Forms of the bank account pages: a new account proposed (a facility's or a member's), a refusal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.payments.forms import DateInput


class AccountProposeForm(forms.Form):
    account = forms.CharField(label=_("Bank account (IBAN or RIB)"), max_length=40)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    certificate = forms.FileField(label=_("Scan of the bank certificate"), required=False)


class AccountRefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusal"), max_length=500)
