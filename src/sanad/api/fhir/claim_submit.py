"""A Claim of use `claim` → a care sheet and its draft billing file, through the claims services as the
REST API does (`care_sheet_open`, then `billing_file_create` with the engine's preview of the shares, in
one transaction so that a refused file leaves no sheet behind); answered by the file's ClaimResponse
(`claim_response.file_to_fhir`).

How the Claim fills the care sheet:
- the invoice number ← `Claim.identifier[0].value` (required: it names the file, unique to the facility);
  a Claim whose invoice number the facility already billed is a repeat: nothing is written and the
  first file's answer returned;
- the care type ← `Claim.subType` coded in the care-type system (outpatient, inpatient, day_hospital),
  else `institutional` → inpatient and any other type → outpatient;
- the day of care ← `billablePeriod.start` (else the first item's `servicedDate`, else `created`); an
  inpatient stay's admission and discharge ← `billablePeriod` start and end;
- the diagnosis ← `Claim.diagnosis[0]` (ICD-10); the practitioner ← the first `careTeam` member (a
  Practitioner entry's name, or the reference's display); an emergency ← `priority` `stat`;
- each line ← an item: kind and code from `productOrService` (the fund's act, drug or device systems),
  `quantity`, the amount billed `net` (or unitPrice × quantity), the day `servicedDate` (else the day of
  care), the coefficient `factor`.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.adjudication import Decision
from sanad.api.fhir.claim_in import ClaimAsk
from sanad.api.fhir.claim_response import file_to_fhir
from sanad.api.fhir.identifiers import PatientId
from sanad.api.fhir.outcomes import FhirError, domain_refusal
from sanad.claims.selectors import billing_file_decision
from sanad.claims.selectors.desk import desk_beneficiary
from sanad.claims.selectors.facility import (
    DECIDED,
    billing_file_of_facility,
    billing_file_preview,
    billing_files_by_invoice,
)
from sanad.claims.services import (
    CareSheetInput,
    LineInput,
    billing_file_create_previewed,
    care_sheet_open,
)
from sanad.claims.statuses import CareType
from sanad.common.errors import DomainError

_LINE = re.compile(r"lines-(\d+)-(\w+)")
_LINE_ELEMENTS = {
    "code": "productOrService",
    "kind": "productOrService",
    "billed": "net",
    "quantity": "quantity",
    "service_date": "servicedDate",
    "coefficient": "factor",
}
_SHEET_ELEMENTS = {
    "member": "patient",
    "member_id": "patient",
    "dependant": "patient",
    "dependant_id": "patient",
    "beneficiary": "patient",
    "diagnosis": "diagnosis",
    "care_type": "subType",
    "care_date": "billablePeriod",
    "admission_date": "billablePeriod.start",
    "discharge_date": "billablePeriod.end",
    "practitioner_name": "careTeam",
    "invoice_number": "identifier",
    "lines": "item",
    "facility": "provider",
    "emergency": "priority",
}


def _expression(field: str | None) -> str:
    if not field:
        return "Claim"
    line = _LINE.fullmatch(field)
    if line:
        return f"Claim.item[{line[1]}].{_LINE_ELEMENTS.get(line[2], line[2])}"
    return f"Claim.{_SHEET_ELEMENTS.get(field, 'item')}"


def _care_type(ask: ClaimAsk) -> str:
    if ask.sub_type in CareType.values:
        return ask.sub_type
    kinds = {coding.code for coding in ask.claim.type.coding or []}
    return CareType.INPATIENT if "institutional" in kinds else CareType.OUTPATIENT


def _sheet(ask: ClaimAsk, facility_id: int, member_id: int, dependant_id: int | None) -> CareSheetInput:
    care_type = _care_type(ask)
    lines = []
    for item in ask.items:
        if item.net is None:
            message = _("Give the amount billed for the item (net).")
            raise FhirError(400, "required", message, expression=f"Claim.item[{item.index}].net")
        lines.append(
            LineInput(
                kind=item.kind,
                code=item.code,
                billed=item.net,
                service_date=item.day,
                quantity=item.quantity,
                coefficient=item.factor,
            )
        )
    stay = care_type == CareType.INPATIENT
    return CareSheetInput(
        facility_id=facility_id,
        member_id=None if dependant_id else member_id,
        dependant_id=dependant_id,
        care_type=care_type,
        care_date=ask.day,
        admission_date=ask.day if stay else None,
        discharge_date=ask.end if stay else None,
        diagnosis=ask.diagnosis,
        practitioner_name=ask.practitioner.strip(),
        emergency=ask.emergency,
        lines=lines,
    )


def file_response(*, user: Any, file_id: int, preview: Decision | None = None) -> dict[str, Any]:
    """The ClaimResponse of one of the caller's facility's files: the fund's current decision once
    decided, else the engine's preview as if received today (`preview`, when the file was just billed)."""
    billing_file = billing_file_of_facility(user=user, file_id=file_id)
    lines = list(billing_file.care_sheet.lines.all())
    today = timezone.localdate()
    decision = billing_file_decision(file_id=billing_file.pk) if billing_file.status in DECIDED else None
    if decision is not None:
        outcomes = sorted(decision.lines.all(), key=lambda outcome: outcome.line.line_no)
    else:
        preview = preview or billing_file_preview(file_id=billing_file.pk, on=today).decision
        outcomes = list(preview.lines)
    return file_to_fhir(billing_file, lines=lines, outcomes=outcomes, decided=decision is not None, day=today)


def claim_submit(*, user: Any, facility: Any, ask: ClaimAsk) -> dict[str, Any]:
    """Bill the care the Claim names (or find the file its invoice number already bills)."""
    invoice = ask.identifier_value.strip()
    if not invoice:
        message = _("Give the invoice number as the claim's identifier.")
        raise FhirError(400, "required", message, expression="Claim.identifier")
    try:
        earlier = billing_files_by_invoice(user=user, invoice_number=invoice, limit=1)
        if earlier:
            return file_response(user=user, file_id=earlier[0].pk)
        member, dependant = desk_beneficiary(
            user=user, registration_number=ask.patient.number, dependant_id=ask.patient.dependant
        )
        sheet = _sheet(ask, facility.pk, member.pk, dependant.pk if dependant else None)
        with transaction.atomic():
            care_sheet = care_sheet_open(actor=user, sheet=sheet)
            billing_file, preview = billing_file_create_previewed(
                actor=user, care_sheet_id=care_sheet.pk, invoice_number=invoice
            )
    except DomainError as error:
        raise domain_refusal(error, _expression(error.field)) from error
    # The file just billed is answered from what is in hand (its sheet's lines are the Claim's items, its
    # beneficiary the one just found, its facility the caller's): reading it all back cost a fifth of the
    # call. A repeat, a read or a search reads it (`file_response`).
    return file_to_fhir(
        billing_file,
        lines=list(sheet.lines),
        outcomes=list(preview.lines),
        decided=False,
        day=timezone.localdate(),
        patient=PatientId(member.registration_number, dependant.pk if dependant else None),
        facility_code=facility.code,
    )
