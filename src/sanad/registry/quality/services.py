"""Writes of the quality control: run the rules on an enrollment, close a finding with a reason.

Where the check runs: the enrollment officer's "check" step (submitted → checked, statuses.py) is where the
register is checked (seed 003: "contrôle de qualité … avant la génération de l'attestation"), so
`enrollment_quality_check` runs the detection and moves the enrollment to "checked" only when nothing
blocking is open. Submission at the counter stays fast and never fails on another member's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.registry.models import Enrollment, Finding
from sanad.registry.quality.detect import detect
from sanad.registry.quality.selectors import findings_blocking
from sanad.registry.quality.statuses import BLOCKING, FindingStatus, finding_step_check
from sanad.registry.services import enrollment_move
from sanad.registry.statuses import EnrollmentStatus


@dataclass(frozen=True, slots=True)
class QualityRun:
    enrollment: Enrollment
    opened: tuple[Finding, ...]
    closed: tuple[int, ...]
    blocking_open: int

    @property
    def passed(self) -> bool:
        return self.blocking_open == 0


@transaction.atomic
def findings_detect(*, actor: Any, enrollment_id: int, on: date) -> QualityRun:
    """Run every rule on an enrollment's file: new problems open a finding, and the member's open findings
    no longer found are resolved. Idempotent: a problem already known (open or closed) is not found twice."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("member").filter(pk=enrollment_id).first()
    )
    if enrollment is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="enrollment_id")
    member_id = enrollment.member_id
    hits = detect(active_profile(), member_id=member_id, on=on)
    keys = {hit.key for hit in hits}
    known = set(Finding.objects.filter(key__in=keys).values_list("key", flat=True))
    new = [
        Finding(
            kind=hit.kind,
            blocking=hit.kind in BLOCKING,
            member_id=member_id,
            dependant_id=hit.dependant_id,
            other_member_id=hit.other_member_id,
            params=hit.params,
            key=hit.key,
            found_on=on,
        )
        for hit in hits
        if hit.key not in known
    ]
    # Two officers checking the two sides of a pair at once: the unique key keeps one finding.
    Finding.objects.bulk_create(new, ignore_conflicts=True)
    opened = tuple(Finding.objects.filter(key__in=[f.key for f in new], member_id=member_id).order_by("id"))
    stale = (
        Finding.objects.select_for_update()
        .filter(member_id=member_id, status=FindingStatus.OPEN)
        .exclude(key__in=keys)
    )
    closed = tuple(stale.values_list("pk", flat=True))
    user = actor if getattr(actor, "is_authenticated", False) else None
    Finding.objects.filter(pk__in=closed).update(
        status=FindingStatus.RESOLVED,
        reason=_("Register corrected: no longer found by the quality check."),
        closed_by=user,
        closed_at=timezone.now(),
    )
    blocking_open = findings_blocking(member_id=member_id).count()
    audit_record(
        actor=actor,
        action="registry.findings_detect",
        obj=enrollment,
        after={
            "opened": [{"id": f.pk, "kind": f.kind} for f in opened],
            "closed": list(closed),
            "blocking_open": blocking_open,
        },
    )
    return QualityRun(enrollment, opened, closed, blocking_open)


@transaction.atomic
def enrollment_quality_check(*, actor: Any, enrollment_id: int, on: date) -> QualityRun:
    """The officer's check of a submitted enrollment: detect, then move it to "checked" if nothing blocks."""
    run = findings_detect(actor=actor, enrollment_id=enrollment_id, on=on)
    if run.passed and run.enrollment.status == EnrollmentStatus.SUBMITTED:
        enrollment = enrollment_move(
            actor=actor, enrollment_id=enrollment_id, action="enrollment_check", on=on
        )
        run = QualityRun(enrollment, run.opened, run.closed, 0)
    return run


@transaction.atomic
def finding_close(*, actor: Any, finding_id: int, outcome: str, reason: str) -> Finding:
    """Resolve (the register was put right) or dismiss (no real problem) an open finding, with a reason."""
    finding = Finding.objects.select_for_update().filter(pk=finding_id).first()
    if finding is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="finding_id")
    if not reason.strip():
        raise DomainError(ErrorCode.REQUIRED, _("Give the reason for closing the finding."), field="reason")
    before = {"status": finding.status}
    finding.status = finding_step_check(finding.status, outcome)
    finding.reason = reason.strip()[:300]
    finding.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    finding.closed_at = timezone.now()
    finding.save(update_fields=["status", "reason", "closed_by", "closed_at"])
    audit_record(
        actor=actor,
        action=f"registry.finding_{'resolve' if outcome == FindingStatus.RESOLVED else 'dismiss'}",
        obj=finding,
        before=before,
        after={"status": finding.status, "reason": finding.reason, "kind": finding.kind},
    )
    return finding


def finding_resolve(*, actor: Any, finding_id: int, reason: str) -> Finding:
    return finding_close(actor=actor, finding_id=finding_id, outcome=FindingStatus.RESOLVED, reason=reason)


def finding_dismiss(*, actor: Any, finding_id: int, reason: str) -> Finding:
    return finding_close(actor=actor, finding_id=finding_id, outcome=FindingStatus.DISMISSED, reason=reason)
