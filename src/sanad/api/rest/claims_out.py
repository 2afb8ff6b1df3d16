"""What the claims API answers, built from what the claims selectors read: one builder per shape of
`claims_schemas`, no query of their own beyond what the selectors prefetched (the decision's lines name
their line through the sheet's lines, given alongside); and its errors, named after the request's fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from sanad.claims.selectors import billing_file_decision, billing_file_record
from sanad.claims.selectors.batches import batch_slip
from sanad.claims.selectors.facility import DECIDED, billing_file_of_facility
from sanad.claims.selectors.files import is_confidential
from sanad.claims.selectors.texts import finding_texts_grouped
from sanad.common.errors import DomainError
from sanad.common.permissions import can

_ZERO = Decimal("0.00")


def _registration_number(sheet: Any) -> str:
    return (
        sheet.dependant.member.registration_number if sheet.dependant_id else sheet.member.registration_number
    )


def findings_out(findings: Any, texts: list[dict[str, str]] | None = None) -> list[dict[str, Any]]:
    """Each stored finding with its code, rule and parameters, and its text in the request's language
    (`texts`, when rendered already with other findings)."""
    raw = list(findings or [])
    if texts is None:
        [texts] = finding_texts_grouped([raw])
    out = []
    for item, text in zip(raw, texts, strict=True):
        stored = item if isinstance(item, dict) else {}
        out.append(
            {
                "code": text["code"],
                "rule": str(stored.get("rule", "")),
                "params": {str(k): str(v) for k, v in (stored.get("params") or {}).items()},
                "text": text["text"],
                "by": text["by"],
            }
        )
    return out


def care_sheet_out(sheet: Any, lines: Sequence[Any], facility_code: str) -> dict[str, Any]:
    """A care sheet read with its beneficiary and referral facilities (select_related), and its lines."""
    referral_in = None
    if sheet.referral_in_level or sheet.referral_in_facility_id or sheet.referral_in_on:
        referral_in = {
            "facility_code": sheet.referral_in_facility.code if sheet.referral_in_facility_id else None,
            "level": sheet.referral_in_level,
            "on": sheet.referral_in_on,
            "valid_until": sheet.referral_in_valid_until,
        }
    referral_out = None
    if sheet.referral_out_level or sheet.referral_out_facility_id:
        referral_out = {
            "level": sheet.referral_out_level,
            "facility_code": sheet.referral_out_facility.code if sheet.referral_out_facility_id else None,
        }
    return {
        "id": sheet.pk,
        "status": sheet.status,
        "version": sheet.version,
        "cancel_reason": sheet.cancel_reason,
        "facility_code": facility_code,
        "registration_number": _registration_number(sheet),
        "dependant_id": sheet.dependant_id,
        "care_type": sheet.care_type,
        "care_date": sheet.care_date,
        "admission_date": sheet.admission_date,
        "discharge_date": sheet.discharge_date,
        "diagnosis": sheet.diagnosis,
        "practitioner": sheet.practitioner_name,
        "emergency": sheet.emergency,
        "referral_in": referral_in,
        "referral_out": referral_out,
        "billed": sum((line.billed for line in lines), _ZERO),
        "lines": [
            {
                "id": line.pk,
                "line_no": line.line_no,
                "kind": line.kind,
                "code": line.code,
                "coefficient": line.coefficient,
                "quantity": line.quantity,
                "billed": line.billed,
                "service_date": line.service_date,
            }
            for line in lines
        ],
    }


def decision_out(decision: Any, lines: Sequence[Any]) -> dict[str, Any] | None:
    """The current decision and its line outcomes (prefetched), each line named by the sheet's `lines`."""
    if decision is None:
        return None
    by_id = {line.pk: line for line in lines}
    outcomes = sorted(decision.lines.all(), key=lambda o: by_id[o.line_id].line_no)
    # The file's findings and each line's, rendered together: what they name is read once for all.
    texts = finding_texts_grouped([decision.findings or [], *(o.findings or [] for o in outcomes)])
    return {
        **{
            name: getattr(decision, name)
            for name in ("source", "status", "routing", "payee", "currency", "decided_on", "note")
        },
        **{name: getattr(decision, name) for name in ("billed", "fund_share", "patient_share", "penalty")},
        "id": decision.pk,
        "findings": findings_out(decision.findings, texts[0]),
        "lines": [
            {
                "line_id": outcome.line_id,
                "line_no": by_id[outcome.line_id].line_no,
                "code": by_id[outcome.line_id].code,
                "status": outcome.status,
                **{
                    name: getattr(outcome, name)
                    for name in ("billed", "tariff", "base", "rate", "fund_share", "patient_share", "penalty")
                },
                "findings": findings_out(outcome.findings, reasons),
            }
            for outcome, reasons in zip(outcomes, texts[1:], strict=True)
        ],
    }


def info_request_out(request: Any) -> dict[str, Any]:
    return {
        "id": request.pk,
        "asked_on": request.asked_on,
        "documents": list(request.documents or []),
        "message": request.message,
        "answered_on": request.answered_on,
        "answer": request.answer,
    }


def document_out(document: Any) -> dict[str, Any]:
    return {
        "id": document.pk,
        "kind": document.kind,
        "confidential": document.confidential,
        "uploaded_at": document.uploaded_at,
    }


