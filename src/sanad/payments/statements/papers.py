"""A facility's statement of a settlement run as papers: a PDF and a workbook, in the reader's language,
right to left in Arabic (the same look as the run's report)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from sanad.common.pdf import html_to_pdf
from sanad.common.templatetags.sanad import local_name
from sanad.funds.active import active_profile
from sanad.payments.selectors.papers import _sheet
from sanad.payments.statements.selectors import Statement


def statement_name(statement: Statement) -> str:
    """The file name of a statement: the run's number and the facility's code."""
    return f"{statement.run.number}-{statement.facility.code}"


def statement_context(statement: Statement) -> dict[str, Any]:
    profile = active_profile()
    lang = (translation.get_language() or "fr").split("-")[0]
    return {
        "statement": statement,
        "run": statement.run,
        "order": statement.order,
        "facility_name": local_name(statement.facility),
        "fund_name": profile.name.get(lang),
        "profile": profile,
        "lang": lang,
        "rtl": translation.get_language_bidi(),
    }


def statement_pdf(statement: Statement) -> bytes:
    return html_to_pdf(
        render_to_string("payments/statements/statement_pdf.html", statement_context(statement))
    )


def _clock_text(clock: Any) -> str:
    if clock.paid:
        return _("paid after %(days)s days") % {"days": clock.days}
    return _("%(days)s days, not paid yet") % {"days": clock.days}


def statement_xlsx(statement: Statement) -> bytes:
    """The statement as a workbook: its summary, the files paid, the lines rejected by reason."""
    order, run = statement.order, statement.run
    rtl = bool(translation.get_language_bidi())
    book = openpyxl.Workbook()
    book.remove(book.active)
    summary = [
        (_("Settlement run"), run.number),
        (_("Facility"), f"{statement.facility.code} · {local_name(statement.facility)}"),
        (_("Files received"), f"{run.period_start:%d/%m/%Y} – {run.period_end:%d/%m/%Y}"),
        (_("Status"), order.get_status_display()),
        (_("Paid on"), order.paid_on),
        (_("Files"), order.files),
        (_("Billed"), order.billed),
        (_("Rejected"), statement.rejected),
        (_("Patient share"), order.patient_share),
        (_("Penalties"), order.penalty),
        (_("Accepted (fund share)"), order.fund_share),
        (_("Supplements (files decided again for more)"), statement.supplement),
        (_("Recoveries"), statement.recovered),
        (_("Net to pay"), statement.net),
        (_("Currency"), run.currency),
    ]
    _sheet(book, _("Summary"), [_("Item"), _("Value")], summary, rtl)
    header = [_("Invoice number"), _("Received on"), _("Billed"), _("Rejected"), _("Patient share")]
    header += [_("Penalty"), _("Accepted (fund share)"), _("Reasons for rejection"), _("Processing time")]
    files = (
        (
            f.invoice_number,
            f.received_on,
            f.billed,
            f.rejected,
            f.patient_share,
            f.penalty,
            f.fund_share,
            "; ".join(f.reasons),
            _clock_text(f.clock),
        )
        for f in statement.files
    )
    _sheet(book, _("Files"), header, files, rtl)
    if statement.supplements:
        header = [_("Invoice number"), _("Already paid"), _("Fund share decided again"), _("Supplement")]
        rows = ((s.billing_file.invoice_number, s.paid, s.now_due, s.amount) for s in statement.supplements)
        _sheet(book, _("Supplements"), header, rows, rtl)
    reasons = ((r.text, r.lines, r.billed) for r in statement.reasons)
    _sheet(book, _("Rejected by reason"), [_("Reason"), _("Lines"), _("Billed")], reasons, rtl)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
