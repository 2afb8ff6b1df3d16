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


class FindingVerdict(models.TextChoices):
    """What the officer concluded, which decides how a finding may be closed (FINDING_VERDICTS)."""

    SAME_PERSON = "same_person", gettext_lazy("Same person: the two records are merged")
    DIFFERENT_PEOPLE = "different_people", gettext_lazy("Different people, shown by a document")
    DATA_CONFIRMED = "data_confirmed", gettext_lazy("The dates are right, shown by a document")
    NOTED = "noted", gettext_lazy("Seen: nothing to correct")


V = FindingVerdict
# Seed 003 checks the register before the certificate: a blocking finding is closed by a verdict that the
# register bears out, never by any sentence. A kind missing here (a missing or expired document, a spouse
# under age) is closed only by correcting the register, when the next check no longer finds it.
FINDING_VERDICTS: dict[FindingKind, frozenset[FindingVerdict]] = {
    FindingKind.DUPLICATE_PERSON: frozenset({V.SAME_PERSON, V.DIFFERENT_PEOPLE}),
    FindingKind.DUPLICATE_DOCUMENT: frozenset({V.SAME_PERSON, V.DIFFERENT_PEOPLE}),
    FindingKind.DEPENDANT_IS_MEMBER_ELSEWHERE: frozenset({V.SAME_PERSON, V.DIFFERENT_PEOPLE}),
    FindingKind.CHILD_OLDER_THAN_MEMBER: frozenset({V.DATA_CONFIRMED}),
    FindingKind.SHARED_PHONE: frozenset({V.NOTED}),
}
# Verdicts that need the document that bears them out (its kind, its reference, a scan if any).
VERDICTS_WITH_DOCUMENT: frozenset[FindingVerdict] = frozenset({V.DIFFERENT_PEOPLE, V.DATA_CONFIRMED})
# The status each verdict closes a finding with: merged, the register was put right; otherwise no problem.
VERDICT_STATUS: dict[FindingVerdict, FindingStatus] = {
    V.SAME_PERSON: FindingStatus.RESOLVED,
    V.DIFFERENT_PEOPLE: FindingStatus.DISMISSED,
    V.DATA_CONFIRMED: FindingStatus.DISMISSED,
    V.NOTED: FindingStatus.DISMISSED,
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
