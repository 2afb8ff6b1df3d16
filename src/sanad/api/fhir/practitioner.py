"""Practitioner: a health professional of the caller's facility (`claims.selectors.facility`'s list, the
one the care-sheet form offers), to FHIR. Its id is its row's id; its identifier the INPE or order
number. A facility sees its own practitioners only: another's do not exist for it (404, or no match).

Search: `identifier` (`system|value` or `value`), `name` (the start of the name, any case).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from fhir.resources.R4B.practitioner import Practitioner

from sanad.api.fhir.identifiers import identifier_system
from sanad.api.fhir.outcomes import FhirError
from sanad.api.fhir.validated import validated
from sanad.claims.selectors.facility import facility_practitioners
from sanad.common.vocabulary import specialty_name


def practitioner_to_fhir(row: Any) -> dict[str, Any]:
    resource = {
        "resourceType": "Practitioner",
        "id": str(row.pk),
        "identifier": [{"system": identifier_system("practitioner"), "value": row.identifier}],
        "active": True,
        "name": [{"text": row.name}],
        "qualification": [{"code": {"text": str(specialty_name(row.specialty))}}],
    }
    return validated(Practitioner, resource)


def practitioners_of(*, facility: Any, identifier: str | None = None, name: str | None = None) -> list[Any]:
    rows = facility_practitioners(facility=facility)
    if identifier is not None:
        system, bar, value = identifier.rpartition("|")
        if bar and system and system != identifier_system("practitioner"):
            return []
        rows = [row for row in rows if row.identifier == value]
    if name:
        rows = [row for row in rows if row.name.casefold().startswith(name.casefold())]
    return rows


def practitioner_read(*, facility: Any, id: str) -> dict[str, Any]:
    found = next((row for row in facility_practitioners(facility=facility) if str(row.pk) == id), None)
    if found is None:
        raise FhirError(404, "not-found", _("No such practitioner."))
    return practitioner_to_fhir(found)
