"""Two records of one person in the register become one: the kept record takes everything, the other is
closed (marked merged, never deleted).

Seed 003 asks for a quality check of the register before the certificate: a person enrolled twice is the
first thing it finds. What moves: the other record's dependants (with their documents and certificates),
its own identity documents, its contributions and the rights periods they opened (recomputed as one
history), the queue tickets taken in its name, the insured person's account when the kept record has none,
records merged into it earlier, and, through `signals.member_merging`, what the apps above the register hold
(the claims app's care sheets, billing files, long-term conditions and complaints).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.registry.models import (
    Contribution,
    ContributionStatus,
    Enrollment,
    IdentityDocument,
    Member,
    QueueTicket,
    RightsPeriod,
)
from sanad.registry.quality.names import NameKeys, same_person
from sanad.registry.quality.services import findings_close_merged
from sanad.registry.services.contributions import rights_recompute
from sanad.registry.signals import member_merged, member_merging
from sanad.registry.statuses import ENROLLMENT_STEPS, EnrollmentStatus, enrollment_step_check


@dataclass(frozen=True, slots=True)
class MergeResult:
    kept: Member
    other: Member
    moved: dict[str, Any]
    # Dependants now twice in the kept family (same names and birth date): for the officer to look at.
    twins: list[tuple[int, int]] = field(default_factory=list)


def _holdings(member: Member) -> dict[str, Any]:
    """What a record holds, for the audit event's before and after."""
    return {
        "registration_number": member.registration_number,
        "dependants": sorted(member.dependants.values_list("pk", flat=True)),
        "documents": sorted(member.documents.values_list("pk", flat=True)),
        "contributions": sorted(member.contributions.values_list("receipt_number", flat=True)),
        "rights_periods": [
            [p.pk, p.paid_from, p.start, p.end] for p in member.rights_periods.order_by("paid_from")
        ],
        "user": member.user_id,
        "merged_into": member.merged_into_id,
    }


def _locked_pair(kept_id: int, other_id: int) -> tuple[Member, Member]:
    if kept_id == other_id:
        raise DomainError(ErrorCode.INVALID, _("Choose two different records."), field="other")
    # Locked in id order: two officers merging the same pair from both sides wait instead of deadlocking.
    rows = {
        m.pk: m for m in Member.objects.select_for_update().filter(pk__in=[kept_id, other_id]).order_by("pk")
    }
    if kept_id not in rows:
        raise DomainError(ErrorCode.NOT_FOUND, field="kept")
    if other_id not in rows:
        raise DomainError(ErrorCode.NOT_FOUND, field="other")
    kept, other = rows[kept_id], rows[other_id]
    for member, name in ((kept, "kept"), (other, "other")):
        if member.merged_into_id is not None:
            target = Member.objects.only("registration_number").get(pk=member.merged_into_id)
            raise DomainError(
                ErrorCode.CONFLICT,
                _("Record %(number)s is already merged into %(target)s.")
                % {"number": member.registration_number, "target": target.registration_number},
                field=name,
            )
    enrollment = Enrollment.objects.filter(member=kept).only("status").first()
    if enrollment is not None and enrollment.status == EnrollmentStatus.REJECTED:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("The record to keep has a refused enrollment: keep the other record, or reopen it first."),
            field="kept",
        )
    return kept, other


def _overlaps_check(kept: Member, other: Member) -> None:
    """One person never pays twice for a day: periods paid on both records must be settled first.

    Only payments that still open rights count (a voided or refunded payment has no rights period)."""
    standing = Contribution.objects.filter(status=ContributionStatus.RECORDED)
    for paid in standing.filter(member=other).order_by("period_start"):
        clash = (
            standing.filter(member=kept, period_start__lte=paid.period_end, period_end__gte=paid.period_start)
            .order_by("period_start")
            .first()
        )
        if clash is not None:
            raise DomainError(
                ErrorCode.CONFLICT,
                _(
                    "Both records paid for the same period (receipts %(kept)s and %(other)s): refund one of "
                    "the two payments before merging."
                )
                % {"kept": clash.receipt_number, "other": paid.receipt_number},
                field="other",
            )


def _twins(member: Member) -> list[tuple[int, int]]:
    """Pairs of the family's dependants with the same names and birth date."""
    people = list(member.dependants.all())
    keys = [NameKeys.of(d) for d in people]
    return [
        (people[i].pk, people[j].pk)
        for i in range(len(people))
        for j in range(i + 1, len(people))
        if people[i].relationship == people[j].relationship and same_person(keys[i], keys[j])
    ]


