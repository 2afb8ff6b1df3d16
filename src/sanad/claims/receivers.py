"""What the claims app does when the register announces something; connected in ClaimsConfig.ready()."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from sanad.authorizations.signals import conditions_asked
from sanad.claims.models import ConditionRecognition
from sanad.claims.services.beneficiaries import member_claims_move
from sanad.registry import signals


def on_member_merging(sender: Any, *, actor: Any, kept: Any, other: Any, **kwargs: Any) -> dict[str, Any]:
    # Inside the merge's transaction: an error here undoes the merge (no half-moved person).
    return {"claims": member_claims_move(actor=actor, from_member_id=other.pk, to_member_id=kept.pk)}


def on_conditions_asked(sender: Any, *, beneficiary: str, on: date, **kwargs: Any) -> list[str]:
    # Prior authorization's automatic rules ask which long-term conditions an adviser recognized.
    return list(
        ConditionRecognition.objects.filter(beneficiary=beneficiary, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values_list("condition_code", flat=True)
    )


def receivers_connect() -> None:
    signals.member_merging.connect(on_member_merging, dispatch_uid="claims.member_merging")
    conditions_asked.connect(on_conditions_asked, dispatch_uid="claims.conditions_asked")
