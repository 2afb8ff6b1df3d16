"""The URIs of the fund's identifier and code systems, and the ids this server gives its resources.

Ids (chosen here, stated in the CapabilityStatement):
- Patient: a member's id is their registration number (`CNA0007000011`); a dependant's is the member's
  number, a dash and the dependant's id in the register (`CNA0007000011-42`). A registration number holds no
  dash once normalized (`registration_number_normalize` drops them), so the last dash tells the two apart.
- Coverage: the id of the Patient it covers (one coverage per insured person: their rights).
- Organization: a facility's code (`CS-001`); the fund itself has its profile's code (`cnass-mr`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sanad.funds.active import active_profile

# The kinds of identifier and code systems the fund names; their URIs are the profile's ([interfaces]).
KINDS = (
    "registration-number",  # a member's registration number (Patient.identifier)
    "dependant",  # a dependant's id: registration number-dependant id (Patient.identifier)
    "facility",  # a facility's code (Organization.identifier)
    "provider-identifier",  # a facility's provider identifier (INPE) (Organization.identifier)
    "fund",  # the fund's own code (Organization.identifier)
    "act",  # the act nomenclature (CodeableConcept.coding.system)
    "drug",  # the drug list
    "device",  # the device list
    "reason",  # the engine's reason catalogue (ClaimResponse.item.adjudication.reason; CodeSystem)
    "refusal-reason",  # the reasons an adviser gives for refusing a prior authorization
    "authorization",  # a prior-authorization request's reference (ClaimResponse.identifier, preAuthRef)
    "request-type",  # the profile's prior-authorization request types (Claim.subType)
    "form-field",  # a field of a request type's form (Claim.supportingInfo.code)
    "document",  # a paper of a checklist (Claim.supportingInfo.code, DocumentReference.type)
    "care-type",  # a care sheet's care type (Claim.subType)
    "invoice",  # a facility's invoice number (Claim.identifier of use=claim)
    "settlement-run",  # a settlement run's number (PaymentReconciliation.identifier)
    "practitioner",  # a practitioner's identifier at their facility (INPE or order number)
)


def identifier_system(kind: str) -> str:
    """The URI of the fund's system of `kind` (one of KINDS), as the fund profile names it."""
    if kind not in KINDS:
        raise ValueError(kind)
    profile = active_profile()
    if profile.interfaces is None:  # a profile built without the table (tests of other parts)
        return f"urn:sanad:{profile.code}:{kind}"
    return profile.interfaces.system(kind)


def fund_id() -> str:
    """The id of the fund's Organization: the profile's code."""
    return active_profile().code


def names_this_fund(reference: Any) -> bool:
    """Whether a Reference names this fund: `Organization/<fund>` or the fund's identifier."""
    if reference.reference == f"Organization/{fund_id()}":
        return True
    identifier = reference.identifier
    return bool(identifier) and (identifier.system, identifier.value) == (
        identifier_system("fund"),
        fund_id(),
    )


def local_date(value: Any) -> datetime.date:
    """A FHIR date or dateTime as the day it is here."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@dataclass(frozen=True, slots=True)
class PatientId:
    """A Patient's id read: the member's registration number and, for a dependant, their id."""

    number: str
    dependant: int | None = None

    def __str__(self) -> str:
        return self.number if self.dependant is None else f"{self.number}-{self.dependant}"


def patient_id_parse(text: str) -> PatientId | None:
    """The member and dependant a Patient id names, or None when it cannot be one of ours."""
    text = text.strip()
    if not text or len(text) > 64:
        return None
    number, dash, tail = text.rpartition("-")
    if dash and tail.isdigit() and number and len(tail) <= 18:
        return PatientId(number, int(tail))
    if "-" in text:
        return None
    return PatientId(text)


def patient_ref(patient: PatientId | str) -> str:
    return f"Patient/{patient}"
