"""Corrections at the facility's desk: a care sheet and its draft billing file are edited or cancelled until
the file is submitted to the fund (then its batch may be recalled while the fund has not received it, see
`batch_recall`).

Nothing is deleted: a cancelled sheet, and its draft if it had one, are kept with the reason, never billed
nor sent; an edit keeps the values before and after in its audit event (the lines of a draft never sent are
rewritten, those of a file sent never are). Two clerks correcting one sheet at once: the page sends back the
version of the sheet it showed, and the second is told who changed it, what they decided and when.

Locks are always taken in the same order, the sheet, then its file's batch, then the file (the batch
services lock a batch before its files), so that two people acting at once wait for each other instead of
crossing.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.claims.models import Batch, BillingFile, CareSheet
from sanad.claims.services.register import (
    SHEET_FIELDS,
    CareSheetInput,
    desk_rules,
    facility_of_actor,
    invoice_number_check,
    lines_record,
    preview_store,
)
from sanad.claims.statuses import (
    DONE,
    BatchStatus,
    FileStatus,
    SheetStatus,
    file_step_check,
    sheet_step_check,
)
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import conflict_error
from sanad.funds.active import active_profile
from sanad.providers.models import Facility

REASON_MAX = 500
# The sheet's fields a correction may change (the facility and the beneficiary stay).
_EDITABLE = tuple(name for name in SHEET_FIELDS if name not in ("facility_id", "member_id", "dependant_id"))
_LINE_FIELDS = ("line_no", "kind", "code", "coefficient", "quantity", "billed", "service_date")


def _locked(*, actor: Any, care_sheet_id: int) -> tuple[CareSheet, BillingFile | None, Facility]:
    """The sheet, then its billing file's batch, then the file, locked; another facility's sheet is
    forbidden."""
    care_sheet = CareSheet.objects.select_for_update().filter(pk=care_sheet_id).first()
    if care_sheet is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="care_sheet")
    facility = facility_of_actor(actor, care_sheet.facility_id)
    # The file's batch before the file, as the batch services lock them: a cancellation and a submission
    # of the same batch wait for each other instead of each holding what the other needs.
    batch_id = BillingFile.objects.filter(care_sheet=care_sheet).values_list("batch_id", flat=True).first()
    if batch_id is not None:
        Batch.objects.select_for_update().filter(pk=batch_id).first()
    billing_file = BillingFile.objects.select_for_update().filter(care_sheet=care_sheet).first()
    return care_sheet, billing_file, facility


def _sheet_of_file(file_id: int) -> int:
    care_sheet_id = BillingFile.objects.filter(pk=file_id).values_list("care_sheet_id", flat=True).first()
    if care_sheet_id is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="billing_file")
    return care_sheet_id


def _may_correct(care_sheet: CareSheet, billing_file: BillingFile | None, version: int | None) -> None:
    """A sheet is corrected while it is open, its billing file (if any) still a draft, and as the page that
    asks showed it (`version`); otherwise the error says who changed it, what they decided and when."""
    if care_sheet.status != SheetStatus.OPEN:
        raise conflict_error(objects=[care_sheet], said=DONE, code=ErrorCode.ILLEGAL_TRANSITION)
    if billing_file is not None and billing_file.status != FileStatus.DRAFT:
        if billing_file.status == FileStatus.CANCELLED:
            raise conflict_error(objects=[billing_file], said=DONE, code=ErrorCode.ILLEGAL_TRANSITION)
        sent = (
            _(
                "A file sent to the fund is no longer changed: recall its batch while the fund has not "
                "received it."
            )
            if billing_file.status == FileStatus.SUBMITTED
            else _("The fund has received this file: it can no longer be changed at the desk.")
        )
        raise conflict_error(
            objects=[billing_file], said=DONE, code=ErrorCode.ILLEGAL_TRANSITION, advice=sent, fallback=sent
        )
    if version is not None and version != care_sheet.version:
        objects: list[Any] = [care_sheet] if billing_file is None else [care_sheet, billing_file]
        raise conflict_error(objects=objects, said=DONE, field="version")


def _reason_check(reason: str) -> str:
    """A cancellation says why, in at most REASON_MAX characters."""
    reason = reason.strip()
    if not reason:
        raise DomainError(ErrorCode.REQUIRED, _("Say why it is cancelled."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            ErrorCode.INVALID,
            _("The reason is too long (at most %(max)s characters).") % {"max": REASON_MAX},
            field="reason",
        )
    return reason


def _state(care_sheet: CareSheet) -> dict[str, Any]:
    """The sheet as the audit trail keeps it: its fields and its lines."""
    values = {name: getattr(care_sheet, name) for name in _EDITABLE}
    values["lines"] = [
        {name: getattr(line, name) for name in _LINE_FIELDS} for line in care_sheet.lines.order_by("line_no")
    ]
    return values


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = [name for name in after if before.get(name) != after[name]]
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}


@transaction.atomic
def care_sheet_edit(
    *,
    actor: Any,
    care_sheet_id: int,
    sheet: CareSheetInput,
    version: int | None = None,
    on: datetime.date | None = None,
) -> CareSheet:
    """The facility corrects a care sheet (its care, its lines, its referrals; not its beneficiary) while it
    is open and its billing file, if any, is still a draft: every rule of a new sheet holds again
    (`register.desk_rules`), the draft's preview of the shares is computed again as if the fund received it
    on `on` (today), and the audit event keeps the values before and after. The sheet's version goes up by
    one."""
    care_sheet, billing_file, facility = _locked(actor=actor, care_sheet_id=care_sheet_id)
    _may_correct(care_sheet, billing_file, version)
    sheet_step_check("care_sheet_edit", care_sheet.status)
    data = replace(
        sheet,
        facility_id=care_sheet.facility_id,
        member_id=care_sheet.member_id,
        dependant_id=care_sheet.dependant_id,
    )
    data = desk_rules(data, facility)
    if billing_file is not None and billing_file.batch_id is not None:
        claims = active_profile().claims
        if claims.batch_group_of(data.care_type) != claims.batch_group_of(care_sheet.care_type):
            batch = Batch.objects.get(pk=billing_file.batch_id)
            raise DomainError(
                ErrorCode.INVALID,
                _(
                    "This file is in batch %(number)s, of another type of files: take it out of the batch "
                    "before changing its care type."
                )
                % {"number": batch.number},
                field="care_type",
            )
    before = _state(care_sheet)
    for name in _EDITABLE:
        setattr(care_sheet, name, getattr(data, name))
    care_sheet.version += 1
    care_sheet.save(update_fields=[*_EDITABLE, "version"])
    care_sheet.lines.all().delete()  # a draft's lines, never sent: the audit event keeps them
    lines_record(care_sheet, data.lines)
    old, new = _changes(before, _state(care_sheet))
    if billing_file is not None:
        shares = ("preview_fund_share", "preview_patient_share")
        old.update({name: getattr(billing_file, name) for name in shares})
        preview_store(billing_file, on=on)
        new.update({name: getattr(billing_file, name) for name in shares})
    audit_record(
        actor=actor,
        action="care_sheet_edit",
        obj=care_sheet,
        before={**old, "version": care_sheet.version - 1},
        after={**new, "version": care_sheet.version},
    )
    return care_sheet


def _cancel(actor: Any, care_sheet: CareSheet, billing_file: BillingFile | None, reason: str) -> None:
    """Cancel the sheet and its draft: kept with the reason, the draft taken out of its open batch."""
    target = sheet_step_check("care_sheet_cancel", care_sheet.status)
    if billing_file is not None:
        before = {"status": billing_file.status, "batch": billing_file.batch_id}
        billing_file.status = file_step_check("billing_file_cancel", billing_file.status)
        batch_id, billing_file.batch_id = billing_file.batch_id, None
        billing_file.save(update_fields=["status", "batch"])
        if batch_id is not None:
            # A draft waits in an open batch only (a submitted batch holds submitted files): it leaves it.
            batch = Batch.objects.select_for_update().get(pk=batch_id)
            if batch.status != BatchStatus.OPEN:
                raise DomainError(ErrorCode.CONFLICT, field="batch")
            audit_record(
                actor=actor, action="batch_files_remove", obj=batch, after={"files": [billing_file.pk]}
            )
        audit_record(
            actor=actor,
            action="billing_file_cancel",
            obj=billing_file,
            before=before,
            after={"status": billing_file.status, "reason": reason},
        )
    care_sheet.status, care_sheet.cancel_reason = target, reason
    care_sheet.version += 1
    care_sheet.save(update_fields=["status", "cancel_reason", "version"])
    audit_record(
        actor=actor,
        action="care_sheet_cancel",
        obj=care_sheet,
        before={"status": SheetStatus.OPEN, "version": care_sheet.version - 1},
        after={"status": target, "reason": reason, "version": care_sheet.version},
    )


@transaction.atomic
def care_sheet_cancel(
    *, actor: Any, care_sheet_id: int, reason: str, version: int | None = None
) -> CareSheet:
    """A care sheet entered by mistake is cancelled, never deleted, while its billing file is not sent (seed
    000: the care sheet is the proof of the care given).

    Both the sheet and its draft, if any, are kept with status cancelled and the reason, never billed nor
    sent; the draft leaves its open batch. A file sent to the fund is never cancelled (its batch may be
    recalled first while the fund has not received it)."""
    reason = _reason_check(reason)
    care_sheet, billing_file, _facility = _locked(actor=actor, care_sheet_id=care_sheet_id)
    _may_correct(care_sheet, billing_file, version)
    _cancel(actor, care_sheet, billing_file, reason)
    return care_sheet


@transaction.atomic
def billing_file_cancel(*, actor: Any, file_id: int, reason: str, version: int | None = None) -> BillingFile:
    """The facility cancels a draft billing file never sent, and so its care sheet (a sheet bills once):
    see `care_sheet_cancel`."""
    reason = _reason_check(reason)
    care_sheet, billing_file, _facility = _locked(actor=actor, care_sheet_id=_sheet_of_file(file_id))
    assert billing_file is not None and billing_file.pk == file_id
    _may_correct(care_sheet, billing_file, version)
    _cancel(actor, care_sheet, billing_file, reason)
    return billing_file


@transaction.atomic
def billing_file_edit(
    *, actor: Any, file_id: int, invoice_number: str, version: int | None = None
) -> BillingFile:
    """The facility corrects a draft billing file's invoice number (unique among its files) before sending
    it; the care sheet's version goes up by one, the audit event keeps both numbers."""
    care_sheet, billing_file, _facility = _locked(actor=actor, care_sheet_id=_sheet_of_file(file_id))
    assert billing_file is not None and billing_file.pk == file_id
    _may_correct(care_sheet, billing_file, version)
    number = invoice_number_check(
        facility_id=billing_file.facility_id, invoice_number=invoice_number, file_id=billing_file.pk
    )
    before = billing_file.invoice_number
    billing_file.invoice_number = number
    try:
        with transaction.atomic():  # another clerk may take the number between the check and this write
            billing_file.save(update_fields=["invoice_number"])
    except IntegrityError as error:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This facility already sent an invoice with this number."),
            field="invoice_number",
        ) from error
    care_sheet.version += 1
    care_sheet.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action="billing_file_edit",
        obj=billing_file,
        before={"invoice_number": before, "version": care_sheet.version - 1},
        after={"invoice_number": number, "version": care_sheet.version},
    )
    return billing_file
