"""Reads of batches, scoped to the user who asks, and their printed papers: the transmittal slip (bordereau
d'envoi) and the fund's receipt (accusé de réception)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from sanad.claims.models import Batch, BillingFile, CareSheetLine
from sanad.claims.statuses import BatchStatus, FileStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.export import EXPORT_CHUNK
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.pdf import html_to_pdf
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.selectors import facility_of_user

CANDIDATES_SHOWN = 100  # draft files offered for a batch at once, oldest first
_ZERO = Decimal("0.00")


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


def batch_group_label(profile: FundProfile, group: str, language: str | None = None) -> str:
    """A batch group named by the care types it holds, in the reader's language."""
    lang = language or _language()
    labels = {t.code: t.label.get(lang) for t in profile.care_types}
    for batch_group in profile.claims.batch_groups:
        if batch_group.code == group:
            return " / ".join(labels.get(code, code) for code in batch_group.care_types)
    return group


def batch_group_choices(*, profile: FundProfile | None = None) -> list[tuple[str, str]]:
    """The profile's batch groups (outpatient, inpatient) as choices for the page."""
    profile = profile or active_profile()
    return [(g.code, batch_group_label(profile, g.code)) for g in profile.claims.batch_groups]


def batch_visible(*, user: Any, batch_id: int) -> Batch:
    """A batch the user may see: facility staff their own facility's only (another's does not exist for
    them); the fund's reception and readers of claims any batch once submitted (a batch being prepared is
    still the facility's business)."""
    rows = Batch.objects.select_related("facility", "received_by", "created_by")
    if can(user, "claims.receive") or can(user, "claims.view"):
        rows = rows.exclude(status=BatchStatus.OPEN)
    else:
        facility = facility_of_user(user=user)
        if facility is None or not can(user, "claims.submit"):
            raise PermissionDenied("claims.submit")
        rows = rows.filter(facility=facility)
    batch = rows.filter(pk=batch_id).first()
    if batch is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such batch."), field="batch")
    return batch


def _with_counts(rows: QuerySet[Batch]) -> QuerySet[Batch]:
    count = (
        BillingFile.objects.filter(batch=OuterRef("pk")).order_by().values("batch").annotate(n=Count("id"))
    )
    return rows.annotate(file_count=Subquery(count.values("n")))


def _newest_first(rows: QuerySet[Batch], *, after: str, before: str, size: int) -> KeyPage[Batch]:
    """Keyset paging by descending id (the index ends in -id): `after` the last id seen, or `before` the
    first."""
    if before.isdigit():
        found = list(rows.filter(id__gt=int(before)).order_by("id")[: size + 1])
        page = found[:size][::-1]
        return KeyPage(
            page,
            next_after=str(page[-1].pk) if page else None,
            prev_before=str(page[0].pk) if len(found) > size else None,
        )
    if after.isdigit():
        rows = rows.filter(id__lt=int(after))
    found = list(rows.order_by("-id")[: size + 1])
    page = found[:size]
    return KeyPage(
        page,
        next_after=str(page[-1].pk) if len(found) > size else None,
        prev_before=str(page[0].pk) if after.isdigit() and page else None,
    )


@dataclass(frozen=True, slots=True)
class FacilityBatchFilters:
    """What the facility's list of batches is narrowed by: a status, a group (type of files) and the days
    of submission."""

    status: str = ""
    group: str = ""
    submitted_from: datetime.date | None = None
    submitted_to: datetime.date | None = None


def _facility_batches(*, user: Any, filters: FacilityBatchFilters) -> QuerySet[Batch]:
    """The user's facility's batches the filters keep. Indexes: (facility, status, -id) for a status,
    (facility, group, -id) for a type of files, (facility, submitted_on) for the days of submission."""
    facility = facility_of_user(user=user)
    if facility is None or not can(user, "claims.submit"):
        raise PermissionDenied("claims.submit")
    rows = Batch.objects.filter(facility=facility).select_related("facility")
    if filters.status in BatchStatus.values:
        rows = rows.filter(status=filters.status)
    if filters.group:
        rows = rows.filter(group=filters.group)
    if filters.submitted_from is not None:
        rows = rows.filter(submitted_on__gte=filters.submitted_from)
    if filters.submitted_to is not None:
        rows = rows.filter(submitted_on__lte=filters.submitted_to)
    return _with_counts(rows)


