"""A settlement run's report as papers: a PDF (totals, payees, lines rejected by reason) and a workbook
(the same, and every file settled), in the reader's language, right to left in Arabic."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from sanad.common.pdf import html_to_pdf
from sanad.common.templatetags.sanad import region_name
from sanad.common.vocabulary import FacilityKind
from sanad.funds.active import active_profile
from sanad.payments.models import SettlementRun
from sanad.payments.selectors.report import payee_rows, rejected_by_reason, settled_files

_MONEY = "#,##0.00"


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


def scope_text(run: SettlementRun) -> str:
    """The run's region and kind of facility in words ("all" when it covers every one)."""
    region = region_name(run.region) if run.region else _("every region")
    kind = FacilityKind(run.facility_kind).label if run.facility_kind else _("every kind of facility")
    return f"{region} · {kind}"


def report_context(run: SettlementRun) -> dict[str, Any]:
    profile = active_profile()
    lang = _language()
    return {
        "run": run,
        "scope": scope_text(run),
        "payees": payee_rows(run),
        "reasons": rejected_by_reason(run),
        "fund_name": profile.name.get(lang),
        "profile": profile,
        "lang": lang,
        "rtl": translation.get_language_bidi(),
    }


def run_report_pdf(run: SettlementRun) -> bytes:
    return html_to_pdf(render_to_string("payments/report_pdf.html", report_context(run)))


def _sheet(book: Any, title: str, header: list[str], rows: Any, rtl: bool) -> None:
    sheet = book.create_sheet(title[:31])
    if rtl:
        sheet.sheet_view.rightToLeft = True
    sheet.append([str(name) for name in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Labels are lazy translations: written as their text in the reader's language.
        sheet.append([str(value) if isinstance(value, Promise) else value for value in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if hasattr(cell.value, "as_tuple"):  # a Decimal: shown with its cents
                cell.number_format = _MONEY


def run_report_xlsx(run: SettlementRun) -> bytes:
    """The report as a workbook: summary, payees, rejected lines by reason, files settled."""
    context = report_context(run)
    rtl = bool(context["rtl"])
    book = openpyxl.Workbook()
    book.remove(book.active)
    summary = [
        (_("Settlement run"), run.number),
        (_("Received from"), run.period_start),
        (_("Received until"), run.period_end),
        (_("Scope"), context["scope"]),
        (_("Status"), run.get_status_display()),
        (_("Files"), run.files),
        (_("Payment orders"), run.orders),
        (_("Billed"), run.billed),
        (_("Accepted (fund share)"), run.fund_share),
        (_("Patient share"), run.patient_share),
        (_("Penalties"), run.penalty),
        (_("Currency"), run.currency),
    ]
    _sheet(book, _("Summary"), [_("Item"), _("Value")], summary, rtl)
    payees = (
        (
            p.reference,
            p.name,
            p.order.get_payee_kind_display(),
            p.order.files,
            p.order.billed,
            p.order.fund_share,
            p.order.patient_share,
            p.order.get_status_display(),
        )
        for p in context["payees"]
    )
    header = [_("Reference"), _("Payee"), _("Kind"), _("Files"), _("Billed"), _("Fund share")]
    _sheet(book, _("Payees"), [*header, _("Patient share"), _("Status")], payees, rtl)
    reasons = ((str(r.label), r.lines, r.billed) for r in context["reasons"])
    _sheet(book, _("Rejected by reason"), [_("Reason"), _("Lines"), _("Billed")], reasons, rtl)
    header = [_("Invoice number"), _("Facility code"), _("Received on"), _("Payee"), _("Billed")]
    header += [_("Fund share"), _("Patient share"), _("Penalty")]
    _sheet(book, _("Files"), header, settled_files(run), rtl)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
