"""Enrollment at the counter: the member, their documents and dependants, in one go (seed 003)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds import registration_number_make
from sanad.funds.active import active_profile
from sanad.funds.calendar import deadline
from sanad.funds.registration import registration_number_serial
from sanad.funds.types import FundProfile
from sanad.registry.inputs import DependantInput, DocumentInput, MemberInput
from sanad.registry.models import Enrollment, Member
from sanad.registry.rules import photo_check
from sanad.registry.rules.numbers import registration_number_valid
from sanad.registry.services.checks import dependant_check, document_check, identity_required, member_check
from sanad.registry.services.documents import dependant_create, dependant_summary, document_create
from sanad.registry.services.people import phone_normalize
from sanad.registry.signals import enrollment_refused, enrollment_submitted
from sanad.registry.statuses import EnrollmentStatus, RefusalReason, enrollment_step_check


def enrollment_due_on(profile: FundProfile, submitted_on: date) -> date:
    """The decision is due when the profile's processing clock (30 days, seed 003) runs out."""
    return deadline(
        profile, datetime.combine(submitted_on, time.min), profile.enrollment.processing_clock
    ).date()


def _language(profile: FundProfile, chosen: str) -> str:
    """The member's SMS language: one the fund speaks, or empty for the fund's default."""
    chosen = chosen.strip()
    if chosen and chosen not in profile.languages:
        raise DomainError(ErrorCode.INVALID, _("The fund does not write in this language."), field="language")
    return chosen


def _registration_number(profile: FundProfile, typed: str) -> str:
    """The typed number, checked (format and check digit) and free; or the fund's next serial."""
    if typed.strip():
        number = registration_number_valid(typed, profile=profile)
        if Member.objects.filter(registration_number=number).exists():
            raise DomainError(
                ErrorCode.CONFLICT,
                _("This registration number is already taken."),
                field="registration_number",
            )
        return number
    # Lock the highest number so that two counters do not hand out the same serial.
    prefix = profile.registration_number.prefix
    last = (
        Member.objects.select_for_update()
        .filter(registration_number__startswith=prefix)
        .order_by("-registration_number")
        .values_list("registration_number", flat=True)
        .first()
    )
    serial = registration_number_serial(profile, last) + 1 if last else 1
    return registration_number_make(profile, serial)


@transaction.atomic
def enrollment_submit(
    *,
    actor: Any,
    member: MemberInput,
    documents: Sequence[DocumentInput],
    dependants: Sequence[DependantInput] = (),
    on: date,
) -> Enrollment:
    """Enroll a member with their identity documents and dependants, checked in full before any write.

    Refused, naming the field, when a value is wrong, when the population's identity document is missing
    or expired, or when a dependant is not eligible on `on`; nothing is saved then.
    """
    profile = active_profile()
    member_check(profile, member, on=on)
    phone = phone_normalize(raw=member.phone)
    verdict = photo_check(profile, has_photo=bool(member.photo))
    if not verdict.ok:
        raise DomainError(ErrorCode.REQUIRED, verdict.message, field="photo")
    for index, document in enumerate(documents):
        document_check(profile, document, prefix=f"documents[{index}].")
    identity_required(profile, population=member.population, documents=documents, on=on)
    for index, dependant in enumerate(dependants):
        dependant_check(profile, dependant, on=on, prefix=f"dependants[{index}].")
    language = _language(profile, member.language)
    number = _registration_number(profile, member.registration_number)

    row = Member(
        registration_number=number,
        first_name=member.first_name.strip(),
        last_name=member.last_name.strip(),
        first_name_ar=member.first_name_ar.strip(),
        last_name_ar=member.last_name_ar.strip(),
        sex=member.sex,
        birth_date=member.birth_date,
        population=member.population,
        nationality=member.nationality.upper(),
        phone=phone,
        region=member.region,
        address=member.address.strip(),
        language=language,
        enrolled_on=on,
    )
    if member.photo:
        row.photo = member.photo
    row.save()
    for document in documents:
        document_create(document, member=row)
    saved = [(dependant_create(row, dependant), dependant) for dependant in dependants]
    enrollment = Enrollment(member=row, status=EnrollmentStatus.DRAFT)
    enrollment.status = enrollment_step_check("enrollment_submit", enrollment.status)
    enrollment.submitted_on = on
    enrollment.due_on = enrollment_due_on(profile, on)
    enrollment.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    enrollment.save()
    audit_record(
        actor=actor,
        action="enrollment_submit",
        obj=enrollment,
        after={
            "member": row.pk,
            "registration_number": number,
            "population": row.population,
            "language": row.language,
            "documents": [d.kind for d in documents],
            "dependants": [dependant_summary(r, d) for r, d in saved],
            "due_on": enrollment.due_on,
        },
    )
    # Inside the transaction: the member's SMS is written with the change or not at all (issue #16).
    enrollment_submitted.send(sender=Enrollment, enrollment=enrollment)
    return enrollment


