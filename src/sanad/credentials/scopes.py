"""What a machine credential may reach: named scopes, each a set of API paths."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Rights and eligibility checks")
    CLAIMS = "claims", _("Care sheets, billing files and batches")
    AUTHORIZATIONS = "authorizations", _("Prior authorization requests")
    PAYMENTS = "payments", _("Statements, payments and global invoices")


# The paths of each scope (prefixes). The catalogue's lookups serve whoever fills a care sheet or asks
# for an approval; a facility's own record serves every scope.
_PATHS: tuple[tuple[str, frozenset[Scope]], ...] = (
    ("/api/v1/registry/", frozenset({Scope.ELIGIBILITY})),
    ("/api/v1/providers/", frozenset(Scope)),
    ("/api/v1/catalog/", frozenset({Scope.ELIGIBILITY, Scope.CLAIMS, Scope.AUTHORIZATIONS})),
    ("/api/v1/claims/", frozenset({Scope.CLAIMS})),
    ("/api/v1/authorizations/", frozenset({Scope.AUTHORIZATIONS})),
    ("/api/v1/payments/", frozenset({Scope.PAYMENTS})),
    # FHIR: claims and prior authorizations (Claim, ClaimResponse), payments (PaymentReconciliation,
    # PaymentNotice); the rest (metadata, Patient, Coverage, eligibility, the network) for every scope.
    ("/fhir/Claim", frozenset({Scope.CLAIMS, Scope.AUTHORIZATIONS})),
    ("/fhir/Payment", frozenset({Scope.PAYMENTS})),
    ("/fhir/", frozenset(Scope)),
    # The HCX-style exchange: each address does what its FHIR counterpart does, for any scope's client.
    ("/hcx/", frozenset(Scope)),
)


def scopes_for_path(path: str) -> frozenset[Scope] | None:
    """The scopes any one of which opens `path`, or None for a path no machine credential may call."""
    for prefix, scopes in _PATHS:
        if path.startswith(prefix):
            return scopes
    return None


def scopes_clean(values: list[str]) -> list[str]:
    """The known scopes among `values`, in the order of `Scope`, each once."""
    wanted = set(values)
    return [scope.value for scope in Scope if scope.value in wanted]
