"""The letters of the agreement workflow, each rendered from a template to HTML, then to PDF by WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.pdf import html_to_pdf
from sanad.providers.models import AgreementRequest

_CSS = Path(__file__).resolve().parent / "static" / "providers" / "letter.css"

# kind → (title, the field whose date says the letter exists)
LETTERS: dict[str, tuple[object, str]] = {
    "request": (_("Acknowledgement of the request"), "requested_on"),
    "mission": (_("Letter announcing the accreditation mission"), "mission_announced_on"),
    "report": (_("Transmittal of the accreditation report"), "report_shared_on"),
    "agreement_letter": (_("Letter of agreement"), "decided_on"),
    "refusal": (_("Letter of refusal"), "decided_on"),
    "draft": (_("Draft agreement"), "draft_sent_on"),
    "agreement": (_("Agreement"), "valid_from"),
    "suspension": (_("Notice of suspension"), "suspended_on"),
    "termination": (_("Notice of termination"), "terminated_on"),
}


def letters_available(request: AgreementRequest) -> list[tuple[str, object]]:
    """The letters a request's steps have produced so far."""
    out = []
    for kind, (title, field) in LETTERS.items():
        if getattr(request, field) is None:
            continue
        if kind == "agreement_letter" and request.refusal_reasons:
            continue
        if kind == "refusal" and not request.refusal_reasons:
            continue
        out.append((kind, title))
    return out


def letter_html(*, request: AgreementRequest, kind: str, fund, for_print: bool = False) -> str:
    """The letter as a full HTML page; for print the style sheet is inlined (WeasyPrint reads no URL)."""
    if kind not in dict(letters_available(request)):
        raise DomainError(ErrorCode.NOT_FOUND, _("This letter does not exist yet."), field="kind")
    title, field = LETTERS[kind]
    context = {
        "req": request,
        "facility": request.facility,
        "fund": fund,
        "title": title,
        "dated": getattr(request, field),
        "kind": kind,
        "inline_css": _CSS.read_text(encoding="utf-8") if for_print else "",
        "checklist": list(request.checklist.all()),
    }
    return render_to_string(f"providers/letters/{kind}.html", context)


def letter_pdf(*, request: AgreementRequest, kind: str, fund) -> bytes:
    """The letter as a PDF document."""
    return html_to_pdf(letter_html(request=request, kind=kind, fund=fund, for_print=True))