@transaction.atomic
def member_merge(*, actor: Any, kept_id: int, other_id: int, reason: str, on: date) -> MergeResult:
    """Merge the record `other_id` into `kept_id`, two records of the same person; the other is closed.

    Seed 003's quality check of the register finds a person enrolled twice: the kept record receives the
    other's dependants, documents, contributions and rights, and every file of the apps above; the other
    record stays, marked merged into the kept one. Refused when both records paid for the same period.
    """
    if not reason.strip():
        raise DomainError(ErrorCode.REQUIRED, _("Give the reason for the merge."), field="reason")
    kept, other = _locked_pair(kept_id, other_id)
    _overlaps_check(kept, other)
    before = {"kept": _holdings(kept), "other": _holdings(other)}

    moved: dict[str, Any] = {}
    dependants = list(other.dependants.select_for_update().order_by("pk"))
    for dependant in dependants:
        # Saved one by one: the receivers of the person's save (the search index) see the new family.
        dependant.member = kept
        dependant.save(update_fields=["member"])
    moved["dependants"] = [d.pk for d in dependants]
    documents = list(
        IdentityDocument.objects.select_for_update().filter(member=other).values_list("pk", flat=True)
    )
    IdentityDocument.objects.filter(pk__in=documents).update(member=kept)
    moved["documents"] = documents
    contributions = list(
        Contribution.objects.select_for_update().filter(member=other).values_list("pk", "receipt_number")
    )
    Contribution.objects.filter(pk__in=[pk for pk, _number in contributions]).update(member=kept)
    moved["contributions"] = [number for _pk, number in contributions]
    periods = list(RightsPeriod.objects.select_for_update().filter(member=other).values_list("pk", flat=True))
    RightsPeriod.objects.filter(pk__in=periods).update(member=kept)
    moved["rights_periods"] = periods
    moved["rights_recomputed"] = rights_recompute(member=kept)
    tickets = list(QueueTicket.objects.select_for_update().filter(member=other).values_list("pk", flat=True))
    QueueTicket.objects.filter(pk__in=tickets).update(member=kept)
    moved["queue_tickets"] = tickets
    earlier = list(Member.objects.select_for_update().filter(merged_into=other).values_list("pk", flat=True))
    Member.objects.filter(pk__in=earlier).update(merged_into=kept)
    moved["merged_records"] = earlier

    kept_fields = []
    if other.user_id is not None and kept.user_id is None:
        # The insured person's account follows the person; cleared first (one account, one record).
        kept.user_id, other.user_id = other.user_id, None
        other.save(update_fields=["user"])
        kept_fields.append("user")
        moved["user"] = kept.user_id
    if not kept.phone and other.phone:
        kept.phone = other.phone
        kept_fields.append("phone")
        moved["phone"] = True
    if kept_fields:
        kept.save(update_fields=kept_fields)

    # The apps above the register move their own rows, in this transaction (claims: care sheets, files…).
    for _receiver, answer in member_merging.send(sender=Member, actor=actor, kept=kept, other=other):
        if isinstance(answer, dict):
            moved.update(answer)

    moved["findings_closed"] = findings_close_merged(
        actor=actor, kept=kept, other=other, reason=reason.strip()
    )
    enrollment = Enrollment.objects.select_for_update().filter(member=other).first()
    if enrollment is not None and enrollment.status in ENROLLMENT_STEPS["enrollment_merge"][0]:
        moved["enrollment"] = [enrollment.status, EnrollmentStatus.MERGED]
        enrollment.status = enrollment_step_check("enrollment_merge", enrollment.status)
        enrollment.decided_on = on
        enrollment.note = (_("Merged into %(number)s.") % {"number": kept.registration_number})[:300]
        enrollment.save(update_fields=["status", "decided_on", "note"])
    other.merged_into, other.merged_on = kept, on
    other.save(update_fields=["merged_into", "merged_on"])

    after = {"kept": _holdings(kept), "other": _holdings(other)}
    audit_record(
        actor=actor,
        action="registry.member_merge",
        obj=kept,
        before=before,
        after={**after, "moved": moved, "reason": reason.strip(), "from": other.pk},
    )
    audit_record(
        actor=actor,
        action="registry.member_merged_into",
        obj=other,
        before={"merged_into": None},
        after={"merged_into": kept.pk, "registration_number": kept.registration_number, "merged_on": on},
    )
    # Inside the transaction: the member's SMS is written with the change or not at all (issue #16).
    member_merged.send(sender=Member, kept=kept, other=other)
    return MergeResult(kept=kept, other=other, moved=moved, twins=_twins(kept))
