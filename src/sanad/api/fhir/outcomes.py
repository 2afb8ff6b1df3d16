"""Every refusal as an OperationOutcome: an issue with severity `error`, a code of the FHIR IssueType value
set, the FHIRPath `expression` of the element at fault and `diagnostics` in the caller's language."""

from __future__ import annotations

from typing import Any

import pydantic
from django.utils.translation import gettext as _
from fhir.resources.R4B.operationoutcome import OperationOutcome

from sanad.api.fhir.validated import validated


class FhirError(Exception):
    """A request refused: the HTTP status, the IssueType code, the element at fault and the message."""

    def __init__(
        self, status: int, code: str, diagnostics: str, *, expression: str | None = None, headers=None
    ) -> None:
        super().__init__(diagnostics)
        self.status = status
        self.code = code
        self.diagnostics = str(diagnostics)
        self.expression = expression
        self.headers = headers or {}


def outcome(code: str, diagnostics: str, expression: str | None = None) -> dict[str, Any]:
    """An OperationOutcome of one error, validated by the R4B model."""
    issue: dict[str, Any] = {"severity": "error", "code": code, "diagnostics": diagnostics}
    if expression:
        issue["expression"] = [expression]
    body = {"resourceType": "OperationOutcome", "issue": [issue]}
    return validated(OperationOutcome, body)


def fhirpath(resource_type: str, loc: tuple[Any, ...]) -> str:
    """The FHIRPath of a pydantic error's location: ('item', 0, 'quantity') → `Type.item[0].quantity`."""
    path = resource_type
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "resource_type":
            path += ".resourceType"
        elif not str(part).startswith("function-") and "[" not in str(part):
            path += f".{part}"
    return path


def invalid_resource(resource_type: str, error: pydantic.ValidationError) -> FhirError:
    """The first fault the R4B model found in a resource sent, as a 400 naming the element."""
    first = error.errors()[0]
    kind = str(first.get("type", ""))
    expression = fhirpath(resource_type, tuple(first.get("loc", ())))
    if kind == "missing" or kind.endswith(".missing"):
        return FhirError(
            400, "required", _("%(path)s is required.") % {"path": expression}, expression=expression
        )
    if kind == "extra_forbidden":
        message = _("%(path)s is not an element of this resource.") % {"path": expression}
        return FhirError(400, "structure", message, expression=expression)
    if kind == "fhir-validation-wrong-resource-type":
        message = _("This address takes a %(type)s resource.") % {"type": resource_type}
        return FhirError(400, "invalid", message, expression="resourceType")
    message = _("%(path)s does not hold a valid value.") % {"path": expression}
    return FhirError(400, "value", message, expression=expression)


_DOMAIN_CODES = {
    "invalid": (400, "invalid"),
    "required": (400, "required"),
    "not_found": (404, "not-found"),
    "forbidden": (403, "forbidden"),
    "conflict": (409, "conflict"),
    "illegal_transition": (409, "conflict"),
}


def domain_refusal(error: Any, expression: str | None) -> FhirError:
    """A service's refusal (`common.errors.DomainError`) as a FhirError naming the element at fault."""
    status, code = _DOMAIN_CODES.get(str(error.code.value), (400, "invalid"))
    return FhirError(status, code, error.message, expression=expression)
