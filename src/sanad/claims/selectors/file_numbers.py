"""A billing file found by the number people know it by: its invoice number (for a reimbursement, the
number of the facility's receipt). The number is unique per facility only (claims_invoice_unique): where
several facilities used it, the facility or the family of the beneficiary tells the files apart."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from sanad.claims.models import BillingFile
from sanad.claims.statuses import FileStatus
from sanad.providers.models import Facility
from sanad.registry.models import Member

# Files the fund never received (a facility's drafts, and the drafts it cancelled) are no one's to name.
_UNSENT = (FileStatus.DRAFT, FileStatus.CANCELLED)


@dataclass(frozen=True, slots=True)
class FileNumber:
    """What a person reads off a file: its invoice number, and the code of the facility that issued it."""

    invoice_number: str
    facility_code: str


def billing_files_numbered(
    *,
    invoice_number: str,
    facility: Facility | None = None,
    member: Member | None = None,
    limit: int = 2,
) -> list[BillingFile]:
    """The files the fund received bearing an invoice number, newest first, each with its facility;
    narrowed to those a facility issued, or to those of a member's family, when given. Two are enough to
    tell that the number alone does not name one file."""
    number = invoice_number.strip()
    if not number:
        return []
    rows = BillingFile.objects.filter(invoice_number=number).exclude(status__in=_UNSENT)
    if facility is not None:
        rows = rows.filter(facility=facility)
    if member is not None:
        rows = rows.filter(Q(care_sheet__member_id=member.pk) | Q(care_sheet__dependant__member_id=member.pk))
    return list(rows.select_related("facility").order_by("-id")[:limit])


def billing_file_number(*, pk: int) -> FileNumber | None:
    """The invoice number and facility code of a file, to fill a form opened from the file's page."""
    row = BillingFile.objects.filter(pk=pk).values_list("invoice_number", "facility__code").first()
    return FileNumber(*row) if row else None


def invoice_number_shared(*, invoice_number: str) -> bool:
    """Whether several facilities issued files under this number (then it names a file only with one)."""
    return len(billing_files_numbered(invoice_number=invoice_number)) > 1
