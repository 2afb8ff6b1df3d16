"""Finding the ClaimResponses of the caller's facility: one by id, by what its Claim named (`$inquire`),
or a search; through the authorizations' and claims' selectors, which scope every read to the caller's
facility (another facility's answers do not exist for it: 404, or no match).

Search (`GET /fhir/ClaimResponse`): `request` (the Claim's identifier, an invoice number or a request
reference, `system|value` or `value`), `patient` (`Patient/<id>`), `outcome` (`queued` or `complete`),
`use` (`claim` or `preauthorization`), `_count` (at most 50 of each kind, the newest first).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanad.api.fhir.claim_response import FILE_PREFIX, preauthorization_to_fhir
from sanad.api.fhir.claim_submit import file_response
from sanad.api.fhir.identifiers import PatientId
from sanad.api.fhir.outcomes import FhirError
from sanad.api.fhir.preauthorization import idempotency_key
from sanad.authorizations import selectors
from sanad.authorizations.statuses import DECIDED as REQUEST_DECIDED
from sanad.claims.selectors.facility import DECIDED as FILE_DECIDED
from sanad.claims.selectors.facility import billing_files_by_invoice, facility_file_page
from sanad.common.errors import DomainError

MAX_COUNT = 50


def not_found(expression: str | None = None) -> FhirError:
    return FhirError(404, "not-found", _("No such claim response."), expression=expression)


def _file_id(id: str) -> int | None:
    tail = id.removeprefix(FILE_PREFIX)
    return int(tail) if id.startswith(FILE_PREFIX) and tail.isdigit() and len(tail) <= 18 else None


def claim_response_read(*, user: Any, id: str, expression: str | None = None) -> dict[str, Any]:
    """The ClaimResponse `id` (a request's reference or `file-<id>`) of the caller's facility."""
    try:
        file_id = _file_id(id)
        if file_id is not None:
            return file_response(user=user, file_id=file_id)
        if id.startswith(FILE_PREFIX) or len(id) > 20:
            raise not_found(expression)
        return preauthorization_to_fhir(selectors.request_get(user=user, reference=id))
    except DomainError as error:
        raise not_found(expression) from error


def claim_response_inquire(*, user: Any, value: str, system: str = "") -> dict[str, Any]:
    """The current ClaimResponse of what a Claim named: a request's reference (preAuthRef), the Claim's
    identifier a request was submitted under, or an invoice number."""
    value = value.strip()
    if not value:
        raise not_found()
    try:
        return claim_response_read(user=user, id=value)
    except FhirError:
        pass
    key = idempotency_key(None, f"{system}|{value}")
    request = selectors.request_rows(user=user).filter(idempotency_key=key).first()
    if request is not None:
        return preauthorization_to_fhir(request)
    files = billing_files_by_invoice(user=user, invoice_number=value, limit=1)
    if files:
        return file_response(user=user, file_id=files[0].pk)
    raise not_found()


def _patient_of(member: Any, dependant_id: int | None) -> PatientId:
    return PatientId(member.registration_number, dependant_id)


def claim_response_search(
    *,
    user: Any,
    request: str | None,
    patient: PatientId | None,
    outcome: str | None,
    use: str | None,
    count: int,
) -> list[dict[str, Any]]:
    """The caller's facility's ClaimResponses matching the parameters (newest first, `count` of each)."""
    value = (request or "").rsplit("|", 1)[-1].rsplit("/", 1)[-1].strip()
    found: list[dict[str, Any]] = []
    if use in (None, "preauthorization"):
        page = selectors.request_page(user=user, size=count, q=value or (patient.number if patient else ""))
        for row in page.rows:
            if value and row.reference != value:
                continue
            if patient is not None and _patient_of(row.member, row.dependant_id) != patient:
                continue
            if outcome is not None and outcome != ("complete" if row.status in REQUEST_DECIDED else "queued"):
                continue
            found.append(preauthorization_to_fhir(row))
    if use in (None, "claim"):
        if value:
            files = billing_files_by_invoice(user=user, invoice_number=value, limit=1)
        else:
            files = facility_file_page(user=user, size=count).rows
        for row in files:
            sheet = row.care_sheet
            member = sheet.dependant.member if sheet.dependant_id else sheet.member
            if patient is not None and _patient_of(member, sheet.dependant_id) != patient:
                continue
            if outcome is not None and outcome != ("complete" if row.status in FILE_DECIDED else "queued"):
                continue
            found.append(file_response(user=user, file_id=row.pk))
    return found
