"""Batches of billing files: the facility groups and submits them (and may recall them until the fund has
received them), the fund registers their receipt."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.models import Batch, BillingFile
from sanad.claims.signals import billing_files_received
from sanad.claims.statuses import DONE, BatchStatus, FileStatus, file_step_check
from sanad.common.audit import audit_record, audit_record_many
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import conflict_error, date_check
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.calendar import deadline
from sanad.providers.models import Facility
from sanad.providers.selectors import facility_of_user

T = TypeVar("T")

# Each action on a batch, the status it starts from and the status it leads to.
BATCH_STEPS: dict[str, tuple[BatchStatus, BatchStatus]] = {
    "batch_files_add": (BatchStatus.OPEN, BatchStatus.OPEN),
    "batch_files_remove": (BatchStatus.OPEN, BatchStatus.OPEN),
    "batch_submit": (BatchStatus.OPEN, BatchStatus.SUBMITTED),
    # The facility takes back a batch the fund has not received yet (its files are drafts again).
    "batch_recall": (BatchStatus.SUBMITTED, BatchStatus.OPEN),
    "batch_receive": (BatchStatus.SUBMITTED, BatchStatus.RECEIVED),
}
# The actions that change a batch's status, as told to whoever finds the batch changed under them.
_BATCH_DONE = {action: DONE[action] for action in ("batch_submit", "batch_recall", "batch_receive")}
_ATTEMPTS = 10  # tries at a fresh serial when another clerk took the same number at the same moment


def batch_step_check(action: str, batch: Batch) -> BatchStatus:
    """An action on a batch runs only from its starting status; it returns the status it leads to. Refused,
    it says who last changed the batch's status and when (two people acting on one batch at once)."""
    start, target = BATCH_STEPS[action]
    if batch.status != start:
        state = _("The batch is “%(status)s”: this is no longer possible.") % {
            "status": BatchStatus(batch.status).label
        }
        raise conflict_error(
            objects=[batch],
            said=_BATCH_DONE,
            code=ErrorCode.ILLEGAL_TRANSITION,
            advice=state,
            fallback=state,
        )
    return target


