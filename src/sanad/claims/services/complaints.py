"""Complaints on a billing file or its decision: registered by a regional office (or by the insured online),
answered within the profile's clock; an answer that upholds the complaint sends the file back through
adjudication."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.models import BillingFile, Complaint, FileDecision
from sanad.claims.services.adjudicate import billing_files_adjudicate
from sanad.claims.signals import complaint_answered
from sanad.claims.statuses import ComplainantKind, ComplaintStatus, file_step_check
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import date_check
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.calendar import deadline
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility
from sanad.registry.models import Member
from sanad.registry.selectors import member_of_user

_NUMBER_TRIES = 20  # each failed try means another office took the number meanwhile: one more is enough


def complaint_due_on(profile: FundProfile, received_on: datetime.date) -> datetime.date:
    """A complaint is to be answered when the profile's complaint clock, started the day it was received,
    runs out."""
    start = datetime.datetime.combine(received_on, datetime.time.min)
    return deadline(profile, start, profile.claims.complaint_clock).date()


def _next_number(region: str, year: int) -> str:
    """The next number of the region's complaints of the year: RC-<region>-<year>-00001, 00002…"""
    prefix = f"RC-{region}-{year}-"
    last = (
        Complaint.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{serial:05d}"


def _insert_numbered(complaint: Complaint) -> Complaint:
    """Save with the next free number. Two offices of a region registering at once may pick the same one:
    the unique constraint refuses the second, which takes the next (the first has committed by then)."""
    for _try in range(_NUMBER_TRIES):
        complaint.number = _next_number(complaint.region, complaint.received_on.year)
        try:
            with transaction.atomic():
                complaint.save(force_insert=True)
        except IntegrityError:
            complaint.pk = None
            continue
        return complaint
    raise DomainError(ErrorCode.CONFLICT, _("Could not number the complaint: try again."), field="number")


def _file_get(billing_file_id: int) -> BillingFile:
    found = BillingFile.objects.select_related("care_sheet__dependant").filter(pk=billing_file_id).first()
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("No billing file has this number."), field="billing_file")
    return found


def _file_of(billing_file_id: int | None) -> BillingFile | None:
    return None if billing_file_id is None else _file_get(billing_file_id)


def _family_of(billing_file: BillingFile) -> int:
    sheet = billing_file.care_sheet
    return sheet.member_id if sheet.dependant_id is None else sheet.dependant.member_id


def _parties_check(
    complainant: str, billing_file: BillingFile | None, member_id: int | None, facility_id: int | None
) -> tuple[int | None, int | None]:
    """An insured complainant is a member (the file, if any, is their family's); a facility complainant is
    a facility (the file, if any, is one it billed)."""
    if complainant == ComplainantKind.INSURED:
        if member_id is None and billing_file is not None:
            member_id = _family_of(billing_file)
        if member_id is None or not Member.objects.filter(pk=member_id).exists():
            raise DomainError(ErrorCode.REQUIRED, _("Give the insured person's number."), field="member")
        if billing_file is not None and _family_of(billing_file) != member_id:
            raise DomainError(
                ErrorCode.INVALID, _("This file is not one of this insured person's."), field="billing_file"
            )
        return member_id, None
    if complainant == ComplainantKind.FACILITY:
        if facility_id is None and billing_file is not None:
            facility_id = billing_file.facility_id
        if facility_id is None or not Facility.objects.filter(pk=facility_id).exists():
            raise DomainError(ErrorCode.REQUIRED, _("Give the facility's code."), field="facility")
        if billing_file is not None and billing_file.facility_id != facility_id:
            raise DomainError(
                ErrorCode.INVALID, _("This file was not billed by this facility."), field="billing_file"
            )
        return None, facility_id
    raise DomainError(ErrorCode.INVALID, field="complainant")


