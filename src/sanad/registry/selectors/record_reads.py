"""Who read a person's full record (issue 16, §2): each opening of the member's page or of a scan of their
papers leaves one audit event naming the reader, and the member's trail says so in plain words.

A facility's rights check is not such a read: it learns only covered or not, the reason and the initials
(never the record), and it is asked at every visit, so it is left out of the trail on purpose.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanad.common.audit import audit_read
from sanad.common.models import AuditEvent
from sanad.registry.models import Member, SupportingCertificate

# The heading of the reads on the member's page (registry/member_detail.html lists `reads` under it).
READS_TITLE = _("Who read this record")

RECORD_READ = "member_record_read"
DOCUMENT_READ = "member_document_read"

# The reads audited across the apps and what each says on a trail ("Record read by Alice").
READ_LABELS: dict[str, Promise] = {
    RECORD_READ: _("Record read by %(who)s"),
    DOCUMENT_READ: _("Scan of a document read by %(who)s"),
    "medical_report_read": _("Confidential medical report read by %(who)s"),
}


def member_record_read(*, actor: Any, member: Member) -> AuditEvent:
    """The member's full record was opened by `actor`: called once per page view."""
    return audit_read(actor=actor, action=RECORD_READ, obj=member)


def member_document_read(*, actor: Any, certificate: SupportingCertificate) -> AuditEvent:
    """A scan of a dependant's certificate was opened: recorded on the member, naming the certificate, so
    that the member's trail holds every read of their family's papers."""
    dependant = certificate.dependant
    return audit_read(
        actor=actor,
        action=DOCUMENT_READ,
        obj=dependant.member,
        what={"certificate": certificate.pk, "kind": certificate.kind, "dependant": dependant.pk},
    )


@dataclass(frozen=True)
class RecordRead:
    at: datetime.datetime
    sentence: str


def _who(event: AuditEvent) -> str:
    user = event.actor
    if user is None:
        return str(_("an automatic task"))
    return user.get_full_name() or user.get_username()


def read_sentence(event: AuditEvent) -> str:
    """An audited read in the reader's language: "Record read by Alice Diallo"."""
    label = READ_LABELS.get(event.action)
    if label is None:
        return event.action
    return str(label) % {"who": _who(event)}


def member_reads(*, member: Member, limit: int = 20) -> list[RecordRead]:
    """The latest reads of the member's record, newest first, for the trail on their page."""
    events = (
        AuditEvent.objects.filter(
            object_type=Member._meta.label_lower,
            object_id=str(member.pk),
            action__in=[RECORD_READ, DOCUMENT_READ],
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    return [RecordRead(at=event.at, sentence=read_sentence(event)) for event in events]
