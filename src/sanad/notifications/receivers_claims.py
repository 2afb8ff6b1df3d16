"""What the claims app's events put in the outbox: an SMS to the insured when a file of theirs is received,
when it is decided (validated or rejected), and when their complaint is answered.

Each signal is received INSIDE the transaction of the change it announces (a transactional outbox): the
messages are written with the change or not at all, and sent once both have committed; a run killed just
after a chunk committed has its messages in the outbox, where `outbox_sweep` finds them if their send task
was lost. A repeated signal (a rerun) finds the messages' dedupe keys taken and queues nothing twice.

A signal may carry thousands of file ids (the batch runner sends 5,000 per chunk, inside the chunk's
transaction): each receiver reads what it needs in a constant number of queries per 1,000 ids (the files
with their beneficiary's member, in one query) and queues the messages in bulk, each 1,000 in a
savepoint: a failure is logged, loses those messages only and never undoes the change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sanad.claims import signals
from sanad.claims.models import BillingFile, Complaint, FileDecision
from sanad.claims.statuses import ComplainantKind, ComplaintStatus, FileStatus, PayeeChoice
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.notifications.services import MessageInput, message_queue_many_guarded
from sanad.notifications.texts import ClaimTemplate, message_language
from sanad.registry.models import Member

CHUNK = 1000
_FILE = BillingFile._meta.label_lower
_COMPLAINT = Complaint._meta.label_lower


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = list(dict.fromkeys(int(i) for i in ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


@dataclass(frozen=True, slots=True)
class Recipient:
    """The member a file's message goes to, read with the file (no query of its own)."""

    pk: int
    phone: str
    language: str


# The file's member: its care sheet's own member, or the member of the dependant it was for.
_RECIPIENT = (
    "care_sheet__member_id",
    "care_sheet__member__phone",
    "care_sheet__member__language",
    "care_sheet__dependant__member_id",
    "care_sheet__dependant__member__phone",
    "care_sheet__dependant__member__language",
)


def _recipient(own: int | None, phone: str, language: str, *through: Any) -> Recipient | None:
    """The member to write to, when they have a phone number."""
    if own is None:
        own, phone, language = through
    if own is None or not phone:
        return None
    return Recipient(pk=own, phone=phone, language=language or "")


def _facility_name(language: str, name_fr: str, name_ar: str) -> str:
    return name_ar if language == "ar" and name_ar else name_fr


def _message(
    profile: FundProfile,
    member: Member | Recipient,
    *,
    template: str,
    about: tuple[str, Any],
    params: dict[str, Any],
    dedupe_key: str,
    names: tuple[str, str] | None = None,
) -> MessageInput:
    language = message_language(profile, member)
    if names is not None:
        params = {**params, "facility": _facility_name(language, *names)}
    return MessageInput(
        template=template,
        recipient=member.phone,
        language=language,
        params={"fund": profile.short_name, **params},
        about=(about[0], str(about[1])),
        member_id=member.pk,
        dedupe_key=dedupe_key,
    )


def files_received_messages(file_ids: Sequence[int]) -> list[MessageInput]:
    """One message per file received, to the member of its beneficiary (one query per 1,000 files)."""
    profile = active_profile()
    out: list[MessageInput] = []
    for chunk in _chunks(file_ids):
        rows = BillingFile.objects.filter(pk__in=chunk).values_list(
            "pk", "invoice_number", "received_on", "facility__name_fr", "facility__name_ar", *_RECIPIENT
        )
        for pk, invoice_number, received_on, name_fr, name_ar, *recipient in rows:
            member = _recipient(*recipient)
            if member is None or received_on is None:
                continue
            out.append(
                _message(
                    profile,
                    member,
                    template=ClaimTemplate.FILE_RECEIVED,
                    about=(_FILE, pk),
                    # The file as the insured knows it: the facility's invoice number, never an id.
                    params={"file": invoice_number, "received": received_on},
                    names=(name_fr, name_ar),
                    dedupe_key=f"claims.received:{pk}",
                )
            )
    return out