def _locked(enrollment_id: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_for_update().select_related("member").filter(pk=enrollment_id).first()
    )
    if enrollment is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="enrollment_id")
    return enrollment


@transaction.atomic
def enrollment_move(*, actor: Any, enrollment_id: int, action: str, on: date, note: str = "") -> Enrollment:
    """Check, certify or reject an enrollment, as the transition table allows.

    A rejection goes through `enrollment_refuse` (reason "other", the note required), so that the member
    is always told.
    """
    if action == "enrollment_reject":
        return enrollment_refuse(
            actor=actor, enrollment_id=enrollment_id, reason=RefusalReason.OTHER, note=note, on=on
        )
    enrollment = _locked(enrollment_id)
    before = {"status": enrollment.status}
    enrollment.status = enrollment_step_check(action, enrollment.status)
    if enrollment.status == EnrollmentStatus.CERTIFIED:
        enrollment.decided_on = on
    enrollment.note = note.strip()
    enrollment.save(update_fields=["status", "decided_on", "note"])
    audit_record(
        actor=actor,
        action=action,
        obj=enrollment,
        before=before,
        after={"status": enrollment.status, "decided_on": enrollment.decided_on, "note": enrollment.note},
    )
    return enrollment


@transaction.atomic
def enrollment_refuse(*, actor: Any, enrollment_id: int, reason: str, note: str = "", on: date) -> Enrollment:
    """The officer refuses a submitted or checked enrollment with a reason and the member is told by SMS.

    Seed 003 has the fund check each file ("vérification des dossiers") before it issues the certificate;
    a file that fails is refused, and the member learns why (the SMS says it in plain words, in the
    member's language). "Other" needs the officer's note; the note is kept with every reason.
    """
    if reason not in RefusalReason.values:
        raise DomainError(ErrorCode.REQUIRED, _("Choose the reason for the refusal."), field="reason")
    if reason == RefusalReason.OTHER and not note.strip():
        raise DomainError(ErrorCode.REQUIRED, _("Give the reason for the rejection."), field="note")
    enrollment = _locked(enrollment_id)
    before = {"status": enrollment.status, "decided_on": enrollment.decided_on, "note": enrollment.note}
    enrollment.status = enrollment_step_check("enrollment_reject", enrollment.status)
    enrollment.decided_on = on
    enrollment.refusal_reason = reason
    enrollment.note = note.strip()[:300]
    enrollment.save(update_fields=["status", "decided_on", "refusal_reason", "note"])
    audit_record(
        actor=actor,
        action="enrollment_reject",
        obj=enrollment,
        before=before,
        after={
            "status": enrollment.status,
            "decided_on": on,
            "refusal_reason": reason,
            "note": enrollment.note,
        },
    )
    # Inside the transaction: the member's SMS is written with the change or not at all (issue #16).
    enrollment_refused.send(sender=Enrollment, enrollment=enrollment)
    return enrollment


@transaction.atomic
def enrollment_reopen(*, actor: Any, enrollment_id: int, note: str, on: date) -> Enrollment:
    """A refused enrollment is examined again, with the reason written down and a new 30-day clock.

    The refusal may have been a mistake or the member brings the missing papers: the file goes back to
    "submitted" and the processing clock of seed 003 (30 days) starts again on `on`.
    """
    if not note.strip():
        raise DomainError(
            ErrorCode.REQUIRED, _("Give the reason for examining the enrollment again."), field="note"
        )
    enrollment = _locked(enrollment_id)
    if enrollment.member.merged_into_id is not None:
        raise DomainError(
            ErrorCode.CONFLICT, _("This record was merged into another one: it stays closed."), field="status"
        )
    before = {
        "status": enrollment.status,
        "decided_on": enrollment.decided_on,
        "due_on": enrollment.due_on,
        "refusal_reason": enrollment.refusal_reason,
        "note": enrollment.note,
    }
    enrollment.status = enrollment_step_check("enrollment_reopen", enrollment.status)
    enrollment.decided_on = None
    enrollment.due_on = enrollment_due_on(active_profile(), on)
    enrollment.refusal_reason = ""
    enrollment.note = note.strip()[:300]
    enrollment.save(update_fields=["status", "decided_on", "due_on", "refusal_reason", "note"])
    audit_record(
        actor=actor,
        action="enrollment_reopen",
        obj=enrollment,
        before=before,
        after={"status": enrollment.status, "due_on": enrollment.due_on, "note": enrollment.note},
    )
    return enrollment
