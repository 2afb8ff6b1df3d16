"""Reads behind the member and enrollment pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from sanad.funds.active import active_profile
from sanad.registry.models import Contribution, Member
from sanad.registry.selectors.enrollment import enrollment_days_left
from sanad.registry.selectors.rights import Beneficiary, rights_on, rights_on_many


def member_get(*, pk: int) -> Member | None:
    return (
        Member.objects.filter(pk=pk)
        .select_related("enrollment")
        .prefetch_related("documents", "dependants__certificates", "dependants__documents")
        .first()
    )


def member_page(*, member: Member, today: date) -> dict[str, Any]:
    """The member's rights today, each dependant with their eligibility, documents and contributions."""
    dependants = list(member.dependants.all())
    rights = rights_on_many(on=today, beneficiaries=[Beneficiary.dependant(d.pk) for d in dependants])
    enrollment = getattr(member, "enrollment", None)
    kinds = {kind.code: kind.label.get_text() for kind in active_profile().identity.documents}
    days_left = enrollment_days_left(enrollment, today=today) if enrollment else None
    return {
        "member": member,
        "rights": rights_on(on=today, beneficiary=Beneficiary.member(member.pk)),
        "dependants": [(d, rights[Beneficiary.dependant(d.pk)]) for d in dependants],
        "documents": [(d, kinds.get(d.kind, d.kind)) for d in member.documents.all()],
        "contributions": list(member.contributions.order_by("-period_start")),
        "enrollment": enrollment,
        "days_left": days_left,
        "days_overdue": -days_left if days_left is not None and days_left < 0 else 0,
    }


def contribution_get(*, pk: int) -> Contribution | None:
    return Contribution.objects.select_related("member", "rights_period", "recorded_by").filter(pk=pk).first()