def billing_file_out(
    billing_file: Any,
    *,
    lines: Sequence[Any],
    documents: Iterable[Any],
    withheld: int,
    info_requests: Iterable[Any],
    decision: Any,
) -> dict[str, Any]:
    return {
        "id": billing_file.pk,
        "invoice_number": billing_file.invoice_number,
        "facility_code": billing_file.facility.code,
        "status": billing_file.status,
        "channel": billing_file.channel,
        "submitted_via": billing_file.submitted_via,
        "batch_id": billing_file.batch_id,
        "received_on": billing_file.received_on,
        "due_on": billing_file.due_on,
        "billed": sum((line.billed for line in lines), _ZERO),
        "preview_fund_share": billing_file.preview_fund_share,
        "preview_patient_share": billing_file.preview_patient_share,
        "documents_present": list(billing_file.documents or []),
        "documents": [document_out(d) for d in documents],
        "confidential_withheld": withheld,
        "info_requests": [info_request_out(r) for r in info_requests],
        "care_sheet": care_sheet_out(billing_file.care_sheet, lines, billing_file.facility.code),
        "decision": decision_out(decision, lines),
    }


def _facility_file(user: Any, file_id: int) -> dict[str, Any]:
    """A file of the caller's facility; the decision shows once the fund has validated or rejected it."""
    billing_file = billing_file_of_facility(user=user, file_id=file_id)
    documents = list(billing_file.attachments.all())
    shown = [d for d in documents if not is_confidential(d)]
    decided = billing_file.status in DECIDED
    return billing_file_out(
        billing_file,
        lines=list(billing_file.care_sheet.lines.all()),
        documents=shown,
        withheld=len(documents) - len(shown),
        info_requests=billing_file.info_requests.all(),
        decision=billing_file_decision(file_id=billing_file.pk) if decided else None,
    )


def _fund_file(user: Any, file_id: int) -> dict[str, Any]:
    record = billing_file_record(user=user, file_id=file_id)
    return billing_file_out(
        record.billing_file,
        lines=record.lines,
        documents=record.documents,
        withheld=record.confidential_withheld,
        info_requests=record.info_requests,
        decision=record.decision,
    )


def billing_file_read(user: Any, file_id: int) -> dict[str, Any]:
    """A file as the caller may see it: fund staff (claims.view) any file; facility staff their own."""
    with fields_renamed({"billing_file": "file_id"}):
        if can(user, "claims.view"):
            return _fund_file(user, file_id)
        return _facility_file(user, file_id)


def billing_file_item(billing_file: Any, facility_code: str) -> dict[str, Any]:
    sheet = billing_file.care_sheet
    return {
        "id": billing_file.pk,
        "invoice_number": billing_file.invoice_number,
        "facility_code": facility_code,
        "status": billing_file.status,
        "care_type": sheet.care_type,
        "care_date": sheet.care_date,
        "batch_id": billing_file.batch_id,
        "received_on": billing_file.received_on,
        "due_on": billing_file.due_on,
        "preview_fund_share": billing_file.preview_fund_share,
        "preview_patient_share": billing_file.preview_patient_share,
    }


def batch_head(batch: Any) -> dict[str, Any]:
    """What every answer about a batch starts with: its number, facility, group, status and dates."""
    return {
        "id": batch.pk,
        "number": batch.number,
        "facility_code": batch.facility.code,
        "group": batch.group,
        "status": batch.status,
        "submitted_on": batch.submitted_on,
        "received_on": batch.received_on,
        "receipt_number": batch.receipt_number,
    }


def batch_out(batch: Any) -> dict[str, Any]:
    """A batch read with its facility, its files and totals as on the transmittal slip."""
    slip = batch_slip(batch=batch)
    return {
        **batch_head(batch),
        "currency": slip.currency,
        "count": slip.count,
        "billed": slip.billed,
        "preview_fund_share": slip.fund_share,
        "preview_patient_share": slip.patient_share,
        "files": [
            {
                "id": row.file_id,
                "invoice_number": row.invoice_number,
                "registration_number": row.registration_number,
                "care_date": row.care_date,
                "billed": row.billed,
                "preview_fund_share": row.fund_share,
                "preview_patient_share": row.patient_share,
            }
            for row in slip.rows
        ],
    }


def complaint_out(complaint: Any) -> dict[str, Any]:
    """A complaint read with its member and facility (select_related)."""
    return {
        **{
            name: getattr(complaint, name)
            for name in (
                "number",
                "status",
                "complainant",
                "region",
                "subject",
                "received_on",
                "due_on",
                "billing_file_id",
                "answer",
                "answered_on",
                "reopened",
            )
        },
        "id": complaint.pk,
        "registration_number": complaint.member.registration_number if complaint.member_id else None,
        "facility_code": complaint.facility.code if complaint.facility_id else None,
    }


@contextmanager
def fields_renamed(rename: Callable[[str], str] | dict[str, str]) -> Iterator[None]:
    """A service names the fields of its own arguments (`lines-1-code`, `member`); the API names those of
    the request (`lines[1].code`, `registration_number`): a DomainError raised inside is re-raised with
    its field renamed, its code and message kept."""
    name = rename if callable(rename) else (lambda field: rename.get(field, field))
    try:
        yield
    except DomainError as error:
        field = name(error.field) if error.field else error.field
        if field == error.field:
            raise
        raise DomainError(error.code, error.message, field=field) from error