def _decided_template(status: str, payee: str) -> str:
    if status == FileStatus.REJECTED:
        return ClaimTemplate.FILE_REJECTED
    if payee == PayeeChoice.INSURED:
        return ClaimTemplate.FILE_VALIDATED_INSURED
    return ClaimTemplate.FILE_VALIDATED_FACILITY


def files_decided_messages(file_ids: Sequence[int]) -> list[MessageInput]:
    """One message per file validated or rejected, with what the fund pays and to whom; a file decided
    again (after a complaint) gets a message about its new decision (one query per 1,000 files)."""
    profile = active_profile()
    out: list[MessageInput] = []
    for chunk in _chunks(file_ids):
        rows = FileDecision.objects.filter(
            billing_file_id__in=chunk,
            is_current=True,
            billing_file__status__in=(FileStatus.VALIDATED, FileStatus.REJECTED),
        ).values_list(
            "pk",
            "billing_file_id",
            "billing_file__invoice_number",
            "billing_file__status",
            "payee",
            "fund_share",
            "patient_share",
            "currency",
            "billing_file__facility__name_fr",
            "billing_file__facility__name_ar",
            *(f"billing_file__{field}" for field in _RECIPIENT),
        )
        for (
            pk,
            file_id,
            invoice,
            status,
            payee,
            fund_share,
            patient_share,
            currency,
            fr,
            ar,
            *recipient,
        ) in rows:
            member = _recipient(*recipient)
            if member is None:
                continue
            out.append(
                _message(
                    profile,
                    member,
                    template=_decided_template(status, payee),
                    about=(_FILE, file_id),
                    params={
                        "file": invoice,
                        "amount": Decimal(fund_share),
                        "patient_share": Decimal(patient_share),
                        "currency": currency,
                    },
                    names=(fr, ar),
                    dedupe_key=f"claims.decided:{file_id}:{pk}",
                )
            )
    return out


def complaint_answered_messages(complaint_id: int) -> list[MessageInput]:
    """A message to the insured complainant (a facility's complaint is answered to the facility)."""
    complaint = (
        Complaint.objects.filter(
            pk=complaint_id, complainant=ComplainantKind.INSURED, status=ComplaintStatus.ANSWERED
        )
        .select_related("member", "billing_file")
        .first()
    )
    if complaint is None or complaint.member is None or not complaint.member.phone:
        return []
    upheld = complaint.reopened
    params: dict[str, Any] = {"number": complaint.number, "date": complaint.answered_on}
    if upheld:
        params["file"] = complaint.billing_file.invoice_number if complaint.billing_file else ""
    return [
        _message(
            active_profile(),
            complaint.member,
            template=ClaimTemplate.COMPLAINT_UPHELD if upheld else ClaimTemplate.COMPLAINT_ANSWERED,
            about=(_COMPLAINT, complaint.pk),
            params=params,
            dedupe_key=f"claims.complaint_answered:{complaint.pk}",
        )
    ]


def on_billing_files_received(sender: Any, *, file_ids: Sequence[int], **kwargs: Any) -> None:
    # A savepoint per 1,000 files: a failure loses the messages of one chunk, not of the whole signal.
    for chunk in _chunks(file_ids):
        message_queue_many_guarded(
            event="billing_files_received", build=lambda chunk=chunk: files_received_messages(chunk)
        )


def on_billing_files_decided(sender: Any, *, file_ids: Sequence[int], **kwargs: Any) -> None:
    for chunk in _chunks(file_ids):
        message_queue_many_guarded(
            event="billing_files_decided", build=lambda chunk=chunk: files_decided_messages(chunk)
        )


def on_complaint_answered(sender: Any, *, complaint_id: int, **kwargs: Any) -> None:
    message_queue_many_guarded(
        event=f"complaint {complaint_id}", build=lambda: complaint_answered_messages(complaint_id)
    )


def receivers_connect() -> None:
    signals.billing_files_received.connect(
        on_billing_files_received, dispatch_uid="notifications.files_received"
    )
    signals.billing_files_decided.connect(
        on_billing_files_decided, dispatch_uid="notifications.files_decided"
    )
    signals.complaint_answered.connect(on_complaint_answered, dispatch_uid="notifications.complaint_answered")
