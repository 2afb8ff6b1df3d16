"""Coverage: an insured person's rights with the fund on a day, to FHIR.

One Coverage per beneficiary, whose id is the Patient's. `status` says whether rights are in force on the
day asked (`active`) or not (`cancelled`: lapsed, suspended, not yet open, or a dependant past the
rules); the payor is the fund. Who may see the register also gets the rights period (`period`) and the
relationship to the member; facility staff get covered or not, as from the REST rights check.
"""

from __future__ import annotations

import datetime
from typing import Any

from fhir.resources.R4B.coverage import Coverage

from sanad.api.fhir.identifiers import PatientId, fund_id, patient_ref
from sanad.api.fhir.patient import SUBSETTED
from sanad.api.fhir.validated import validated
from sanad.funds.active import active_profile

RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
_RELATIONSHIPS = {"member": "self", "spouse": "spouse", "child": "child"}


def fund_reference() -> dict[str, str]:
    return {"reference": f"Organization/{fund_id()}", "display": active_profile().name.get_text()}


def coverage_status(rights: dict[str, Any]) -> str:
    return "active" if rights["covered"] else "cancelled"


def rights_period(rights: dict[str, Any]) -> dict[str, str] | None:
    """The rights period of a full answer, as a FHIR Period; None when unknown or not to be told."""
    start, end = rights.get("rights_start"), rights.get("rights_end")
    if start is None and end is None:
        return None
    period = {}
    if isinstance(start, datetime.date):
        period["start"] = start.isoformat()
    if isinstance(end, datetime.date):
        period["end"] = end.isoformat()
    return period or None


def coverage_to_fhir(patient: PatientId, rights: dict[str, Any]) -> dict[str, Any]:
    """The Coverage of `patient` from `rights_check`'s answer (full when it holds the period)."""
    full = "on" in rights  # rights_check tells the day, relationship and period only to full readers
    resource: dict[str, Any] = {
        "resourceType": "Coverage",
        "id": str(patient),
        "status": coverage_status(rights),
        "subscriber": {"reference": patient_ref(patient.number)},
        "subscriberId": patient.number,
        "beneficiary": {"reference": patient_ref(patient)},
        "payor": [fund_reference()],
    }
    if full:
        code = _RELATIONSHIPS.get(rights.get("relationship") or "member", "other")
        resource["relationship"] = {"coding": [{"system": RELATIONSHIP, "code": code}]}
        if period := rights_period(rights):
            resource["period"] = period
    else:
        resource["meta"] = {"tag": [SUBSETTED]}
    return validated(Coverage, resource)
