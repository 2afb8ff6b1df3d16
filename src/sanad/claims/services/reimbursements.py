"""Reimbursement of insured persons who paid the facility themselves, filed at a branch or online.

In the cases the profile lists (`claims.insured_reimbursed_for`): care paid to a private facility where the
patient pays first in the private sector (CNSS, seed 004), care below the direct-billing threshold at a
facility that bills the fund directly (CNOPS, seed 002). The insured hands in the facility's care sheet,
its receipt and the prescriptions; the fund registers a billing file of the reimbursement channel, received
that day, and decides it at once with the same engine as every other file, so that the counter (or the
insured's screen) can say what the fund will pay back.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.claims.models import BillingFile
from sanad.claims.services.adjudicate import billing_files_adjudicate
from sanad.claims.services.documents import document_add
from sanad.claims.services.register import CareSheetInput, billing_file_register
from sanad.claims.services.sheet_rules import (
    diagnosis_check,
    lines_basic_check,
    lines_catalog_check,
    stay_check,
)
from sanad.claims.signals import billing_files_received
from sanad.claims.statuses import (
    Channel,
    DocumentKind,
    SubmittedVia,
)
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.money import amount_text
from sanad.common.permissions import can
from sanad.common.vocabulary import Sector
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility
from sanad.providers.selectors import facility_can_bill
from sanad.registry.models import Dependant
from sanad.registry.selectors import member_of_user

# What an insured person may hand in: the facility's papers, never the confidential medical envelope
# (the facility sends that one to the medical adviser).
INSURED_DOCUMENTS = (
    DocumentKind.RECEIPT,
    DocumentKind.PRESCRIPTION,
    DocumentKind.RESULTS,
    DocumentKind.HOSPITAL_REPORT,
    DocumentKind.OPERATING_REPORT,
    DocumentKind.BARCODES,
)
MAX_SCAN_MB = 10  # a phone's photo of a paper: more than the counter's 5 MB scans
MAX_SCAN_BYTES = MAX_SCAN_MB * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Scan:
    """One scanned paper handed in: its kind (DocumentKind) and the uploaded file."""

    kind: str
    file: Any


def _not_reimbursed(message: str) -> DomainError:
    return DomainError(ErrorCode.INVALID, message, field="facility")


def _below_threshold_check(facility: Facility, sheet: CareSheetInput, profile: FundProfile) -> None:
    """Care below the direct-billing threshold at a facility that bills the fund directly is paid by the
    insured, who files it; from the threshold on, the facility bills the fund and there is nothing to file.

    Source: 002_* (CNOPS: "Tous les dossiers dont les frais engagés sont supérieurs ou égaux à 200 DH font
    l'objet d'une prise en charge directe"); the threshold and the case from the profile."""
    threshold = profile.claims.direct_billing_threshold
    assert threshold is not None  # the profile lists this case only with a threshold
    right = facility_can_bill(
        facility=facility, on=sheet.care_date, care_type=sheet.care_type, profile=profile
    )
    if not right.allowed:
        raise _not_reimbursed(
            _(
                "This facility did not bill the fund directly on %(day)s: the fund reimburses only care of "
                "less than %(threshold)s paid to a facility that bills it directly."
            )
            % {
                "day": date_format(sheet.care_date, "SHORT_DATE_FORMAT"),
                "threshold": amount_text(threshold, profile),
            }
        )
    total = sum((line.billed for line in sheet.lines), Decimal(0))
    if total >= threshold:
        raise _not_reimbursed(
            _(
                "This care costs %(total)s: from %(threshold)s the facility bills the fund directly and the "
                "insured pays only their share, so there is no reimbursement to file. The facility sends the "
                "file to the fund."
            )
            % {"total": amount_text(total, profile), "threshold": amount_text(threshold, profile)}
        )


def reimbursement_facility_check(*, sheet: CareSheetInput) -> Facility:
    """The insured is reimbursed only in the cases the profile lists (`claims.insured_reimbursed_for`):
    care paid to a private facility where the patient pays first there (seed 004), care below the
    direct-billing threshold at a facility that bills the fund directly (seed 002); elsewhere the facility
    bills the fund and there is nothing to file."""
    profile = active_profile()
    rules = profile.claims
    if not rules.reimburses_insured:
        raise _not_reimbursed(_("This fund pays the facilities directly: there is no reimbursement to file."))
    facility = Facility.objects.filter(pk=sheet.facility_id).first() if sheet.facility_id else None
    if facility is None:
        raise DomainError(
            ErrorCode.NOT_FOUND, _("No facility of the network has this code."), field="facility"
        )
    if rules.patient_pays_first_in_private and facility.sector == Sector.PRIVATE:
        return facility
    if rules.reimburses_below_direct_billing_threshold:
        _below_threshold_check(facility, sheet, profile)
        return facility
    raise _not_reimbursed(
        _("Only care paid to a private facility is reimbursed: this facility bills the fund directly.")
    )


def _scans_check(scans: Sequence[Scan]) -> None:
    """The facility's receipt is required; every scan is of a kind the insured may hand in, not too big."""
    for scan in scans:
        if scan.kind not in INSURED_DOCUMENTS:
            raise DomainError(ErrorCode.INVALID, field="documents")
        if getattr(scan.file, "size", 0) > MAX_SCAN_BYTES:
            raise DomainError(
                ErrorCode.INVALID, _("A scan may not be larger than 10 MB."), field=f"scan_{scan.kind}"
            )
    if not any(scan.kind == DocumentKind.RECEIPT for scan in scans):
        raise DomainError(
            ErrorCode.REQUIRED, _("The scan of the facility's receipt is required."), field="scan_receipt"
        )


def _sheet_check(sheet: CareSheetInput) -> CareSheetInput:
    """The facility's care sheet obeys the rules of a sheet filled at a desk: stay dates, codes in the
    catalog on their dates, the diagnosis in ICD-10 when given (an insured person may not know it)."""
    if not sheet.lines:
        raise DomainError(ErrorCode.REQUIRED, _("A care sheet bills at least one service."), field="lines")
    lines_basic_check(sheet.lines)
    stay_check(sheet)
    if sheet.diagnosis.strip():
        sheet = replace(sheet, diagnosis=diagnosis_check(sheet.diagnosis))
    return replace(sheet, lines=lines_catalog_check(sheet))


def _actor_check(actor: Any, sheet: CareSheetInput, submitted_via: str) -> None:
    """A counter agent files for anyone; an insured person only for themself or one of their dependants."""
    if submitted_via == SubmittedVia.BRANCH:
        if not can(actor, "claims.reimburse"):
            raise DomainError(ErrorCode.FORBIDDEN)
        return
    if submitted_via != SubmittedVia.SELF_SERVICE:
        raise DomainError(ErrorCode.INVALID, field="submitted_via")
    member = member_of_user(user=actor) if can(actor, "self.view") else None
    if member is None:
        raise DomainError(ErrorCode.FORBIDDEN)
    own = (
        sheet.member_id == member.pk
        if sheet.dependant_id is None
        else (Dependant.objects.filter(pk=sheet.dependant_id, member_id=member.pk).exists())
    )
    if not own:
        raise DomainError(
            ErrorCode.FORBIDDEN, _("You may file only for yourself or your dependants."), field="beneficiary"
        )


@transaction.atomic
def reimbursement_register(
    *,
    actor: Any,
    sheet: CareSheetInput,
    receipt_number: str,
    scans: Sequence[Scan],
    submitted_via: str,
    on: datetime.date,
    branch: str = "",
) -> BillingFile:
    """Register the reimbursement file of an insured person who paid the facility themself: received
    on the day it is handed in, with its scans, then decided by the engine at once (payee: the insured).

    The decision is taken here rather than by the background task so that the counter agent, or the
    insured's own screen, can say right away what the fund will pay back; one file costs a few queries.
    """
    _actor_check(actor, sheet, submitted_via)
    _scans_check(scans)
    sheet = _sheet_check(sheet)
    # After the sheet's check: the amounts it sums (against the direct-billing threshold) are then valid.
    reimbursement_facility_check(sheet=sheet)
    kinds = {scan.kind for scan in scans}
    # The facility's receipt is its invoice, marked paid: the file holds the invoice the checklist asks for.
    documents = sorted({str(k) for k in kinds} | {DocumentKind.INVOICE.value})
    # Registered received today, its processing clock running (billing_file_register sets due_on).
    billing_file = billing_file_register(
        actor=actor,
        sheet=sheet,
        invoice_number=receipt_number,
        received_on=on,
        documents=documents,
        channel=Channel.REIMBURSEMENT,
        submitted_via=submitted_via,
    )
    uploader = billing_file.created_by
    for scan in scans:
        document_add(uploader, billing_file, scan.kind, scan.file)
    audit_record(
        actor=actor,
        action="reimbursement_register",
        obj=billing_file,
        after={
            "channel": Channel.REIMBURSEMENT,
            "submitted_via": submitted_via,
            "branch": branch,
            "facility": sheet.facility_id,
            "receipt_number": billing_file.invoice_number,
            "documents": sorted(str(k) for k in kinds),
            "due_on": billing_file.due_on,
        },
    )
    # Announced before the engine's own announcement of the decision, so that the SMS go out in order;
    # inside the transaction, so that the SMS is written with the file or not at all (issue #16).
    file_ids = [billing_file.pk]
    billing_files_received.send(sender=None, file_ids=file_ids)
    # The engine decides, not the agent: no person's capability is asked for (as in the background task).
    # It announces the files it validated or rejected (billing_files_decided) itself.
    billing_files_adjudicate(actor=None, file_ids=file_ids, on=on)
    billing_file.refresh_from_db(fields=["status"])
    return billing_file
