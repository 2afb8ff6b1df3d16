"""Kinds of finding, which ones block a certificate, and the statuses a finding goes through."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.errors import DomainError, ErrorCode


class FindingKind(models.TextChoices):
    DUPLICATE_DOCUMENT = "duplicate_document", gettext_lazy("Same identity document as another person")
    DUPLICATE_PERSON = "duplicate_person", gettext_lazy("Same names and birth date as another member")
    SHARED_PHONE = "shared_phone", gettext_lazy("Phone number shared by many members")
    CHILD_OLDER_THAN_MEMBER = "child_older_than_member", gettext_lazy("Child too old for the member")
    SPOUSE_UNDER_AGE = "spouse_under_age", gettext_lazy("Spouse under the legal age")
    DEPENDANT_IS_MEMBER_ELSEWHERE = (
        "dependant_is_member_elsewhere",
        gettext_lazy("Dependant who is also a member elsewhere"),
    )
    DOCUMENT_MISSING = "document_missing", gettext_lazy("Identity document missing")
    DOCUMENT_EXPIRED = "document_expired", gettext_lazy("Identity document expired")


# A shared phone is often a family's or a neighbour's: it is shown to the officer but blocks nothing.
BLOCKING: frozenset[FindingKind] = frozenset(FindingKind) - {FindingKind.SHARED_PHONE}


class FindingStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    RESOLVED = "resolved", gettext_lazy("Resolved")
    DISMISSED = "dismissed", gettext_lazy("Dismissed")


# A finding is closed once, with a reason: resolved (the register was put right) or dismissed (no problem).
FINDING_TRANSITIONS: dict[FindingStatus, frozenset[FindingStatus]] = {
    FindingStatus.OPEN: frozenset({FindingStatus.RESOLVED, FindingStatus.DISMISSED}),
    FindingStatus.RESOLVED: frozenset(),
    FindingStatus.DISMISSED: frozenset(),
}


def finding_step_check(current: str, target: str) -> FindingStatus:
    """A finding changes status only as FINDING_TRANSITIONS allows; it returns the new status."""
    if target not in FindingStatus.values:
        raise DomainError(ErrorCode.INVALID, field="outcome")
    if FindingStatus(target) not in FINDING_TRANSITIONS.get(FindingStatus(current), frozenset()):
        labels = dict(FindingStatus.choices)
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            _("Cannot go from “%(from)s” to “%(to)s”.") % {"from": labels[current], "to": labels[target]},
            field="status",
        )
    return FindingStatus(target)
