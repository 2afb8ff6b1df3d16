"""Patient: an insured person (a member or a dependant) to FHIR, and a Patient id or identifier from FHIR.

In full for who may see the register; for facility staff a subset (meta.tag SUBSETTED): the id, the
identifier and the initials, what the REST rights check tells them.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.patient import Patient

from sanad.api.fhir.beneficiaries import Beneficiary
from sanad.api.fhir.identifiers import PatientId, identifier_system, patient_ref
from sanad.api.fhir.validated import validated
from sanad.funds import registration_number_normalize

SUBSETTED = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
    "code": "SUBSETTED",
    "display": "subsetted",
}
_GENDER = {"F": "female", "M": "male"}
_LANGUAGE = "http://hl7.org/fhir/StructureDefinition/language"


def patient_identifier(patient: PatientId) -> dict[str, str]:
    if patient.dependant is None:
        system = identifier_system("registration-number")
        return {"use": "official", "system": system, "value": patient.number}
    return {"use": "official", "system": identifier_system("dependant"), "value": str(patient)}


def _names(person: Any) -> list[dict[str, Any]]:
    names = [
        {
            "use": "official",
            "text": f"{person.first_name} {person.last_name}".strip(),
            "family": person.last_name,
            "given": [person.first_name],
        }
    ]
    if person.first_name_ar or person.last_name_ar:
        arabic: dict[str, Any] = {
            "extension": [{"url": _LANGUAGE, "valueCode": "ar"}],
            "use": "official",
            "text": f"{person.first_name_ar} {person.last_name_ar}".strip(),
        }
        if person.last_name_ar:
            arabic["family"] = person.last_name_ar
        if person.first_name_ar:
            arabic["given"] = [person.first_name_ar]
        names.append(arabic)
    return names


def patient_to_fhir(found: Beneficiary) -> dict[str, Any]:
    """The Patient of a beneficiary, in full or as the subset its reader may see; validated (R4B)."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(found.id),
        "identifier": [patient_identifier(found.id)],
        "active": not found.merged_into,
    }
    if found.merged_into:
        # A person enrolled twice: the record kept holds the rights from now on.
        resource["link"] = [{"other": {"reference": patient_ref(found.merged_into)}, "type": "replaced-by"}]
    if found.full:
        person = found.person
        resource |= {"name": _names(person), "birthDate": person.birth_date.isoformat()}
        if person.sex in _GENDER:
            resource["gender"] = _GENDER[person.sex]
    else:
        resource["meta"] = {"tag": [SUBSETTED]}
        if found.initials:
            resource["name"] = [{"text": found.initials}]
    return validated(Patient, resource)


def identifier_search_parse(text: str) -> tuple[str | None, str]:
    """`system|value`, `|value` (no system) or `value` (any system) of a token search parameter."""
    if "|" in text:
        system, value = text.split("|", 1)
        return system, value
    return None, text


def patient_id_of_identifier(system: str | None, value: str) -> PatientId | None:
    """The Patient an identifier names in one of the fund's systems, or None (no match)."""
    value = value.strip()
    if not value:
        return None
    members, dependants = identifier_system("registration-number"), identifier_system("dependant")
    if system == members:
        return PatientId(registration_number_normalize(value))
    if system is None and "-" not in value:
        return PatientId(registration_number_normalize(value))
    if system in (None, dependants):
        number, dash, tail = value.rpartition("-")
        if dash and number and tail.isdigit() and len(tail) <= 18:
            return PatientId(number, int(tail))
    return None
