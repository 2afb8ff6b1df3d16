"""The finance officer's money lists (issue 20: every figure is a link to the list behind it): what was paid
in a period, what was recovered, and what is still to pay; each with the indicators' filters (facility,
region, kind of facility, care type), paged by key and exported as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.selectors.fund_lists import facilities_matching
from sanad.claims.statuses import CareType
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import capability_required
from sanad.common.templatetags.sanad import local_name
from sanad.common.vocabulary import FacilityKind
from sanad.funds.active import active_profile
from sanad.payments.forms import DateInput
from sanad.payments.models.recoveries import RecoveryReason
from sanad.payments.selectors.paid_lists import (
    OFFSET,
    PAID_BACK,
    SETTLED_FILE,
    SUPPLEMENT,
    MoneyFilters,
    MoneyRow,
    payable_list,
    payables_export,
    payment_list_paid,
    payments_export_paid,
    recoveries_export_recovered,
    recovery_list_recovered,
)

KIND_NAMES = {
    SETTLED_FILE: gettext_lazy("File settled"),
    SUPPLEMENT: gettext_lazy("Supplement"),
    OFFSET: gettext_lazy("Deducted from a payment"),
    PAID_BACK: gettext_lazy("Paid back by the payee"),
}
_PERIOD_ERROR = gettext_lazy("The end of the period comes before its start.")


def _ordered(form: forms.Form, start: str, end: str, message: Any) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first is not None and last is not None and last < first:
        form.add_error(end, message)


class _MoneyFilterForm(forms.Form):
    """The indicators' dimensions: a facility by code or name, its region and kind, the care type."""

    facility = forms.CharField(label=gettext_lazy("Facility (code or name)"), max_length=100, required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    facility_kind = forms.ChoiceField(label=gettext_lazy("Kind of facility"), required=False)
    care_type = forms.ChoiceField(label=gettext_lazy("Care type"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [(r.code, r.name.get_text()) for r in active_profile().regions]
        self.fields["region"].choices = [("", gettext_lazy("Every region")), *regions]
        self.fields["facility_kind"].choices = [
            ("", gettext_lazy("Every kind of facility")),
            *FacilityKind.choices,
        ]
        self.fields["care_type"].choices = [("", gettext_lazy("Every care type")), *CareType.choices]

    def _data(self) -> dict[str, Any]:
        # A form with errors filters nothing: the page shows the errors next to their fields.
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def facilities(self) -> list[Any] | None:
        """The facilities the text names (None when no facility was typed)."""
        text = (self._data().get("facility") or "").strip()
        if not text:
            return None
        if not hasattr(self, "_facilities"):
            self._facilities = facilities_matching(text=text)
        return self._facilities

    def filters(self) -> MoneyFilters:
        data = self._data()
        facilities = self.facilities()
        return MoneyFilters(
            start=data.get("start"),
            end=data.get("end"),
            facility_ids=None if facilities is None else tuple(f.pk for f in facilities),
            region=data.get("region") or "",
            facility_kind=data.get("facility_kind") or "",
            care_type=data.get("care_type") or "",
            kind=data.get("kind") or "",
            days_from=data.get("days_from"),
            days_to=data.get("days_to"),
            reason=data.get("reason") or "",
        )


class PaidFilterForm(_MoneyFilterForm):
    start = forms.DateField(label=gettext_lazy("Paid from"), widget=DateInput, required=False)
    end = forms.DateField(label=gettext_lazy("Paid until"), widget=DateInput, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Payment"), required=False)
    days_from = forms.IntegerField(
        label=gettext_lazy("Days from receipt to payment, from"),
        min_value=0,
        required=False,
        help_text=gettext_lazy("Settled files only: a supplement has no such clock."),
    )
    days_to = forms.IntegerField(
        label=gettext_lazy("Days from receipt to payment, up to"), min_value=0, required=False
    )
    field_order = ["start", "end", "facility", "region", "facility_kind", "care_type", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", gettext_lazy("Files settled and supplements")),
            (SETTLED_FILE, gettext_lazy("Files settled")),
            (SUPPLEMENT, gettext_lazy("Supplements")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(self, "start", "end", _PERIOD_ERROR)
        _ordered(
            self, "days_from", "days_to", gettext_lazy("The upper number of days is below the lower one.")
        )
        return data


class RecoveredFilterForm(_MoneyFilterForm):
    start = forms.DateField(label=gettext_lazy("Recovered from"), widget=DateInput, required=False)
    end = forms.DateField(label=gettext_lazy("Recovered until"), widget=DateInput, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("How"), required=False)
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), required=False)
    field_order = ["start", "end", "facility", "region", "facility_kind", "care_type", "kind", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", gettext_lazy("Deducted or paid back")),
            (OFFSET, KIND_NAMES[OFFSET]),
            (PAID_BACK, KIND_NAMES[PAID_BACK]),
        ]
        self.fields["reason"].choices = [("", gettext_lazy("Every reason")), *RecoveryReason.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(self, "start", "end", _PERIOD_ERROR)
        return data


class PayablesFilterForm(_MoneyFilterForm):
    end = forms.DateField(
        label=gettext_lazy("Owed at the end of"),
        widget=DateInput,
        required=False,
        help_text=gettext_lazy("Blank: today. A past day lists what was owed that evening."),
    )

    def clean_end(self) -> Any:
        day = self.cleaned_data.get("end")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day before."))
        return day


def _money_cells(row: MoneyRow, *, reason: bool) -> list[Any]:
    billing_file = row.billing_file
    cells = [
        billing_file.invoice_number,
        billing_file.facility.code,
        local_name(billing_file.facility),
        billing_file.care_sheet.get_care_type_display(),
        billing_file.received_on,
        row.day,
        str(KIND_NAMES[row.kind]),
    ]
    if reason:
        cells.append(str(RecoveryReason(row.reason).label) if row.reason in RecoveryReason.values else "")
    else:
        cells.append(None if billing_file.received_on is None else (row.day - billing_file.received_on).days)
    cells.append(row.amount)
    return cells


def _payable_cells(billing_file: Any) -> list[Any]:
    return [
        billing_file.invoice_number,
        billing_file.facility.code,
        local_name(billing_file.facility),
        billing_file.care_sheet.get_care_type_display(),
        billing_file.received_on,
        billing_file.due_on,
        billing_file.owed,
    ]


_COMMON = (
    gettext_lazy("Invoice number"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Care type"),
    gettext_lazy("Received on"),
)
PAID_HEADER = (
    *_COMMON,
    gettext_lazy("Paid on"),
    gettext_lazy("Payment"),
    gettext_lazy("Days from receipt"),
    gettext_lazy("Amount paid"),
)
RECOVERED_HEADER = (
    *_COMMON,
    gettext_lazy("Recovered on"),
    gettext_lazy("How"),
    gettext_lazy("Reason"),
    gettext_lazy("Amount recovered"),
)
PAYABLES_HEADER = (*_COMMON, gettext_lazy("Due on"), gettext_lazy("Fund share owed"))


def _render(request: Any, *, form: Any, title: Any, intro: Any, header: Any, page: Any, rows: Any) -> Any:
    context = {
        "title": title,
        "intro": intro,
        "form": form,
        "facilities": form.facilities(),
        "header": [str(name) for name in header],
        "page": page,
        "rows": rows,
        "query": filter_query(request.GET),
        **export_links(request.GET),
    }
    return render(request, "payments/money_list.html", context)


def _money_list(
    request: Any, *, form: Any, title: Any, intro: Any, header: Any, read: Any, export: Any, reason: bool
):
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (_money_cells(r, reason=reason) for r in export(user=request.user, filters=filters))
        return export_response(fmt=fmt, title=title, header=header, rows=rows, day=timezone.localdate())
    page = read(user=request.user, filters=filters, after=request.GET.get("after", ""))
    rows = [{"file": r.billing_file, "row": r, "cells": _money_cells(r, reason=reason)} for r in page.rows]
    return _render(request, form=form, title=title, intro=intro, header=header, page=page, rows=rows)


@login_required
@capability_required("payments.view")
def paid_list(request: Any):
    """The files settled in orders the bank confirmed paid in a period, and the supplements they paid."""
    return _money_list(
        request,
        form=PaidFilterForm(request.GET or None),
        title=_("Payments made"),
        intro=_(
            "The files settled in payment orders the bank confirmed paid in the period, with the fund's "
            "share, and the supplements paid on files decided again for more."
        ),
        header=PAID_HEADER,
        read=payment_list_paid,
        export=payments_export_paid,
        reason=False,
    )


@login_required
@capability_required("payments.view")
def recovered_list(request: Any):
    """The sums paid wrongly and got back in a period: deducted from a payment, or paid back."""
    return _money_list(
        request,
        form=RecoveredFilterForm(request.GET or None),
        title=_("Sums recovered"),
        intro=_(
            "Sums paid wrongly before and got back in the period: deducted from the payment orders the bank "
            "confirmed paid, or paid back by the payee."
        ),
        header=RECOVERED_HEADER,
        read=recovery_list_recovered,
        export=recoveries_export_recovered,
        reason=True,
    )


@login_required
@capability_required("payments.view")
def payables_list(request: Any):
    """The validated files not paid yet, with the fund's share they are owed."""
    form = PayablesFilterForm(request.GET or None)
    filters = form.filters()
    title = _("Still to pay")
    if filters.end is not None and filters.end < timezone.localdate():
        title = _("Still to pay at the end of %(day)s") % {"day": date_format(filters.end, "DATE_FORMAT")}
    fmt = export_format(request.GET)
    if fmt:
        rows = (_payable_cells(f) for f in payables_export(user=request.user, filters=filters))
        return export_response(
            fmt=fmt, title=title, header=PAYABLES_HEADER, rows=rows, day=timezone.localdate()
        )
    page = payable_list(user=request.user, filters=filters, after=request.GET.get("after", ""))
    rows = [{"file": f, "cells": _payable_cells(f)} for f in page.rows]
    intro = _(
        "Validated files the fund has not paid yet: not settled, or settled in a payment order not yet "
        "confirmed paid by the bank."
    )
    return _render(request, form=form, title=title, intro=intro, header=PAYABLES_HEADER, page=page, rows=rows)
