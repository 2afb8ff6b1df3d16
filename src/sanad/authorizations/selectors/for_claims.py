"""What the claims need of prior authorizations: for the beneficiaries of a chunk of billing files, the
items of their approvals in force (the current decision of each approved request: approved, or approved
with reserve; never a refusal, a cancelled approval or a decision another replaced) and their requests
still awaiting the fund's answer, as plain data, in one query.

Seeds 002 (CNOPS "document de prise en charge": acts, cycles or sessions, facility, validity) and 004
(CNSS prior approval).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.statuses import APPROVALS, OPEN, RequestStatus

# Approvals whose validity ended or starts this long before or after the chunk's dates are left out:
# a line so far from them is refused as it would be without them.
MARGIN = datetime.timedelta(days=366)


@dataclass(frozen=True, slots=True)
class ApprovedItem:
    """One item of an approval in force: the request (its id and its reference, which names it in
    texts), the decision in force, its facility and validity, and the code with the quantity approved
    (days, sessions, cycles or units, as `counts` says)."""

    request_id: int
    reference: str
    decision_id: int
    beneficiary: str
    facility_id: int
    valid_from: datetime.date
    valid_to: datetime.date
    counts: str
    kind: str
    code: str
    quantity: int
    # The amount cap of the item ("amount" on the decision's item, e.g. a device's approved quote) and of
    # the whole decision; None when uncapped. Claims may hold the billed amounts against them.
    amount: Decimal | None = None
    decision_amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """A request awaiting the fund's answer (pending, or information asked)."""

    request_id: int
    reference: str
    beneficiary: str
    facility_id: int


@dataclass(slots=True)
class ForClaims:
    approved: list[ApprovedItem] = field(default_factory=list)
    open: list[OpenRequest] = field(default_factory=list)


def authorizations_for_claims(
    *, beneficiaries: Collection[str], start: datetime.date, end: datetime.date
) -> ForClaims:
    """The approved items and the open requests of `beneficiaries` (keys `M<id>` / `D<id>`, as on the
    claims' lines), for care given from `start` to `end`: one query, by the requests' person index."""
    found = ForClaims()
    if not beneficiaries:
        return found
    # An approval with reserve under appeal stays in force until the appeal is decided.
    in_force = Q(
        Q(status__in=APPROVALS) | Q(status=RequestStatus.UNDER_APPEAL, decision__valid_to__isnull=False),
        decision__valid_to__gte=start - MARGIN,
        decision__valid_from__lte=end + MARGIN,
    )
    people = sorted(beneficiaries)
    rows = (
        AuthorizationRequest.objects.filter(in_force | Q(status__in=OPEN), beneficiary__in=people)
        .exclude(reference=None)
        .order_by("decision__valid_to", "id", "decision__items__id")
        .values_list(
            "id",
            "reference",
            "beneficiary",
            "status",
            "facility_id",
            "decision_id",
            "decision__facility_id",
            "decision__valid_from",
            "decision__valid_to",
            "decision__counts",
            "decision__items__kind",
            "decision__items__code",
            "decision__items__quantity",
            "decision__items__amount",
            "decision__amount",
        )
    )
    for (
        request_id,
        reference,
        beneficiary,
        status,
        facility_id,
        decision_id,
        decided_facility_id,
        valid_from,
        valid_to,
        counts,
        kind,
        code,
        quantity,
        amount,
        decision_amount,
    ) in rows:
        if status in OPEN and not (status == RequestStatus.UNDER_APPEAL and code is not None):
            found.open.append(OpenRequest(request_id, reference, beneficiary, facility_id))
        elif code is not None:
            found.approved.append(
                ApprovedItem(
                    request_id,
                    reference,
                    decision_id,
                    beneficiary,
                    decided_facility_id,
                    valid_from,
                    valid_to,
                    counts,
                    kind,
                    code,
                    quantity,
                    amount,
                    decision_amount,
                )
            )
    return found
