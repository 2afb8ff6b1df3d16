"""Checking a decision document from its QR code: the signature first (what a facility's software also does
offline with the fund's public key), then, online, whether the decision is still the one in force today.

A genuine paper may still be no longer good: its approval was modified or extended since (a new paper
replaces it), cancelled, or is out of its dates. The page says which, and what the paper covers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.decision_document.document import item_labels
from sanad.authorizations.decision_document.payload import DecisionPayload, PayloadError
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.statuses import RequestStatus
from sanad.funds.active import active_profile
from sanad.providers.models import Facility
from sanad.registry.certificates.signing import TokenError, token_open


class DocumentStatus(models.TextChoices):
    GENUINE = "genuine", _("Genuine decision")
    TAMPERED = "tampered", _("Altered or forged decision")
    MALFORMED = "malformed", _("This is not a decision code")


class Standing(models.TextChoices):
    """What the fund's records say today of a genuine paper's decision."""

    IN_FORCE = "in_force", _("In force")
    NOT_YET = "not_yet", _("Not yet valid")
    EXPIRED = "expired", _("Expired")
    REPLACED = "replaced", _("Replaced by a later decision")
    CANCELLED = "cancelled", _("Cancelled")
    UNKNOWN = "unknown", _("Not found in the fund's records")


@dataclass(frozen=True, slots=True)
class CheckedItem:
    kind: str
    code: str
    label: str
    quantity: int
    amount: object


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """What a check shows: the paper's own content, never a name (initials and birth year only)."""

    status: DocumentStatus
    today: datetime.date
    payload: DecisionPayload | None = None
    standing: Standing | None = None
    fund_name: str = ""
    facility_name: str = ""
    items: tuple[CheckedItem, ...] = ()

    @property
    def genuine(self) -> bool:
        return self.status == DocumentStatus.GENUINE

    @property
    def good(self) -> bool:
        """Genuine and in force today: the care it covers may be given on it."""
        return self.genuine and self.standing == Standing.IN_FORCE


def _standing(payload: DecisionPayload, today: datetime.date) -> Standing:
    found = AuthorizationRequest.objects.filter(reference=payload.reference).values_list(
        "status", "decision_id"
    )
    row = found.first()
    if row is None:
        return Standing.UNKNOWN
    status, decision_id = row
    if status == RequestStatus.CANCELLED:
        return Standing.CANCELLED
    if decision_id != payload.decision:
        return Standing.REPLACED
    if today < payload.valid_from:
        return Standing.NOT_YET
    if today > payload.valid_to:
        return Standing.EXPIRED
    return Standing.IN_FORCE


def _language() -> str:
    return (get_language() or "fr")[:2]


def _facility_name(code: str) -> str:
    facility = Facility.objects.filter(code=code).only("name_fr", "name_ar").first()
    if facility is None:
        return ""
    arabic = _language() == "ar" and facility.name_ar
    return str(facility.name_ar if arabic else facility.name_fr)


def decision_document_check(token: str, *, today: datetime.date | None = None) -> DocumentCheck:
    """Check a decision document's token: its signature, then its decision in the fund's records today."""
    today = today or timezone.localdate()
    try:
        payload = DecisionPayload.decode(token_open(token))
    except TokenError as error:
        return DocumentCheck(DocumentStatus(error.reason), today)
    except PayloadError:
        return DocumentCheck(DocumentStatus.MALFORMED, today)
    profile = active_profile()
    fund_name = profile.name.get_text() if payload.fund == profile.code else payload.fund
    sector = Facility.objects.filter(code=payload.facility).values_list("sector", flat=True).first() or ""
    items = []
    for item in payload.items:
        french, arabic = item_labels(kind=item.kind, code=item.code, day=payload.valid_from, sector=sector)
        label = arabic if _language() == "ar" else french
        items.append(CheckedItem(item.kind, item.code, label, item.quantity, item.amount))
    return DocumentCheck(
        DocumentStatus.GENUINE,
        today,
        payload=payload,
        standing=_standing(payload, today),
        fund_name=fund_name,
        facility_name=_facility_name(payload.facility),
        items=tuple(items),
    )
