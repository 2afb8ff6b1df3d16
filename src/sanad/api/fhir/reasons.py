"""The engine's reason catalogue (`adjudication.reasons.CATALOGUE`) as a FHIR CodeSystem
(`GET /fhir/CodeSystem/adjudication-reasons`), and a finding as the CodeableConcept of an adjudication's
reason: the code in the catalogue's system, its text filled in the caller's language.

Each concept's display is the French text (the fund's first language), with the Arabic and English texts
as designations; the `{placeholders}` are filled from each finding on a ClaimResponse.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from fhir.resources.R4B.codesystem import CodeSystem

from sanad.adjudication import CATALOGUE, Reason
from sanad.api.fhir.identifiers import identifier_system
from sanad.api.fhir.validated import validated
from sanad.funds.active import active_profile

CODE_SYSTEM_ID = "adjudication-reasons"
_ENGINE_CODES = frozenset(code.value for code in Reason)


def reason_code_system() -> dict[str, Any]:
    concepts = [
        {
            "code": code.value,
            "display": CATALOGUE[code].fr,
            "designation": [
                {"language": "ar", "value": CATALOGUE[code].ar},
                {"language": "en", "value": CATALOGUE[code].en},
            ],
            "property": [
                {"code": "rule", "valueString": CATALOGUE[code].rule},
                {"code": "effect", "valueCode": CATALOGUE[code].effect.value},
            ],
        }
        for code in Reason
    ]
    resource = {
        "resourceType": "CodeSystem",
        "id": CODE_SYSTEM_ID,
        "url": identifier_system("reason"),
        "name": "AdjudicationReasons",
        "title": "Adjudication reasons",
        "status": "active",
        "date": timezone.now().isoformat(timespec="seconds"),
        "publisher": active_profile().name.get_text(),
        "language": "fr",
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "property": [
            {"code": "rule", "type": "string", "description": "The engine's rule that gives the reason."},
            {"code": "effect", "type": "code", "description": "reject, reduce, review or information."},
        ],
        "concept": concepts,
    }
    return validated(CodeSystem, resource)


def reason_concept(text: dict[str, str]) -> dict[str, Any]:
    """A finding rendered by `claims.selectors.texts` ({code, text, by}) as a CodeableConcept: coded in
    the catalogue when the engine gave it, text alone for a person's reason."""
    concept: dict[str, Any] = {"text": text["text"]}
    if text["code"] in _ENGINE_CODES:
        concept["coding"] = [{"system": identifier_system("reason"), "code": text["code"]}]
    return concept
