"""What the fund's own pharmacy has to hand over: the approvals in force with drugs it dispenses, and
what is left of each drug (seed 002, CNOPS: drugs outside the direct-billing list are dispensed by the
fund's pharmacy)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from sanad.authorizations.models import AuthorizationRequest, DecisionItem, Dispensing
from sanad.authorizations.statuses import APPROVALS

PHARMACY_LIMIT = 100  # approvals shown at once; the filters narrow the list


@dataclass(frozen=True, slots=True)
class DrugLeft:
    """One drug of an approval: how many were approved, handed over already, and are left."""

    code: str
    approved: int
    dispensed: int

    @property
    def left(self) -> int:
        return max(self.approved - self.dispensed, 0)


def drugs_left(request: AuthorizationRequest) -> list[DrugLeft]:
    """The drugs of the approval in force that the fund's pharmacy dispenses. What was handed over is
    counted by request and code, so a modified approval keeps what was already given."""
    if request.status not in APPROVALS or request.decision_id is None:
        return []
    items = DecisionItem.objects.filter(decision_id=request.decision_id, fund_pharmacy=True).order_by("id")
    given = dict(
        Dispensing.objects.filter(request=request)
        .values("code")
        .annotate(total=Sum("quantity"))
        .values_list("code", "total")
    )
    return [DrugLeft(item.code, item.quantity, given.get(item.code, 0)) for item in items]


def pharmacy_queue(*, reference: str = "", registration_number: str = "") -> list[dict[str, Any]]:
    """The approvals in force with a drug the fund's pharmacy still has to hand over, the soonest to
    expire first; filtered by the request's reference or the member's registration number."""
    rows = (
        AuthorizationRequest.objects.filter(
            status__in=APPROVALS, decision__items__fund_pharmacy=True, decision__valid_to__isnull=False
        )
        .select_related("member", "dependant", "facility", "decision")
        .distinct()
        .order_by("decision__valid_to", "id")
    )
    if reference:
        rows = rows.filter(reference__iexact=reference.strip())
    if registration_number:
        rows = rows.filter(member__registration_number__iexact=registration_number.strip())
    out = []
    for row in rows[:PHARMACY_LIMIT]:
        drugs = drugs_left(row)
        if any(drug.left for drug in drugs):
            out.append({"request": row, "decision": row.decision, "drugs": drugs})
    return out
