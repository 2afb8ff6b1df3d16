"""What the fund's file page and the medical review page show of a file, built once from its record."""

from __future__ import annotations

import datetime
from typing import Any

from sanad.claims.selectors.facility import step_label
from sanad.claims.selectors.files import FileRecord
from sanad.claims.selectors.queues import days_left
from sanad.claims.selectors.texts import finding_texts_grouped
from sanad.claims.statuses import FileStatus
from sanad.claims.views.audit_words import audit_fields
from sanad.common.permissions import can

_DECIDED = (FileStatus.VALIDATED, FileStatus.REJECTED)


def clock(billing_file: Any, today: datetime.date) -> dict[str, Any]:
    """The processing clock of a file: due date, days left, overdue while the fund has not decided."""
    left = days_left(billing_file.due_on, today)
    running = billing_file.status not in _DECIDED and left is not None
    return {
        "due_on": billing_file.due_on,
        "days_left": left if running else None,
        "days_late": -left if running and left < 0 else 0,
        "overdue": running and left < 0,
    }


def nav_context(user: Any) -> dict[str, bool]:
    """Which of the fund's queues the user works, for the links at the top of the pages."""
    return {"works_check": can(user, "claims.check"), "works_review": can(user, "claims.review")}


def line_rows(record: FileRecord, reasons: list[list[dict[str, str]]] | None = None) -> list[dict[str, Any]]:
    """Each care-sheet line with the current decision's outcome and reasons, and whether the protocols of
    the diagnosis expect its code (None when no protocol applies). `reasons`, the texts of each line's
    findings in the order of the lines, when already rendered with the rest of the file's."""
    decision = record.decision
    outcomes = {o.line_id: o for o in decision.lines.all()} if decision else {}
    expected = {code for p in record.protocols for code in p.expected_codes}
    found = [outcomes.get(line.pk) for line in record.lines]
    if reasons is None:
        reasons = finding_texts_grouped(o.findings if o else [] for o in found)
    return [
        {
            "line": line,
            "outcome": outcome,
            "reasons": texts,
            "in_protocol": (line.code in expected) if record.protocols else None,
        }
        for line, outcome, texts in zip(record.lines, found, reasons, strict=True)
    ]


def _reasons(record: FileRecord) -> dict[str, Any]:
    """The texts of every finding the page shows (the file's, its anomalies, each line's, each past
    decision's), rendered together: the facilities and files they name are read once for all."""
    decision = record.decision
    outcomes = {o.line_id: o for o in decision.lines.all()} if decision else {}
    groups = [
        decision.findings if decision else [],
        decision.anomalies if decision else [],
        *((o.findings if o else []) for o in (outcomes.get(line.pk) for line in record.lines)),
        *(d.findings for d in record.decisions),
    ]
    texts = finding_texts_grouped(groups)
    end = 2 + len(record.lines)
    return {"file": texts[0], "anomalies": texts[1], "lines": texts[2:end], "history": texts[end:]}


def file_context(*, user: Any, record: FileRecord, today: datetime.date) -> dict[str, Any]:
    billing_file = record.billing_file
    sheet = billing_file.care_sheet
    decision = record.decision
    billed_codes = {line.code for line in record.lines}
    reasons = _reasons(record)
    return {
        "record": record,
        "file": billing_file,
        "sheet": sheet,
        "beneficiary": sheet.member or sheet.dependant,
        "member": sheet.member or sheet.dependant.member,
        "clock": clock(billing_file, today),
        "decision": decision,
        "file_reasons": reasons["file"],
        "anomalies": reasons["anomalies"],
        "lines": line_rows(record, reasons["lines"]),
        "protocols": [
            {"protocol": p, "missing": sorted(set(p.expected_codes) - billed_codes)} for p in record.protocols
        ],
        "audit": [
            {
                "event": e,
                "label": step_label(e.action),
                "sides": (audit_fields(e.before), audit_fields(e.after)),
            }
            for e in record.audit
        ],
        "history": [
            {"decision": d, "reasons": texts}
            for d, texts in zip(record.decisions, reasons["history"], strict=True)
        ],
        "may_check": can(user, "claims.check") and billing_file.status == FileStatus.ADMIN_CHECK,
        "may_review": can(user, "claims.review") and billing_file.status == FileStatus.MEDICAL_REVIEW,
        "confidential_reader": can(user, "claims.confidential"),
        **nav_context(user),
    }
