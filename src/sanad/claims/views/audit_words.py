"""A billing file's audit trail in the reader's words: each step by its name, each value it recorded by a
label, statuses, documents and reasons by their labels, days and amounts in the reader's format, and no
database id (the page shows the care sheet, the decision and the documents themselves)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sanad.adjudication import CATALOGUE, Reason
from sanad.claims.statuses import (
    CareType,
    DocumentKind,
    FileStatus,
    LineVerdict,
    Outcome,
    ReviewReason,
    RoutingChoice,
    SheetStatus,
)

FIELDS = {
    "status": gettext_lazy("Status"),
    "file_status": gettext_lazy("Status of the file"),
    "routing": gettext_lazy("Routing"),
    "reasons": gettext_lazy("Reasons"),
    "reason": gettext_lazy("Reason"),
    "note": gettext_lazy("Note"),
    "message": gettext_lazy("Message"),
    "documents": gettext_lazy("Documents"),
    "kind": gettext_lazy("Document"),
    "invoice_number": gettext_lazy("Invoice number"),
    "complaint": gettext_lazy("Complaint"),
    "billed": gettext_lazy("Billed"),
    "fund_share": gettext_lazy("Fund share"),
    "patient_share": gettext_lazy("Patient share"),
    "preview_fund_share": gettext_lazy("Fund share before sending"),
    "preview_patient_share": gettext_lazy("Patient share before sending"),
    "lines": gettext_lazy("Fund share per line"),
    "verdicts": gettext_lazy("Decision per line"),
    "received_on": gettext_lazy("Received on"),
    "due_on": gettext_lazy("Due on"),
    "answered_on": gettext_lazy("Answered on"),
    "care_date": gettext_lazy("Date of care"),
    "care_type": gettext_lazy("Type of care"),
}
# Database ids of the care sheet, batch, decision, document or request a step touched: shown elsewhere on
# the page by what they are, never by their number.
IDS = frozenset({"care_sheet", "batch", "decision", "document", "request", "version"})

# The labels of the codes a value may hold, by field.
_CODES: dict[str, dict[str, Any]] = {
    # A step records the status of what it changed: the file, its care sheet or the engine's decision.
    "status": {**dict(SheetStatus.choices), **dict(Outcome.choices), **dict(FileStatus.choices)},
    "file_status": dict(FileStatus.choices),
    "routing": dict(RoutingChoice.choices),
    "documents": dict(DocumentKind.choices),
    "kind": dict(DocumentKind.choices),
    "reason": dict(ReviewReason.choices),
    "care_type": dict(CareType.choices),
}
_WRITTEN = frozenset({"note", "message"})
_AMOUNTS = frozenset({"billed", "fund_share", "patient_share", "preview_fund_share", "preview_patient_share"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLACEHOLDER = re.compile(r"\{\w+\}")


def reason_outline(code: str) -> str:
    """An engine reason in words, its placeholders as dots; an unknown code as it is."""
    try:
        entry = CATALOGUE[Reason(code)]
    except ValueError:
        return code
    language = (get_language() or "fr").split("-")[0]
    return _PLACEHOLDER.sub("…", getattr(entry, language, entry.fr))


def _amount(value: Any) -> str:
    try:
        return number_format(Decimal(str(value)), decimal_pos=2)
    except InvalidOperation:
        return str(value)


def _line_value(value: Any) -> str:
    if isinstance(value, dict):
        verdict = dict(LineVerdict.choices).get(value.get("verdict", ""), value.get("verdict", ""))
        reason = dict(ReviewReason.choices).get(value.get("reason", ""), value.get("reason", ""))
        return f"{verdict} ({reason})" if reason else str(verdict)
    return _amount(value)


def value_words(name: str, value: Any) -> str:
    """One recorded value as the reader reads it."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "reasons" and isinstance(value, list):
        return " · ".join(reason_outline(str(code)) for code in value) or "—"
    if name in ("lines", "verdicts") and isinstance(value, dict):
        lines = sorted(value.items(), key=lambda pair: int(pair[0]) if str(pair[0]).isdigit() else 0)
        return " · ".join(
            _("line %(number)s: %(value)s") % {"number": number, "value": _line_value(item)}
            for number, item in lines
        )
    labels = _CODES.get(name, {})
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value) or "—"
    if name in _AMOUNTS:
        return _amount(value)
    text = "" if value is None else str(value)
    if _ISO_DAY.fullmatch(text):
        return date_format(datetime.date.fromisoformat(text), "SHORT_DATE_FORMAT")
    return str(labels.get(text, text))


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    # Someone's own words (a note, a message), shown in the language they were written in.
    written: bool = False


def audit_fields(values: Any) -> list[Field]:
    """An audit event's values before or after, as labelled values to read, ids left out."""
    if values is None:
        return []
    if not isinstance(values, dict):
        return [Field("", value_words("", values))]
    return [
        Field(str(FIELDS.get(name, name)), value_words(name, value), written=_written(name, value))
        for name, value in values.items()
        if name not in IDS and value not in ("", None, [], {})
    ]


def _written(name: str, value: Any) -> bool:
    return name in _WRITTEN or (name == "reason" and value not in ReviewReason.values)
