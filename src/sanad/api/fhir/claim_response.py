"""ClaimResponse: the fund's answer to a prior-authorization request or to a billing file, to FHIR.

Ids: a prior authorization's is its reference (`PEC-2026-000012`); a billing file's is `file-<id>`.

- Prior authorization (use `preauthorization`): outcome `complete` once decided (approved, with reserve,
  refused or cancelled), `queued` while pended (returned for papers, with the adviser, or information
  asked); `preAuthRef` is the request's reference and `preAuthPeriod` the approval's validity; an item per
  item approved (`benefit`: the amount approved, when the decision names one; `value`: the quantity); the
  refusal's reasons as adjudication reasons in the refusal-reason system.
- Claim (use `claim`): the engine's decision on each line, the fund's current decision once the file is
  validated or rejected (outcome `complete`), else the engine's preview as if the fund received it today
  (outcome `queued`: a draft is paid once sent in a batch and checked). Each item has the adjudication
  categories `submitted` (billed), `eligible` (the base the rate applies to), `benefit` (the fund share)
  and `copay` (the patient share), in the fund's currency: benefit + copay = submitted, to the cent. The
  reasons are coded in the engine's reason catalogue (`reasons.reason_code_system`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fhir.resources.R4B.claimresponse import ClaimResponse

from sanad.api.fhir.coverage import fund_reference
from sanad.api.fhir.identifiers import PatientId, identifier_system, patient_ref
from sanad.api.fhir.reasons import reason_concept
from sanad.api.fhir.validated import validated
from sanad.authorizations.reasons import RefusalReason
from sanad.authorizations.statuses import DECIDED as REQUEST_DECIDED
from sanad.authorizations.statuses import RequestStatus
from sanad.claims.selectors.texts import finding_texts_grouped
from sanad.funds.active import active_profile

CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
FILE_PREFIX = "file-"
_INSTITUTIONAL = frozenset({"inpatient", "day_hospital", "medical_stay", "surgery", "evacuation"})
_FILE_DECIDED = frozenset({"validated", "rejected"})


def _type(code: str) -> dict[str, Any]:
    kind = "institutional" if code in _INSTITUTIONAL else "professional"
    return {"coding": [{"system": CLAIM_TYPE, "code": kind}]}


def _money(value: Decimal) -> dict[str, Any]:
    return {"value": value.quantize(Decimal("0.01")), "currency": active_profile().currency}


def _adjudication(category: str, amount: Decimal | None = None, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"category": {"coding": [{"system": ADJUDICATION, "code": category}]}}
    if amount is not None:
        entry["amount"] = _money(amount)
    return entry | extra


def _validated(resource: dict[str, Any]) -> dict[str, Any]:
    return validated(ClaimResponse, resource)


def _beneficiary(member: Any, dependant_id: int | None) -> PatientId:
    return PatientId(member.registration_number, dependant_id)


# ---- Prior authorization ---------------------------------------------------------------------------


def _refusal_reasons(codes: list[str]) -> list[dict[str, Any]]:
    labels = dict(RefusalReason.choices)
    return [
        {
            "coding": [{"system": identifier_system("refusal-reason"), "code": code}],
            "text": str(labels.get(code, code)),
        }
        for code in codes
    ]


def _request_items(decision: Any) -> list[dict[str, Any]]:
    """Each item approved as an addItem: its code, the quantity and, when the decision names one, the
    amount approved (`benefit`)."""
    items = []
    for item in decision.items.all():
        adjudication = [_adjudication("eligible", value=Decimal(item.quantity))]
        if item.amount is not None:
            adjudication.append(_adjudication("benefit", item.amount))
        items.append(
            {
                "productOrService": {"coding": [{"system": identifier_system(item.kind), "code": item.code}]},
                "quantity": {"value": item.quantity},
                "adjudication": adjudication,
            }
        )
    return items


def _request_notes(request: Any) -> tuple[str, list[dict[str, Any]]]:
    """The disposition and notes of a request: its status in words, and what is missing."""
    status = str(RequestStatus(request.status).label)
    notes = []
    if request.status == RequestStatus.RETURNED and request.missing:
        catalogue = active_profile().authorization_requests
        names = []
        for code in request.missing:
            try:
                names.append(catalogue.document(code).label.get_text())
            except KeyError:
                names.append(code)
        text = _("Papers missing: %(papers)s.") % {"papers": ", ".join(names)}
        notes.append({"type": "display", "text": text})
    return status, notes


def preauthorization_to_fhir(request: Any) -> dict[str, Any]:
    """The ClaimResponse of a prior-authorization request (with its facility, member and decision)."""
    decided = request.status in REQUEST_DECIDED
    disposition, notes = _request_notes(request)
    resource: dict[str, Any] = {
        "resourceType": "ClaimResponse",
        "id": request.reference,
        "identifier": [{"system": identifier_system("authorization"), "value": request.reference}],
        "status": "active",
        "type": _type(request.admission),
        "subType": {
            "coding": [{"system": identifier_system("request-type"), "code": request.request_type}],
        },
        "use": "preauthorization",
        "patient": {"reference": patient_ref(_beneficiary(request.member, request.dependant_id))},
        "created": (request.submitted_at or timezone.now()).isoformat(timespec="seconds"),
        "insurer": fund_reference(),
        "requestor": {"reference": f"Organization/{request.facility.code}"},
        "request": {
            "type": "Claim",
            "identifier": {"system": identifier_system("authorization"), "value": request.reference},
        },
        "outcome": "complete" if decided else "queued",
        "disposition": disposition,
        "preAuthRef": request.reference,
    }
    decision = request.decision if decided else None
    if decision is not None:
        if decision.valid_from is not None:
            resource["preAuthPeriod"] = {
                "start": decision.valid_from.isoformat(),
                "end": decision.valid_to.isoformat(),
            }
        if added := _request_items(decision):
            resource["addItem"] = added
        if decision.reasons:
            reasons = _refusal_reasons(list(decision.reasons))
            resource["item"] = [
                {"itemSequence": 1, "adjudication": [_adjudication("submitted", reason=r) for r in reasons]}
            ]
            notes += [{"type": "display", "text": reason["text"]} for reason in reasons]
        if decision.amount is not None:
            resource["total"] = [_adjudication("benefit", decision.amount)]
        if decision.conditions:
            notes.append({"type": "display", "text": decision.conditions})
    if notes:
        resource["processNote"] = [note | {"number": n} for n, note in enumerate(notes, start=1)]
    return _validated(resource)


# ---- Claim -------------------------------------------------------------------------------------------


def _line_amounts(line: Any) -> list[dict[str, Any]]:
    return [
        _adjudication("submitted", line.billed),
        _adjudication("eligible", line.base),
        _adjudication("benefit", line.fund_share),
        _adjudication("copay", line.patient_share),
    ]


def file_to_fhir(
    billing_file: Any,
    *,
    lines: list[Any],
    outcomes: list[Any],
    decided: bool,
    day: datetime.date,
    patient: PatientId | None = None,
    facility_code: str | None = None,
) -> dict[str, Any]:
    """The ClaimResponse of a billing file: `outcomes` are the engine's line decisions (preview) or the
    fund's current line outcomes, one per sheet line, in order; each holds billed, base, fund_share,
    patient_share and findings (as the engine gives them or as stored). `patient` and `facility_code`,
    when the caller holds them (a file just billed), spare reading the sheet's beneficiary and the
    file's facility again."""
    sheet = billing_file.care_sheet
    texts = finding_texts_grouped(line.findings for line in outcomes)
    items = []
    for number, (outcome, reasons) in enumerate(zip(outcomes, texts, strict=True), start=1):
        adjudication = _line_amounts(outcome)
        # An adjudication holds one reason: the first on the copay (why the patient pays), the others
        # each on a copay entry of its own, without amount (the amounts add up over the first four).
        for position, text in enumerate(reasons):
            if position == 0:
                adjudication[3]["reason"] = reason_concept(text)
            else:
                adjudication.append(_adjudication("copay", reason=reason_concept(text)))
        items.append({"itemSequence": number, "adjudication": adjudication})
    billed = sum((o.billed for o in outcomes), Decimal(0))
    benefit = sum((o.fund_share for o in outcomes), Decimal(0))
    copay = sum((o.patient_share for o in outcomes), Decimal(0))
    if patient is None:
        member = sheet.dependant.member if sheet.dependant_id else sheet.member
        patient = _beneficiary(member, sheet.dependant_id)
    if facility_code is None:
        facility_code = billing_file.facility.code
    resource: dict[str, Any] = {
        "resourceType": "ClaimResponse",
        "id": f"{FILE_PREFIX}{billing_file.pk}",
        "identifier": [{"system": identifier_system("invoice"), "value": billing_file.invoice_number}],
        "status": "active",
        "type": _type(sheet.care_type),
        "subType": {"coding": [{"system": identifier_system("care-type"), "code": sheet.care_type}]},
        "use": "claim",
        "patient": {"reference": patient_ref(patient)},
        "created": billing_file.created_at.isoformat(timespec="seconds"),
        "insurer": fund_reference(),
        "requestor": {"reference": f"Organization/{facility_code}"},
        "request": {
            "type": "Claim",
            "identifier": {"system": identifier_system("invoice"), "value": billing_file.invoice_number},
        },
        "outcome": "complete" if decided else "queued",
        "disposition": str(billing_file.get_status_display())
        if decided
        else _(
            "Preview of the shares as if the fund received the file on %(day)s: the file is paid once sent "
            "in a batch and checked."
        )
        % {"day": day.isoformat()},
        "item": items,
        "total": [
            _adjudication("submitted", billed),
            _adjudication("benefit", benefit),
            _adjudication("copay", copay),
        ],
    }
    if lines and len(lines) != len(outcomes):
        raise ValueError("one outcome per line")
    return _validated(resource)
