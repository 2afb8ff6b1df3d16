"""What the adviser reads beside a request: the beneficiary's rights today, the long-term conditions
recognized for them, and their earlier requests with their answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.signals import conditions_recognized
from sanad.catalog.models import LongTermCondition, in_force
from sanad.registry.selectors import Beneficiary, Rights, rights_on

EARLIER_LIMIT = 20


@dataclass(frozen=True, slots=True)
class Condition:
    code: str
    label_fr: str
    label_ar: str


@dataclass(frozen=True, slots=True)
class BeneficiaryContext:
    rights: Rights
    conditions: list[Condition]
    earlier: list[AuthorizationRequest]


def beneficiary_context(*, request: AuthorizationRequest, on: datetime.date) -> BeneficiaryContext:
    """The beneficiary of `request` seen from the adviser's desk; the caller may decide on it."""
    who = (
        Beneficiary.dependant(request.dependant_id)
        if request.dependant_id
        else Beneficiary.member(request.member_id)
    )
    codes = conditions_recognized(beneficiary=request.beneficiary, on=on)
    labels = {
        code: (fr, ar)
        for code, fr, ar in LongTermCondition.objects.filter(in_force(on), code__in=codes).values_list(
            "code", "label_fr", "label_ar"
        )
    }
    conditions = [Condition(code, *labels.get(code, (code, ""))) for code in sorted(codes)]
    earlier = list(
        AuthorizationRequest.objects.filter(beneficiary=request.beneficiary)
        .exclude(pk=request.pk)
        .select_related("facility", "decision")
        .order_by("-id")[:EARLIER_LIMIT]
    )
    return BeneficiaryContext(rights_on(on=on, beneficiary=who), conditions, earlier)
