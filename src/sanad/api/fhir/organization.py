"""Organization: a facility of the network, or the fund itself (the payor of every Coverage), to FHIR.

A facility is read through `providers.selectors.facility_get`, as in the REST API: facility staff see
only their own facility; the others do not exist for them (404).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from fhir.resources.R4B.organization import Organization

from sanad.api.fhir.identifiers import fund_id, identifier_system
from sanad.api.fhir.outcomes import FhirError
from sanad.api.fhir.validated import validated
from sanad.common.errors import DomainError
from sanad.funds.active import active_profile
from sanad.providers.selectors import facility_get

ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"


def fund_to_fhir() -> dict[str, Any]:
    """The fund as the payor: its code, its names in the three languages and type `pay`."""
    profile = active_profile()
    names = [profile.name.get(language) for language in ("fr", "ar", "en")]
    resource = {
        "resourceType": "Organization",
        "id": fund_id(),
        "identifier": [{"use": "official", "system": identifier_system("fund"), "value": profile.code}],
        "active": True,
        "type": [{"coding": [{"system": ORGANIZATION_TYPE, "code": "pay", "display": "Payer"}]}],
        "name": profile.name.get_text(),
        "alias": list(dict.fromkeys(n for n in [*names, profile.short_name] if n)),
        "address": [{"country": profile.country}],
    }
    return validated(Organization, resource)


def facility_to_fhir(facility: Any) -> dict[str, Any]:
    """A facility: its code (and provider identifier, regulator's registration), names, kind, region; in
    the network while its status is active."""
    identifiers = [{"use": "official", "system": identifier_system("facility"), "value": facility.code}]
    if facility.provider_identifier:
        identifiers.append(
            {"system": identifier_system("provider-identifier"), "value": facility.provider_identifier}
        )
    resource: dict[str, Any] = {
        "resourceType": "Organization",
        "id": facility.code,
        "identifier": identifiers,
        "active": facility.network_status == "active",
        "type": [
            {
                "coding": [{"system": ORGANIZATION_TYPE, "code": "prov", "display": "Healthcare Provider"}],
            },
            {"text": str(facility.get_kind_display())},
        ],
        "name": facility.name_fr,
        "address": [{"state": facility.region, "country": active_profile().country}],
    }
    if facility.name_ar:
        resource["alias"] = [facility.name_ar]
    return validated(Organization, resource)


def organization_read(*, user: Any, id: str) -> dict[str, Any]:
    """The fund (its own id) or the facility of code `id` as `user` may see it; 404 otherwise."""
    if id == fund_id():
        return fund_to_fhir()
    try:
        facility = facility_get(user=user, code=id)
    except DomainError as error:
        raise FhirError(404, "not-found", _("No such organization.")) from error
    return facility_to_fhir(facility)
