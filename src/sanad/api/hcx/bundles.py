"""The FHIR Bundle an HCX request carries (HCX sends a `document` Bundle whose first entry is a
Composition; a `collection` Bundle or the bare resource are taken too): the resource it is about, the
facility it speaks for, the Bundle the FHIR services read, and the Bundle of an answer."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle

from sanad.api.fhir.identifiers import identifier_system
from sanad.api.hcx.errors import HcxError
from sanad.exchange.statuses import Action

# The resource each request is about (the first of these types in the Bundle).
MAIN = {
    Action.ELIGIBILITY: ("CoverageEligibilityRequest",),
    Action.PREAUTH: ("Claim",),
    Action.CLAIM: ("Claim",),
    Action.PAYMENT: ("PaymentNotice", "PaymentReconciliation"),
    Action.STATUS: ("Claim", "Parameters"),
}


def _entries(payload: dict[str, Any]) -> list[dict[str, Any]]:
    if payload.get("resourceType") != "Bundle":
        return [{"resource": payload}]
    entries = payload.get("entry")
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def main_entry(payload: Any, action: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the entry of the resource the request is about, the other entries but the Composition)."""
    wanted = MAIN[Action(action)]
    if isinstance(payload, dict):
        entries = _entries(payload)
        for entry in entries:
            resource = entry.get("resource")
            if isinstance(resource, dict) and resource.get("resourceType") in wanted:
                others = [
                    e
                    for e in entries
                    if e is not entry and (e.get("resource") or {}).get("resourceType") != "Composition"
                ]
                return entry, others
    message = _("The payload must be a FHIR Bundle holding a %(type)s resource.") % {"type": wanted[0]}
    raise HcxError(400, "ERR_INVALID_PAYLOAD", message)


def facility_named(entry: dict[str, Any], others: list[dict[str, Any]]) -> str | None:
    """The code of the facility the resource speaks for (its `provider`), None when it names none."""
    provider = entry["resource"].get("provider")
    if not isinstance(provider, dict):
        return None
    system = identifier_system("facility")
    reference = provider.get("reference")
    if isinstance(reference, str) and reference:
        for other in others:
            resource = other.get("resource") or {}
            if other.get("fullUrl") == reference or (
                resource.get("resourceType") == "Organization"
                and f"Organization/{resource.get('id')}" == reference
            ):
                ids = [i for i in resource.get("identifier") or [] if isinstance(i, dict)]
                return next((str(i.get("value")) for i in ids if i.get("system") == system), None)
        return reference.removeprefix("Organization/")
    identifier = provider.get("identifier")
    if isinstance(identifier, dict) and identifier.get("system") == system:
        return str(identifier.get("value") or "")
    return None


def claim_bundle(entry: dict[str, Any], others: list[dict[str, Any]]) -> dict[str, Any]:
    """A collection Bundle whose first entry is the Claim, as `Claim/$submit` takes it."""
    return {"resourceType": "Bundle", "type": "collection", "entry": [entry, *others]}


def answer_bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    """The answer's resources in a collection Bundle, validated (R4B)."""
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r} for r in resources],
    }
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)