def _register(
    *,
    actor: Any,
    complainant: str,
    region: str,
    subject: str,
    received_on: datetime.date,
    billing_file_id: int | None,
    member_id: int | None,
    facility_id: int | None,
    on_decision: bool,
    channel: str,
) -> Complaint:
    profile = active_profile()
    if region not in {r.code for r in profile.regions}:
        raise DomainError(ErrorCode.INVALID, _("Unknown regional office."), field="region")
    subject = subject.strip()
    if not subject:
        raise DomainError(ErrorCode.REQUIRED, field="subject")
    date_check(received_on, field="received_on", label=gettext_lazy("Received on"))
    billing_file = _file_of(billing_file_id)
    member_id, facility_id = _parties_check(complainant, billing_file, member_id, facility_id)
    decision_id = None
    if on_decision:
        # The table has no link to a decision: the complaint stands on the file, and the decision it
        # contests (the current one) is kept in the audit event.
        decision_id = (
            FileDecision.objects.filter(billing_file=billing_file, is_current=True)
            .values_list("pk", flat=True)
            .first()
            if billing_file is not None
            else None
        )
        if decision_id is None:
            raise DomainError(
                ErrorCode.INVALID, _("This file has no decision to complain about."), field="billing_file"
            )
    complaint = _insert_numbered(
        Complaint(
            billing_file=billing_file,
            complainant=complainant,
            member_id=member_id,
            facility_id=facility_id,
            region=region,
            subject=subject,
            received_on=received_on,
            due_on=complaint_due_on(profile, received_on),
            registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    )
    audit_record(
        actor=actor,
        action="complaint_register",
        obj=complaint,
        after={
            "number": complaint.number,
            "complainant": complainant,
            "billing_file": billing_file_id,
            "decision": decision_id,
            "region": region,
            "received_on": received_on,
            "due_on": complaint.due_on,
            "channel": channel,
        },
    )
    return complaint


@transaction.atomic
def complaint_register(
    *,
    actor: Any,
    complainant: str,
    region: str,
    subject: str,
    received_on: datetime.date,
    billing_file_id: int | None = None,
    member_id: int | None = None,
    facility_id: int | None = None,
    on_decision: bool = False,
) -> Complaint:
    """A regional office registers a complaint from an insured person or a facility, on a billing file
    (or its current decision) or on no file; it is due when the profile's complaint clock runs out."""
    if not can(actor, "claims.complaints"):
        raise DomainError(ErrorCode.FORBIDDEN)
    return _register(
        actor=actor,
        complainant=complainant,
        region=region,
        subject=subject,
        received_on=received_on,
        billing_file_id=billing_file_id,
        member_id=member_id,
        facility_id=facility_id,
        on_decision=on_decision,
        channel="office",
    )


@transaction.atomic
def complaint_file(
    *, actor: Any, subject: str, on: datetime.date, billing_file_id: int | None = None
) -> Complaint:
    """An insured person files a complaint online, about one of their family's files or not; it goes to
    the regional office of their region."""
    member = member_of_user(user=actor) if can(actor, "self.view") else None
    if member is None:
        raise DomainError(ErrorCode.FORBIDDEN)
    if billing_file_id is not None and _family_of(_file_get(billing_file_id)) != member.pk:
        # Another family's file does not exist for this person.
        raise DomainError(ErrorCode.NOT_FOUND, _("No billing file has this number."), field="billing_file")
    return _register(
        actor=actor,
        complainant=ComplainantKind.INSURED,
        region=member.region,
        subject=subject,
        received_on=on,
        billing_file_id=billing_file_id,
        member_id=member.pk,
        facility_id=None,
        on_decision=billing_file_id is not None
        and FileDecision.objects.filter(billing_file_id=billing_file_id, is_current=True).exists(),
        channel="self_service",
    )


def _reopen(actor: Any, complaint: Complaint, on: datetime.date) -> BillingFile:
    """Send the complaint's file back to received and through the engine again. Its current decision
    stays current until the engine's new one replaces it; the processing clock starts again on `on`."""
    billing_file = BillingFile.objects.select_for_update().get(pk=complaint.billing_file_id)
    before = {"status": billing_file.status, "due_on": billing_file.due_on}
    billing_file.status = file_step_check("billing_file_reopen", billing_file.status)
    profile = active_profile()
    start = datetime.datetime.combine(on, datetime.time.min)
    billing_file.due_on = deadline(profile, start, profile.claims.processing_clock).date()
    billing_file.save(update_fields=["status", "due_on"])
    audit_record(
        actor=actor,
        action="billing_file_reopen",
        obj=billing_file,
        before=before,
        after={"status": billing_file.status, "due_on": billing_file.due_on, "complaint": complaint.number},
    )
    # The engine decides (and announces the file validated or rejected, billing_files_decided).
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=on)
    billing_file.refresh_from_db(fields=["status"])
    return billing_file


@transaction.atomic
def complaint_answer(
    *, actor: Any, complaint_id: int, answer: str, uphold: bool, on: datetime.date
) -> Complaint:
    """Answer an open complaint. When the answer upholds it and it concerns a file, the file is reopened
    and decided again by the engine."""
    if not can(actor, "claims.complaints"):
        raise DomainError(ErrorCode.FORBIDDEN)
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="complaint")
    if complaint.status != ComplaintStatus.OPEN:
        raise DomainError(ErrorCode.CONFLICT, _("This complaint has already been answered."), field="answer")
    answer = answer.strip()
    if not answer:
        raise DomainError(ErrorCode.REQUIRED, field="answer")
    if on < complaint.received_on:
        raise DomainError(
            ErrorCode.INVALID, _("The answer cannot come before the complaint."), field="answered_on"
        )
    reopened = None
    if uphold and complaint.billing_file_id is not None:
        reopened = _reopen(actor, complaint, on)
    complaint.status = ComplaintStatus.ANSWERED
    complaint.answer = answer
    complaint.answered_on = on
    complaint.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    complaint.reopened = reopened is not None
    complaint.save(update_fields=["status", "answer", "answered_on", "answered_by", "reopened"])
    audit_record(
        actor=actor,
        action="complaint_answer",
        obj=complaint,
        before={"status": ComplaintStatus.OPEN},
        after={
            "status": complaint.status,
            "answered_on": on,
            "upheld": uphold,
            "reopened": complaint.reopened,
            "late": on > complaint.due_on,
        },
    )
    # Inside the answer's transaction: the SMS is written with the answer or not at all (issue #16).
    complaint_answered.send(sender=None, complaint_id=complaint.pk)
    return complaint
