"""The global invoice's forms: the facility's sending, the finance officer's filters and decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import Batch
from sanad.common.scans import ScanField
from sanad.payments.forms import DateInput
from sanad.payments.invoices.selectors import InvoiceFilters
from sanad.payments.models import InvoiceStatus

PERIOD, BATCH = "period", "batch"


class BatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Batch) -> str:
        if obj.received_on is None:
            return obj.number
        return _("%(number)s, received on %(date)s") % {
            "number": obj.number,
            "date": date_format(obj.received_on, "SHORT_DATE_FORMAT"),
        }


class InvoiceSendForm(forms.Form):
    """A facility's global invoice: for the files it sent in a period, or in one of its batches."""

    number = forms.CharField(label=_("Invoice number"), max_length=40)
    issued_on = forms.DateField(label=_("Invoice date"), widget=DateInput)
    total = forms.DecimalField(label=_("Total claimed"), max_digits=18, decimal_places=2, min_value=0)
    covers = forms.ChoiceField(
        label=_("The invoice covers"),
        choices=[(PERIOD, _("The files received in a period")), (BATCH, _("One batch of files"))],
        widget=forms.RadioSelect,
        initial=PERIOD,
    )
    period_start = forms.DateField(label=_("Files received from"), required=False, widget=DateInput)
    period_end = forms.DateField(label=_("Files received until"), required=False, widget=DateInput)
    batch = BatchChoiceField(label=_("Batch"), queryset=Batch.objects.none(), required=False)
    scan = ScanField(label=_("Scan of the invoice"))

    def __init__(self, *args: Any, facility: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = Batch.objects.filter(facility=facility).order_by("-id")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("covers") == BATCH:
            if data.get("batch") is None:
                self.add_error("batch", _("Choose the batch of files the invoice covers."))
            data["period_start"] = data["period_end"] = None
        else:
            start, end = data.get("period_start"), data.get("period_end")
            for name in ("period_start", "period_end"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give the period the invoice covers."))
            if start and end and end < start:
                self.add_error("period_end", _("The end of the period comes before its start."))
            data["batch"] = None
        return data


class InvoiceFilterForm(forms.Form):
    facility = forms.CharField(label=_("Facility code"), required=False, max_length=32)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Every status")), *InvoiceStatus.choices]
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput)
    received_to = forms.DateField(label=_("Received until"), required=False, widget=DateInput)

    def filters(self) -> InvoiceFilters:
        if not self.is_bound or not self.is_valid():
            return InvoiceFilters()
        data = self.cleaned_data
        return InvoiceFilters(
            facility=data["facility"].strip(),
            status=data["status"],
            received_from=data["received_from"],
            received_to=data["received_to"],
        )


class InvoiceDecideForm(forms.Form):
    """Accept the invoice, or return it to the facility saying why."""

    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return to the facility"))])
    reasons = forms.CharField(
        label=_("Reasons for returning it"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Say why the invoice is returned."))
        return data