def _with_batch_billed(rows: QuerySet[Batch]) -> QuerySet[Batch]:
    """The amount billed on each batch: the sum of its files' care-sheet lines."""
    billed = (
        CareSheetLine.objects.filter(care_sheet__billing_file__batch=OuterRef("pk"))
        .order_by()
        .values("care_sheet__billing_file__batch")
        .annotate(total=Sum("billed"))
        .values("total")
    )
    return rows.annotate(billed=Subquery(billed, output_field=DecimalField(max_digits=14, decimal_places=2)))


def batch_list_facility(
    *,
    user: Any,
    status: str = "",
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
    filters: FacilityBatchFilters | None = None,
) -> KeyPage[Batch]:
    """The user's facility's batches, newest first, optionally of one status (or narrowed by `filters`:
    status, type of files, days of submission), each with its number of files and amount billed."""
    filters = filters or FacilityBatchFilters(status=status)
    rows = _with_batch_billed(_facility_batches(user=user, filters=filters))
    return _labelled(_newest_first(rows, after=after, before=before, size=size))


def batches_export_facility(*, user: Any, filters: FacilityBatchFilters) -> Iterator[Batch]:
    """Every batch of the facility's list the filters keep, newest first, read by key a chunk at a time."""
    rows = _with_batch_billed(_facility_batches(user=user, filters=filters))

    def walk() -> Iterator[Batch]:
        after = ""
        while True:
            page = _labelled(_newest_first(rows, after=after, before="", size=EXPORT_CHUNK))
            yield from page.rows
            if page.next_after is None:
                return
            after = page.next_after

    return walk()


def batch_queue(*, user: Any, after: str = "", before: str = "", size: int = PAGE_SIZE) -> KeyPage[Batch]:
    """The reception desk: submitted batches, oldest submitted first, with their facility and number of
    files (index: status, submitted_on, id)."""
    if not can(user, "claims.receive"):
        raise PermissionDenied("claims.receive")
    rows = _with_counts(Batch.objects.filter(status=BatchStatus.SUBMITTED).select_related("facility"))
    return _labelled(key_page(rows, key=("submitted_on", "id"), after=after, before=before, size=size))


def _labelled(page: KeyPage[Batch]) -> KeyPage[Batch]:
    profile = active_profile()
    for batch in page.rows:
        batch.group_label = batch_group_label(profile, batch.group)
    return page


def batch_candidates(*, batch: Batch, limit: int = CANDIDATES_SHOWN) -> list[BillingFile]:
    """The facility's draft files of the batch's group that are in no batch yet, oldest first."""
    profile = active_profile()
    care_types = next((g.care_types for g in profile.claims.batch_groups if g.code == batch.group), ())
    rows = BillingFile.objects.filter(
        facility_id=batch.facility_id,
        status=FileStatus.DRAFT,
        batch__isnull=True,
        care_sheet__care_type__in=care_types,
    ).select_related("care_sheet__member", "care_sheet__dependant__member")
    return list(_with_billed(rows).order_by("id")[:limit])


def _with_billed(rows: QuerySet[BillingFile]) -> QuerySet[BillingFile]:
    billed = (
        CareSheetLine.objects.filter(care_sheet_id=OuterRef("care_sheet_id"))
        .order_by()
        .values("care_sheet_id")
        .annotate(total=Sum("billed"))
        .values("total")
    )
    return rows.annotate(billed=Subquery(billed, output_field=DecimalField(max_digits=14, decimal_places=2)))


