"""The global invoice's pages: the facility sends its invoice and follows it; the finance officer lists the
invoices received, reads the match against the files and accepts or returns each one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.errors import DomainError
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import can, capability_required, require
from sanad.common.templatetags.sanad import local_name
from sanad.funds.active import active_profile
from sanad.payments.invoices import selectors
from sanad.payments.invoices.forms import InvoiceDecideForm, InvoiceFilterForm, InvoiceSendForm
from sanad.payments.invoices.services import invoice_decide, invoice_match, invoice_receive
from sanad.payments.models import InvoiceStatus
from sanad.providers.selectors import facility_of_user

EXPORT_HEADER = (
    gettext_lazy("Invoice number"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Invoice date"),
    gettext_lazy("Covers"),
    gettext_lazy("Total claimed"),
    gettext_lazy("Received on"),
    gettext_lazy("Status"),
    gettext_lazy("Reasons"),
)


def covers(invoice: Any) -> str:
    """What the invoice covers, in plain words: a batch by its number, or a period of receipt."""
    if invoice.batch_id is not None:
        return _("The batch %(number)s") % {"number": invoice.batch.number}
    return _("Files received from %(start)s to %(end)s") % {
        "start": date_format(invoice.period_start, "SHORT_DATE_FORMAT"),
        "end": date_format(invoice.period_end, "SHORT_DATE_FORMAT"),
    }


@login_required
@capability_required("claims.submit")
def facility_invoices(request: Any):
    """The facility's global invoices with their status, and the form to send one."""
    facility = facility_of_user(user=request.user)
    if facility is None:
        raise PermissionDenied("no facility")
    form = InvoiceSendForm(facility=facility)
    if request.method == "POST":
        form = InvoiceSendForm(request.POST, request.FILES, facility=facility)
        if form.is_valid():
            data = form.cleaned_data
            try:
                invoice = invoice_receive(
                    actor=request.user,
                    facility_id=facility.pk,
                    number=data["number"],
                    issued_on=data["issued_on"],
                    total=data["total"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    batch_id=data["batch"].pk if data["batch"] else None,
                    scan=data["scan"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("Invoice %(number)s sent to the fund.") % {"number": invoice.number}
                )
                return redirect("payments:facility_invoices")
    rows = [(invoice, covers(invoice)) for invoice in selectors.invoices_of_facility(facility)]
    context = {
        "form": form,
        "facility": facility,
        "facility_name": local_name(facility),
        "rows": rows,
        "currency": active_profile().currency,
    }
    return render(request, "payments/invoices/facility.html", context, status=400 if form.errors else 200)


def _export_row(invoice: Any) -> list[Any]:
    return [
        invoice.number,
        invoice.facility.code,
        local_name(invoice.facility),
        invoice.issued_on,
        covers(invoice),
        invoice.total,
        timezone.localdate(invoice.received_at),
        invoice.get_status_display(),
        invoice.reasons,
    ]


@login_required
@capability_required("payments.view")
def invoice_list(request: Any):
    """The global invoices received, newest first, filtered; `?export=csv|xlsx` downloads them."""
    form = InvoiceFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = selectors.invoice_rows(user=request.user, filters=filters).order_by("-id")
        cells = (_export_row(invoice) for invoice in rows.iterator(chunk_size=1000))
        return export_response(
            fmt=fmt, title=_("Global invoices"), header=EXPORT_HEADER, rows=cells, day=timezone.localdate()
        )
    page = selectors.invoice_page(
        user=request.user,
        filters=filters,
        older=request.GET.get("older", ""),
        newer=request.GET.get("newer", ""),
    )
    context = {
        "form": form,
        "page": page,
        "rows": [(invoice, covers(invoice), local_name(invoice.facility)) for invoice in page.rows],
        "query": filter_query(request.GET),
        "currency": active_profile().currency,
        **export_links(request.GET),
    }
    return render(request, "payments/invoices/list.html", context)


@login_required
@capability_required("payments.view")
def invoice_detail(request: Any, pk: int):
    """An invoice matched against the files it covers, with the differences per file; the finance
    officer accepts it or returns it with the reasons."""
    invoice = selectors.invoice_get(user=request.user, pk=pk)
    form = InvoiceDecideForm()
    if request.method == "POST":
        require(request.user, "payments.prepare")
        form = InvoiceDecideForm(request.POST)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            try:
                invoice_decide(
                    actor=request.user,
                    invoice_id=invoice.pk,
                    accept=accept,
                    reasons=form.cleaned_data["reasons"],
                    on=timezone.localdate(),
                )
            except DomainError as error:
                form.add_error("reasons" if error.field == "reasons" else None, error.message)
            else:
                done = _("Invoice accepted.") if accept else _("Invoice returned to the facility.")
                messages.success(request, done)
                return redirect("payments:invoice_detail", pk=invoice.pk)
    may_decide = invoice.status == InvoiceStatus.RECEIVED and can(request.user, "payments.prepare")
    context = {
        "invoice": invoice,
        "covers": covers(invoice),
        "facility": local_name(invoice.facility),
        "match": invoice_match(invoice),
        "form": form if may_decide else None,
        "currency": active_profile().currency,
    }
    return render(request, "payments/invoices/detail.html", context, status=400 if form.errors else 200)


@login_required
@capability_required("payments.view")
def invoice_scan(request: Any, pk: int):
    """The invoice's scan, to fund staff who read the invoices (never a public media address)."""
    invoice = selectors.invoice_get(user=request.user, pk=pk)
    if not invoice.scan:
        raise Http404
    suffix = invoice.scan.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        invoice.scan.open("rb"), filename=f"{invoice.facility.code}-{invoice.number}.{suffix}"
    )
