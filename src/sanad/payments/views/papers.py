"""Downloads of a run: its report (PDF, XLSX) and its bank files (ISO 20022 XML, CSV)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.export import export_response
from sanad.common.permissions import capability_required
from sanad.common.tabular import CONTENT_TYPES
from sanad.payments.selectors import runs as selectors
from sanad.payments.selectors.papers import run_report_pdf, run_report_xlsx
from sanad.payments.statuses import RunStatus

CSV_HEADER = (
    gettext_lazy("End-to-end reference"),
    gettext_lazy("Creditor"),
    gettext_lazy("Account"),
    gettext_lazy("IBAN"),
    gettext_lazy("Amount"),
    gettext_lazy("Currency"),
    gettext_lazy("Execution date"),
    gettext_lazy("Message reference"),
)


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Bank details and amounts: no shared cache keeps them.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@capability_required("payments.view")
def run_report(request: Any, pk: int, fmt: str):
    run = selectors.run_get(user=request.user, run_id=pk)
    if run.status in (RunStatus.PREPARING, RunStatus.CANCELLED) or fmt not in ("pdf", "xlsx"):
        raise Http404
    if fmt == "pdf":
        return _attachment(run_report_pdf(run), "application/pdf", f"{run.number}.pdf")
    return _attachment(run_report_xlsx(run), CONTENT_TYPES["xlsx"], f"{run.number}.xlsx")


@login_required
@capability_required("payments.view")
def bank_file_download(request: Any, pk: int, fmt: str):
    """The bank file as sent to the bank (the XML checked against the schema), or the same as CSV."""
    bank_file = selectors.bank_file_get(user=request.user, pk=pk)
    if fmt == "xml":
        return _attachment(bank_file.xml.encode("utf-8"), "application/xml", f"{bank_file.message_id}.xml")
    if fmt != "csv":
        raise Http404
    rows = (
        [
            t.end_to_end_id,
            t.creditor_name,
            t.account,
            _("Yes") if t.account[:2].isalpha() else _("No"),
            t.amount,
            t.currency,
            bank_file.execution_date,
            bank_file.message_id,
        ]
        for t in bank_file.transfers.order_by("order_id")
    )
    title = _("Transfers %(reference)s") % {"reference": bank_file.message_id}
    return export_response(fmt="csv", title=title, header=CSV_HEADER, rows=rows, day=bank_file.execution_date)
