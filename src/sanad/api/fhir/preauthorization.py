"""A Claim of use `preauthorization` → a prior-authorization request, submitted through
`authorizations.services.authorization_submit` as the REST API does; answered by its ClaimResponse
(`claim_response.preauthorization_to_fhir`): `complete` when the type's automatic rule decided it at
once, `queued` when it waits for papers or for the adviser.

How the Claim fills the request type's form (the profile's `authorizations.request_types`):
- the type: `Claim.subType` coded in the request-type system; without it, the one type whose catalogue
  item kind (`item_kind`) is the first item's kind (preferring the type listing the item's category);
- the admission: a supportingInfo of category `admission` (its code), else the type's first admission;
- the type's item field (`item_field`, e.g. `device_code`) ← `item[0].productOrService` code; its quantity
  field (`quantity_field`) ← `item[0].quantity`; `quote_amount` ← `item[0].net` (or unitPrice × quantity);
- `diagnosis` ← `Claim.diagnosis[0]` (ICD-10 code); `planned_date` ← the day of care;
- any other field ← a supportingInfo whose code is the field's code in the form-field system;
- the papers of the checklist ← supportingInfo coded in the document system, with the scan as
  `valueAttachment` or a DocumentReference entry of the Bundle;
- an emergency ← `priority` `stat`, its day of care the Claim's;
- idempotency: the `Idempotency-Key` header, else `Claim.identifier` (system|value): the request keeps
  it, so a repeat returns the first request and writes nothing.
Fields the type does not have are not sent; the services check the rest (bounds, checklist, rights).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _

from sanad.api.fhir.claim_in import ClaimAsk
from sanad.api.fhir.claim_response import preauthorization_to_fhir
from sanad.api.fhir.outcomes import FhirError, domain_refusal
from sanad.authorizations import selectors, services
from sanad.authorizations.selectors.register import member_by_registration_number
from sanad.catalog.selectors.prior_approval import item_category, item_version_on
from sanad.common.errors import DomainError
from sanad.funds.active import active_profile
from sanad.funds.types_authorizations import RequestType

_KEY_LENGTH = 64  # the request's idempotency_key column


def idempotency_key(header: str | None, identifier: str) -> str:
    """The header's key, else one made of the Claim's identifier; hashed when longer than the column."""
    key = header or (f"claim:{identifier}" if identifier else "")
    if len(key) > _KEY_LENGTH:
        key = hashlib.sha256(key.encode()).hexdigest()
    return key


def _expression(field: str | None) -> str | None:
    if not field:
        return "Claim"
    if field in ("member", "dependant", "registration_number"):
        return "Claim.patient"
    if field == "request_type":
        return "Claim.subType"
    if field in ("facility",):
        return "Claim.provider"
    if field in ("emergency", "act_date"):
        return "Claim.priority"
    return "Claim.supportingInfo"


def request_type_for(ask: ClaimAsk) -> RequestType:
    catalogue = active_profile().authorization_requests
    if ask.sub_type:
        try:
            return catalogue.type(ask.sub_type)
        except KeyError:
            message = _("Choose a type of request.")
            raise FhirError(400, "code-invalid", message, expression="Claim.subType") from None
    first = ask.items[0]
    candidates = [t for t in catalogue.types if t.item_kind == first.kind]
    row = item_version_on(first.kind, first.code, first.day)
    category = item_category(first.kind, row) if row is not None else ""
    fitting = [t for t in candidates if category in t.categories] or candidates
    if len(fitting) != 1:
        message = _("Name the type of request: the items do not tell it.")
        raise FhirError(400, "required", message, expression="Claim.subType")
    return fitting[0]


def form_values(ask: ClaimAsk, request_type: RequestType) -> dict[str, str]:
    """The type's form filled from the Claim (the mapping of the module's docstring)."""
    first = ask.items[0]
    found: dict[str, str] = dict(ask.values)
    if request_type.item_field:
        found[request_type.item_field] = first.code
    if request_type.quantity_field:
        found[request_type.quantity_field] = str(first.quantity)
    if first.net is not None:
        found.setdefault("quote_amount", str(first.net))
    if ask.diagnosis:
        found.setdefault("diagnosis", ask.diagnosis)
    found.setdefault("planned_date", ask.day.isoformat())
    return {code: value for code, value in found.items() if code in request_type.fields}


def preauthorization_submit(
    *, user: Any, facility: Any, ask: ClaimAsk, header_key: str | None
) -> dict[str, Any]:
    """Submit the request (or find the first one under its key): its ClaimResponse."""
    request_type = request_type_for(ask)
    member = member_by_registration_number(ask.patient.number)
    if member is None:
        raise FhirError(404, "not-found", _("No such insured person."), expression="Claim.patient")
    key = idempotency_key(header_key, ask.identifier)
    data = services.RequestInput(
        facility_id=facility.pk,
        member_id=member.pk,
        dependant_id=ask.patient.dependant,
        request_type=request_type.code,
        admission=ask.admission or request_type.admissions[0],
        values=form_values(ask, request_type),
        emergency=ask.emergency,
        act_date=ask.day if ask.emergency else None,
        idempotency_key=key,
        documents=ask.documents,
    )
    try:
        created = services.authorization_submit(actor=user, data=data)
        found = selectors.request_get(user=user, reference=created.reference)
    except DomainError as error:
        raise domain_refusal(error, _expression(error.field)) from error
    return preauthorization_to_fhir(found)
