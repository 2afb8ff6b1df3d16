"""Forms of the register's pages (queue and contributions): they parse; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.common.guards import DayField, PastDateField, validate_identifier
from sanad.common.scans import ScanField
from sanad.funds.active import active_profile
from sanad.registry.models import CorrectionKind, QueueService, Relationship
from sanad.registry.rules import certificate_kinds
from sanad.registry.vocabulary import CertificateKind, PaymentMethod


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


def certificate_choices(dependant: Any) -> list[tuple[str, str]]:
    """The certificates of the profile's rules that fit this dependant (spouse, child, disabled child)."""
    rules = active_profile().dependants
    kinds = certificate_kinds(active_profile())
    if dependant.relationship == Relationship.SPOUSE:
        fitting = {CertificateKind.NO_PROFESSION.value}
    else:
        fitting = set(rules.student_certificates)
        if dependant.disabled:
            fitting.add(rules.disabled_child_certificate)
    labels = dict(CertificateKind.choices)
    return [(kind, labels.get(kind, kind)) for kind in sorted(kinds & fitting)]


class CertificateAddForm(forms.Form):
    """A supporting certificate handed in after the enrollment, from the member's page."""

    kind = forms.ChoiceField(label=_("Kind of certificate"))
    issued_on = DayField(label=_("Issued on"), widget=DateInput)
    expires_on = DayField(label=_("Expires on"), widget=DateInput, required=False)
    reference = forms.CharField(
        label=_("Reference"), max_length=60, required=False, validators=[validate_identifier]
    )
    scan = ScanField(label=_("Scan"))

    def __init__(self, *args: Any, dependant: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"certificate-{dependant.pk}")
        super().__init__(*args, **kwargs)
        self.dependant = dependant
        self.fields["kind"].choices = certificate_choices(dependant)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        issued_on, expires_on = data.get("issued_on"), data.get("expires_on")
        if issued_on and expires_on and expires_on < issued_on:
            self.add_error("expires_on", _("A certificate cannot expire before it is issued."))
        return data


def region_choices(language: str) -> list[tuple[str, str]]:
    return [(region.code, region.name.get(language)) for region in active_profile().regions]


class DeskForm(forms.Form):
    """Where the agent sits: the branch (a regional agency) and the counter number."""

    branch = forms.ChoiceField(label=_("Branch"))
    counter = forms.IntegerField(label=_("Counter"), min_value=1, max_value=99)

    def __init__(self, *args: Any, language: str = "fr", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = region_choices(language)


class TicketIssueForm(forms.Form):
    service = forms.ChoiceField(label=_("Service asked"), choices=QueueService.choices)


# The fields each way of paying needs (seed 003: cash, mobile payment, transfer, cheque).
METHOD_FIELDS: dict[str, tuple[str, ...]] = {
    PaymentMethod.CASH: (),
    PaymentMethod.MOBILE_MONEY: ("operator", "reference"),
    PaymentMethod.BANK_TRANSFER: ("reference",),
    PaymentMethod.CHEQUE: ("cheque_number", "bank"),
}


class ContributionForm(forms.Form):
    method = forms.ChoiceField(label=_("Payment method"))
    paid_on = PastDateField(label=_("Paid on"))
    operator = forms.ChoiceField(label=_("Mobile-money operator"), required=False)
    reference = forms.CharField(label=_("Transaction reference"), max_length=60, required=False)
    cheque_number = forms.CharField(label=_("Cheque number"), max_length=30, required=False)
    bank = forms.CharField(label=_("Bank"), max_length=80, required=False)
    salary = forms.DecimalField(
        label=_("Salary"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    payer = forms.CharField(label=_("Payer"), max_length=120, required=False)
    confirm_gap = forms.BooleanField(
        label=_("I confirm: rights had lapsed, the family waits again before being covered"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = active_profile().contributions
        labels = dict(PaymentMethod.choices)
        self.fields["method"].choices = [(m, labels.get(m, m)) for m in rules.payment_methods]
        self.fields["operator"].choices = [("", "—")] + [(o, o) for o in rules.mobile_money_operators]
        if rules.salary is None:
            del self.fields["salary"]
        else:
            self.fields["salary"].required = True

    def method_value(self) -> str:
        """The method chosen (or offered first): it decides which fields the page shows."""
        value = self.data.get("method") if self.is_bound else self.initial.get("method")
        return value if value in METHOD_FIELDS else self.fields["method"].choices[0][0]

    def method_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in METHOD_FIELDS.get(self.method_value(), ())]

    def common_fields(self) -> list[forms.BoundField]:
        # The confirmation is asked only once the service said that rights had lapsed.
        asked = self.is_bound and ("confirm_gap" in self.errors or self.data.get("confirm_gap"))
        names = ("paid_on", "salary", "payer", "confirm_gap") if asked else ("paid_on", "salary", "payer")
        return [self[name] for name in names if name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in METHOD_FIELDS.get(data.get("method", ""), ()):
            if not data.get(name):
                self.add_error(name, _("This value is required."))
        return data


class ContributionCorrectionForm(forms.Form):
    """Void, refund or re-date one payment: the reason always, the right date or the refund's reference."""

    kind = forms.ChoiceField(label=_("Correction"), choices=CorrectionKind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    paid_on = PastDateField(label=_("Correct payment date"), required=False)
    refund_reference = forms.CharField(label=_("Refund reference"), max_length=60, required=False)

    def __init__(self, *args: Any, contribution: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"correct-{contribution.pk}")
        super().__init__(*args, **kwargs)
        self.contribution = contribution


class CorrectionDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note (required to refuse)"), max_length=300, required=False)
