"""Reads of the quality control: the officers' queue, a member's blocking findings, the home figure."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sanad.common.paging import KeyPage, key_page
from sanad.funds.active import active_profile
from sanad.registry.models import Finding
from sanad.registry.quality.statuses import FindingKind, FindingStatus
from sanad.registry.selectors import enrollment_days_left


def findings_blocking(*, member_id: int) -> QuerySet[Finding]:
    """Open blocking findings on a member, on either side of a pair (indexes: member/other_member, status)."""
    return Finding.objects.filter(
        Q(member_id=member_id) | Q(other_member_id=member_id), status=FindingStatus.OPEN, blocking=True
    ).order_by("id")


def findings_open_count() -> int:
    """Open findings in the register (the figure for the enrollment officer's home page)."""
    return Finding.objects.filter(status=FindingStatus.OPEN).count()


def finding_text(finding: Finding) -> str:
    """What the finding is about, in a sentence in the reader's language, from its kind and params."""
    p: dict[str, Any] = finding.params or {}
    kind = finding.kind
    if kind == FindingKind.DUPLICATE_DOCUMENT:
        return _("Document number %(number)s is also held by %(other)s.") % {
            "number": p.get("number", ""),
            "other": p.get("other", ""),
        }
    if kind == FindingKind.DUPLICATE_PERSON:
        return _("Same names and birth date as %(other)s.") % {"other": p.get("other", "")}
    if kind == FindingKind.SHARED_PHONE:
        return _("Phone %(phone)s is on %(count)s members.") % {
            "phone": p.get("phone", ""),
            "count": p.get("members", 0),
        }
    if kind == FindingKind.CHILD_OLDER_THAN_MEMBER:
        return _("%(dependant)s was born when the member was %(gap)s (minimum %(minimum)s).") % {
            "dependant": p.get("dependant", ""),
            "gap": p.get("gap_years", 0),
            "minimum": p.get("minimum", 0),
        }
    if kind == FindingKind.SPOUSE_UNDER_AGE:
        return _("%(dependant)s is %(age)s, under the legal age of %(minimum)s.") % {
            "dependant": p.get("dependant", ""),
            "age": p.get("age", 0),
            "minimum": p.get("minimum", 0),
        }
    if kind == FindingKind.DEPENDANT_IS_MEMBER_ELSEWHERE:
        return _("%(dependant)s is a dependant and also the member %(member)s.") % {
            "dependant": p.get("dependant", ""),
            "member": p.get("member", ""),
        }
    labels = {k.code: k.label.get_text() for k in active_profile().identity.documents}
    required = ", ".join(labels.get(code, code) for code in p.get("required", []))
    return _("One of these documents is required and valid: %(documents)s.") % {"documents": required}


def finding_queue(*, kind: str = "", after: str = "", before: str = "", today: date) -> KeyPage[Finding]:
    """Open findings, of one kind or all, by id (indexes: status, id and status, kind, id), each with its
    text and the 30-day clock of the member's enrollment."""
    query = Finding.objects.filter(status=FindingStatus.OPEN).select_related(
        "member__enrollment", "other_member", "dependant"
    )
    if kind in FindingKind.values:
        query = query.filter(kind=kind)
    page = key_page(query, key=("id",), after=after, before=before)
    for finding in page.rows:
        enrollment = getattr(finding.member, "enrollment", None)
        finding.text = finding_text(finding)
        finding.enrollment = enrollment
        finding.days_left = enrollment_days_left(enrollment, today=today) if enrollment else None
    return page