def _serial_next(rows: QuerySet[Batch], field: str, prefix: str) -> int:
    # Serials are zero-padded, so the longest then the greatest number carries the highest serial.
    last = (
        rows.filter(**{f"{field}__startswith": prefix})
        .annotate(_width=Length(field))
        .order_by("-_width", f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    return int(last.removeprefix(prefix)) + 1 if last else 1


def _numbered(rows: QuerySet[Batch], field: str, prefix: str, digits: int, write: Callable[[str], T]) -> T:
    """Write with the next free number `<prefix><serial>`: the unique constraint is the arbiter, so when
    another transaction took the same number first, this one retries with the next (race-safe)."""
    for _attempt in range(_ATTEMPTS):
        number = f"{prefix}{_serial_next(rows, field, prefix):0{digits}d}"
        try:
            with transaction.atomic():  # a savepoint: the failed write alone is undone
                return write(number)
        except IntegrityError:
            continue
    raise DomainError(ErrorCode.CONFLICT, _("The numbering is busy; please try again."), field=field)


def _facility_of(actor: Any) -> Facility:
    facility = facility_of_user(user=actor)
    if facility is None or not can(actor, "claims.submit"):
        raise DomainError(ErrorCode.FORBIDDEN, field="facility")
    return facility


def _batch_locked(*, batch_id: int, facility: Facility | None = None) -> Batch:
    rows = Batch.objects.select_for_update().filter(pk=batch_id)
    if facility is not None:
        rows = rows.filter(facility=facility)  # another facility's batch does not exist for this one
    batch = rows.first()
    if batch is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such batch."), field="batch")
    return batch


def _files_locked(rows: QuerySet[BillingFile]) -> list[BillingFile]:
    # Lock the files only (not the joined care sheets), always in id order, as every batch service does.
    return list(rows.select_related("care_sheet").select_for_update(of=("self",)).order_by("id"))


@transaction.atomic
def batch_create(*, actor: Any, group: str, on: datetime.date | None = None) -> Batch:
    """A facility opens a batch for one group of files (outpatient or inpatient), numbered
    B-<year>-<serial> per facility."""
    facility = _facility_of(actor)
    profile = active_profile()
    if group not in {g.code for g in profile.claims.batch_groups}:
        raise DomainError(ErrorCode.INVALID, _("Choose the type of files of the batch."), field="group")
    day = on or timezone.localdate()
    batch = _numbered(
        Batch.objects.filter(facility=facility),
        "number",
        f"B-{day.year}-",
        5,
        lambda number: Batch.objects.create(facility=facility, number=number, group=group, created_by=actor),
    )
    audit_record(
        actor=actor, action="batch_create", obj=batch, after={"number": batch.number, "group": group}
    )
    return batch


@transaction.atomic
def batch_files_add(*, actor: Any, batch_id: int, file_ids: Sequence[int]) -> Batch:
    """Add the facility's own draft files to its open batch: files of the batch's group only, each in one
    batch only, and at most the profile's number of files (30) in the batch."""
    facility = _facility_of(actor)
    batch = _batch_locked(batch_id=batch_id, facility=facility)
    batch_step_check("batch_files_add", batch)
    wanted = list(dict.fromkeys(file_ids))
    if not wanted:
        raise DomainError(ErrorCode.REQUIRED, _("Choose the files to add."), field="files")
    files = _files_locked(BillingFile.objects.filter(pk__in=wanted, facility=facility))
    if len(files) != len(wanted):
        raise DomainError(ErrorCode.NOT_FOUND, _("Some of these files do not exist."), field="files")
    claims = active_profile().claims
    for billing_file in files:
        _file_may_join(billing_file, batch, claims.batch_group_of(billing_file.care_sheet.care_type))
    added = [f for f in files if f.batch_id is None]
    held = BillingFile.objects.filter(batch=batch).count()
    if held + len(added) > claims.batch_max_files:
        raise DomainError(
            ErrorCode.INVALID,
            _("A batch holds at most %(max)d files; this one would hold %(count)d.")
            % {"max": claims.batch_max_files, "count": held + len(added)},
            field="files",
        )
    BillingFile.objects.filter(pk__in=[f.pk for f in added]).update(batch=batch)
    audit_record(
        actor=actor,
        action="batch_files_add",
        obj=batch,
        after={"files": [f.pk for f in added], "count": held + len(added)},
    )
    return batch


def _file_may_join(billing_file: BillingFile, batch: Batch, group: str) -> None:
    """Only a draft file of the batch's group, in no other batch, may join it."""
    name = billing_file.invoice_number
    if billing_file.batch_id not in (None, batch.pk):
        raise DomainError(
            ErrorCode.CONFLICT,
            _("File %(invoice)s is already in another batch.") % {"invoice": name},
            field="files",
        )
    if billing_file.status != FileStatus.DRAFT:
        raise DomainError(
            ErrorCode.INVALID, _("File %(invoice)s is no longer a draft.") % {"invoice": name}, field="files"
        )
    if group != batch.group:
        raise DomainError(
            ErrorCode.INVALID,
            _("File %(invoice)s is not of this batch's type: a batch holds files of one type only.")
            % {"invoice": name},
            field="files",
        )


@transaction.atomic
def batch_files_remove(*, actor: Any, batch_id: int, file_ids: Sequence[int]) -> Batch:
    """Take files out of the facility's open batch; they stay drafts, free for another batch."""
    facility = _facility_of(actor)
    batch = _batch_locked(batch_id=batch_id, facility=facility)
    batch_step_check("batch_files_remove", batch)
    wanted = list(dict.fromkeys(file_ids))
    if not wanted:
        raise DomainError(ErrorCode.REQUIRED, _("Choose the files to remove."), field="files")
    files = _files_locked(BillingFile.objects.filter(pk__in=wanted, batch=batch))
    if len(files) != len(wanted):
        raise DomainError(ErrorCode.NOT_FOUND, _("Some of these files are not in the batch."), field="files")
    BillingFile.objects.filter(pk__in=wanted).update(batch=None)
    audit_record(actor=actor, action="batch_files_remove", obj=batch, after={"files": wanted})
    return batch


@transaction.atomic
def batch_submit(*, actor: Any, batch_id: int, on: datetime.date | None = None) -> Batch:
    """The facility sends its batch with the transmittal slip: the batch and every file in it become
    submitted, all or nothing; an empty batch cannot be submitted."""
    facility = _facility_of(actor)
    batch = _batch_locked(batch_id=batch_id, facility=facility)
    target = batch_step_check("batch_submit", batch)
    files = _files_locked(BillingFile.objects.filter(batch=batch))
    if not files:
        raise DomainError(ErrorCode.REQUIRED, _("An empty batch cannot be submitted."), field="files")
    changes = []
    for billing_file in files:
        before = billing_file.status
        billing_file.status = file_step_check("billing_file_submit", before)
        changes.append((billing_file, {"status": before}, {"status": billing_file.status, "batch": batch.pk}))
    BillingFile.objects.bulk_update(files, ["status"], batch_size=1000)
    batch.status, batch.submitted_on = target, on or timezone.localdate()
    batch.save(update_fields=["status", "submitted_on"])
    audit_record_many(actor=actor, action="billing_file_submit", changes=changes)
    audit_record(
        actor=actor,
        action="batch_submit",
        obj=batch,
        before={"status": BatchStatus.OPEN},
        after={"status": target, "submitted_on": batch.submitted_on, "files": len(files)},
    )
    return batch


@transaction.atomic
def batch_recall(*, actor: Any, batch_id: int) -> Batch:
    """The facility takes back a batch it submitted until the fund has registered its receipt (seed 002:
    batches are handed in with a slip and the fund gives a receipt).

    The batch is being prepared again and each of its files goes back to its state before the submission
    (a draft), to be corrected, taken out or cancelled, then submitted anew; all or nothing, with an audit
    event for the batch and for each file.
    """
    facility = _facility_of(actor)
    batch = _batch_locked(batch_id=batch_id, facility=facility)
    target = batch_step_check("batch_recall", batch)
    files = _files_locked(BillingFile.objects.filter(batch=batch))
    changes = []
    for billing_file in files:
        before = billing_file.status
        billing_file.status = file_step_check("billing_file_recall", before)
        changes.append((billing_file, {"status": before}, {"status": billing_file.status, "batch": batch.pk}))
    BillingFile.objects.bulk_update(files, ["status"], batch_size=1000)
    before_batch = {"status": batch.status, "submitted_on": batch.submitted_on}
    batch.status, batch.submitted_on = target, None
    batch.save(update_fields=["status", "submitted_on"])
    audit_record_many(actor=actor, action="billing_file_recall", changes=changes)
    audit_record(
        actor=actor,
        action="batch_recall",
        obj=batch,
        before=before_batch,
        after={"status": target, "files": len(files)},
    )
    return batch


def _received_on_check(batch: Batch, received_on: datetime.date, today: datetime.date | None) -> None:
    """The papers cannot arrive in the future (common.guards), nor before the facility submitted them."""
    date_check(received_on, field="received_on", label=gettext_lazy("Papers received on"), today=today)
    if batch.submitted_on is not None and received_on < batch.submitted_on:
        raise DomainError(
            ErrorCode.INVALID,
            _("The date of receipt cannot come before the batch was submitted (%(day)s).")
            % {"day": batch.submitted_on.strftime("%d/%m/%Y")},
            field="received_on",
        )


@transaction.atomic
def batch_receive(
    *,
    actor: Any,
    batch_id: int,
    received_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Batch:
    """The fund registers a submitted batch's receipt with a numbered receipt (R-<year>-<serial>): every
    file becomes received on that date, its processing clock starts, then the engine decides it.

    The time bar is judged on `received_on`, the day the papers arrived, which may precede the day the
    receipt is registered. Two clerks registering the same batch at once: the first gives the receipt,
    the second is told the batch was received.
    """
    if not can(actor, "claims.receive"):
        raise DomainError(ErrorCode.FORBIDDEN, field="batch")
    stated_today = today  # the guard of dates allows the profile's clock tolerance unless a day is given
    today = today or timezone.localdate()
    batch = _batch_locked(batch_id=batch_id)
    if batch.status == BatchStatus.RECEIVED:
        taken = _("This batch was already received (receipt %(number)s).") % {"number": batch.receipt_number}
        raise conflict_error(
            objects=[batch], said={"batch_receive": DONE["batch_receive"]}, advice="", fallback=taken
        )
    target = batch_step_check("batch_receive", batch)
    received_on = received_on or today
    _received_on_check(batch, received_on, stated_today)
    profile = active_profile()
    start = datetime.datetime.combine(received_on, datetime.time.min)
    due_on = deadline(profile, start, profile.claims.processing_clock).date()
    files = _files_locked(BillingFile.objects.filter(batch=batch))
    changes = []
    for billing_file in files:
        before = billing_file.status
        billing_file.status = file_step_check("billing_file_receive", before)
        billing_file.received_on, billing_file.due_on = received_on, due_on
        after = {"status": billing_file.status, "received_on": received_on, "due_on": due_on}
        changes.append((billing_file, {"status": before}, after))
    BillingFile.objects.bulk_update(files, ["status", "received_on", "due_on"], batch_size=1000)

    def give_receipt(number: str) -> Batch:
        batch.status, batch.received_on, batch.receipt_number = target, received_on, number
        batch.received_by = actor if getattr(actor, "is_authenticated", False) else None
        batch.save(update_fields=["status", "received_on", "receipt_number", "received_by"])
        return batch

    _numbered(Batch.objects.all(), "receipt_number", f"R-{received_on.year}-", 7, give_receipt)
    audit_record_many(actor=actor, action="billing_file_receive", changes=changes)
    audit_record(
        actor=actor,
        action="batch_receive",
        obj=batch,
        before={"status": BatchStatus.SUBMITTED},
        after={"status": target, "receipt_number": batch.receipt_number, "received_on": received_on},
    )
    _after_receipt([f.pk for f in files], today)
    return batch


def _after_receipt(file_ids: list[int], today: datetime.date) -> None:
    """Tell the rest of Sanad (SMS to the insured), then let the engine decide the files in the background;
    both inside the receipt's transaction, so that a process killed after the commit loses neither
    (issue #16): the SMS are outbox rows, and the database tasks backend writes the task's row in this
    transaction too (a worker sees it once the receipt has committed).

    A backend that runs tasks at once (tests, a single process) decides the files here, inside the receipt:
    `billing_files_adjudicate` is atomic, a savepoint of it, and the backend records its failure, so a
    failure of the engine leaves the receipt standing and the files received, for the nightly run.
    """
    from sanad.claims.tasks import billing_files_adjudicate_task  # the tasks module imports the services

    billing_files_received.send(sender=None, file_ids=file_ids)
    billing_files_adjudicate_task.enqueue(file_ids, today.isoformat())
