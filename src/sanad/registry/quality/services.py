"""Writes of the quality control: run the rules on an enrollment, close a finding with a reason.

Where the check runs: the enrollment officer's "check" step (submitted → checked, statuses.py) is where the
register is checked (seed 003: "contrôle de qualité … avant la génération de l'attestation"), so
`enrollment_quality_check` runs the detection and moves the enrollment to "checked" only when nothing
blocking is open. Submission at the counter stays fast and never fails on another member's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.registry.models import Enrollment, Finding, Member
from sanad.registry.quality.detect import detect
from sanad.registry.quality.rules import number_key
from sanad.registry.quality.selectors import findings_blocking
from sanad.registry.quality.statuses import (
    BLOCKING,
    FINDING_VERDICTS,
    VERDICT_STATUS,
    VERDICTS_WITH_DOCUMENT,
    FindingKind,
    FindingStatus,
    FindingVerdict,
    finding_step_check,
)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingEvidence:
    """The document that bears a verdict out: its kind (a code of the profile's identity documents), its
    number or reference, and its scan when there is one (an uploaded file)."""

    kind: str
    reference: str
    scan: Any = None


def finding_is_member_pair(finding: Finding) -> bool:
    """Two members' own records (no dependant involved): "same person" means merging them."""
    return (
        finding.kind in (FindingKind.DUPLICATE_PERSON, FindingKind.DUPLICATE_DOCUMENT)
        and finding.dependant_id is None
        and finding.other_member_id is not None
    )


def _evidence_check(finding: Finding, evidence: FindingEvidence | None) -> dict[str, str]:
    """The document's kind and reference, checked; the same number as the one both files share proves
    nothing."""
    if evidence is None or not evidence.reference.strip():
        raise DomainError(
            ErrorCode.REQUIRED,
            _("Give the reference of the document that shows it (its number), and its scan if you have it."),
            field="evidence_reference",
        )
    kinds = {kind.code for kind in active_profile().identity.documents}
    if evidence.kind not in kinds:
        raise DomainError(ErrorCode.REQUIRED, _("Choose the kind of document."), field="evidence_kind")
    reference = evidence.reference.strip()[:60]
    shared = (finding.params or {}).get("number", "")
    if finding.kind == FindingKind.DUPLICATE_DOCUMENT and number_key(reference) == shared:
        raise DomainError(
            ErrorCode.INVALID,
            _("This is the number both files share: give another document that tells the two people apart."),
            field="evidence_reference",
        )
    return {"kind": evidence.kind, "reference": reference}


def _scan_save(finding: Finding, scan: Any) -> str:
    name = PurePosixPath(scan.name or "scan").name
    return default_storage.save(f"registry/findings/{finding.pk}/{name}", scan)


def _close(
    finding: Finding, *, actor: Any, verdict: FindingVerdict, reason: str, extra: dict[str, Any]
) -> None:
    before = {"status": finding.status}
    finding.status = finding_step_check(finding.status, VERDICT_STATUS[verdict])
    finding.reason = reason.strip()[:300]
    finding.params = {**(finding.params or {}), "verdict": verdict.value, **extra}
    finding.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    finding.closed_at = timezone.now()
    finding.save(update_fields=["status", "reason", "params", "closed_by", "closed_at"])
    audit_record(
        actor=actor,
        action=f"registry.finding_{'resolve' if finding.status == FindingStatus.RESOLVED else 'dismiss'}",
        obj=finding,
        before=before,
        after={
            "status": finding.status,
            "verdict": verdict.value,
            "reason": finding.reason,
            "kind": finding.kind,
            **extra,
        },
    )


@transaction.atomic
def finding_close(
    *, actor: Any, finding_id: int, verdict: str, reason: str, evidence: FindingEvidence | None = None
) -> Finding:
    """Close an open finding with a verdict the register bears out, and a reason (FINDING_VERDICTS).

    Seed 003 checks the register's quality before the certificate, so a blocking finding is not closed by
    any sentence: "same person" is closed by merging the two records (`member_merge`), "different people"
    and "the dates are right" need the document that shows it; a missing or expired document, or a spouse
    under age, is closed by correcting the register (the next check resolves it).
    """
    finding = Finding.objects.select_for_update().filter(pk=finding_id).first()
    if finding is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="finding_id")
    if not reason.strip():
        raise DomainError(ErrorCode.REQUIRED, _("Give the reason for closing the finding."), field="reason")
    finding_step_check(finding.status, FindingStatus.DISMISSED)  # closed once
    allowed = FINDING_VERDICTS.get(FindingKind(finding.kind), frozenset())
    if verdict not in FindingVerdict.values or FindingVerdict(verdict) not in allowed:
        if not allowed:
            message = _(
                "This finding closes when the register is corrected: correct the file (add or replace the "
                "document, correct the birth date), then run the register check again."
            )
        else:
            message = _("Choose one of: %(verdicts)s.") % {
                "verdicts": ", ".join(str(v.label) for v in FindingVerdict if v in allowed)
            }
        raise DomainError(ErrorCode.INVALID, message, field="verdict")
    verdict = FindingVerdict(verdict)
    if verdict == FindingVerdict.SAME_PERSON:
        # Only the merge closes it, so that the register really holds one record of the person.
        raise DomainError(
            ErrorCode.CONFLICT,
            _("Same person: merge the two records; the merge closes this finding.")
            if finding_is_member_pair(finding)
            else _(
                "Same person on two files: take them off one of the files, then run the register check again."
            ),
            field="verdict",
        )
    extra: dict[str, Any] = {}
    if verdict in VERDICTS_WITH_DOCUMENT:
        extra["evidence"] = _evidence_check(finding, evidence)
        if evidence is not None and evidence.scan:
            extra["evidence"]["scan"] = _scan_save(finding, evidence.scan)
    _close(finding, actor=actor, verdict=verdict, reason=reason, extra=extra)
    return finding


def findings_close_merged(*, actor: Any, kept: Member, other: Member, reason: str) -> list[int]:
    """Close every open finding on the record merged into `kept` (called by `member_merge`, in its
    transaction): the pair's own findings are resolved as "same person"; the others are resolved because the
    record is closed (the kept record's next check finds again what still holds)."""
    rows = list(
        Finding.objects.select_for_update()
        .filter(Q(member=other) | Q(other_member=other), status=FindingStatus.OPEN)
        .order_by("id")
    )
    for finding in rows:
        pair = {finding.member_id, finding.other_member_id} == {kept.pk, other.pk}
        _close(
            finding,
            actor=actor,
            verdict=FindingVerdict.SAME_PERSON,
            reason=reason
            if pair
            else _("Record merged into %(number)s.") % {"number": kept.registration_number},
            extra={"merged_into": kept.registration_number},
        )
    return [finding.pk for finding in rows]


def finding_resolve(*, actor: Any, finding_id: int, reason: str) -> Finding:
    """Close a finding that blocks nothing (seen, nothing to correct)."""
    return finding_close(actor=actor, finding_id=finding_id, verdict=FindingVerdict.NOTED, reason=reason)


def finding_dismiss(*, actor: Any, finding_id: int, reason: str) -> Finding:
    """Close a finding that blocks nothing (seen, nothing to correct)."""
    return finding_close(actor=actor, finding_id=finding_id, verdict=FindingVerdict.NOTED, reason=reason)