@dataclass(frozen=True, slots=True)
class SlipRow:
    """One file on the transmittal slip."""

    file_id: int
    invoice_number: str
    registration_number: str
    beneficiary: str
    care_date: datetime.date
    care_type: str
    billed: Decimal
    fund_share: Decimal | None  # the engine's preview when the facility billed
    patient_share: Decimal | None
    status: str


@dataclass(frozen=True, slots=True)
class Slip:
    """A batch's summary table and its totals."""

    batch: Batch
    group: str
    currency: str
    rows: list[SlipRow]
    billed: Decimal
    fund_share: Decimal
    patient_share: Decimal

    @property
    def count(self) -> int:
        return len(self.rows)


def _money(value: Any) -> Decimal:
    # SQLite gives a sum back without its scale: every amount shows its cents.
    return Decimal(value or 0).quantize(_ZERO)


def _beneficiary(sheet: Any, lang: str) -> tuple[str, str]:
    person = sheet.dependant if sheet.dependant_id else sheet.member
    member = person.member if sheet.dependant_id else person
    name = person.full_name_ar if lang == "ar" and person.full_name_ar else person.full_name
    return member.registration_number, name


def batch_slip(*, batch: Batch) -> Slip:
    """The batch's files with their amounts as previewed when billed, and the totals (4 queries)."""
    profile = active_profile()
    lang = _language()
    care_types = {t.code: t.label.get(lang) for t in profile.care_types}
    files = _with_billed(
        BillingFile.objects.filter(batch=batch).select_related(
            "care_sheet__member", "care_sheet__dependant__member"
        )
    ).order_by("invoice_number", "id")
    rows = []
    for billing_file in files:
        sheet = billing_file.care_sheet
        number, name = _beneficiary(sheet, lang)
        rows.append(
            SlipRow(
                file_id=billing_file.pk,
                invoice_number=billing_file.invoice_number,
                registration_number=number,
                beneficiary=name,
                care_date=sheet.care_date,
                care_type=care_types.get(sheet.care_type, sheet.care_type),
                billed=_money(billing_file.billed),
                fund_share=billing_file.preview_fund_share,
                patient_share=billing_file.preview_patient_share,
                status=billing_file.get_status_display(),
            )
        )
    return Slip(
        batch=batch,
        group=batch_group_label(profile, batch.group, lang),
        currency=profile.currency,
        rows=rows,
        billed=sum((r.billed for r in rows), _ZERO),
        fund_share=sum((r.fund_share for r in rows if r.fund_share is not None), _ZERO),
        patient_share=sum((r.patient_share for r in rows if r.patient_share is not None), _ZERO),
    )


def _paper_context(slip: Slip) -> dict[str, Any]:
    profile = active_profile()
    lang = _language()
    return {
        "slip": slip,
        "batch": slip.batch,
        "facility": slip.batch.facility,
        "fund_name": profile.name.get(lang),
        "profile": profile,
        "lang": lang,
        "rtl": translation.get_language_bidi(),
    }


def batch_slip_html(*, batch: Batch) -> str:
    """The transmittal slip as a full HTML page, in the active language (right to left in Arabic)."""
    return render_to_string("claims/batches/slip.html", _paper_context(batch_slip(batch=batch)))


def batch_slip_pdf(*, batch: Batch) -> bytes:
    return html_to_pdf(batch_slip_html(batch=batch))


def batch_receipt_html(*, batch: Batch) -> str:
    """The fund's receipt for a received batch: its number and date, the batch, the facility, the number
    of files and the billed total."""
    if batch.status != BatchStatus.RECEIVED:
        raise DomainError(ErrorCode.NOT_FOUND, _("This batch has not been received yet."), field="batch")
    return render_to_string("claims/batches/receipt.html", _paper_context(batch_slip(batch=batch)))


def batch_receipt_pdf(*, batch: Batch) -> bytes:
    return html_to_pdf(batch_receipt_html(batch=batch))
