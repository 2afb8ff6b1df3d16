"""What the register's events put in the outbox; connected in NotificationsConfig.ready().

Each event is received INSIDE the transaction of the change it announces (a transactional outbox): the
message is written with the change or not at all, and sent once both have committed (`outbox_sweep` sends
it if its send task was lost). A notification must never undo or break the work that caused it: each
receiver runs in a savepoint, and a failure is logged and the counter carries on.
"""

from __future__ import annotations

from typing import Any

from sanad.funds.active import active_profile
from sanad.notifications.services import message_queue_guarded, receiver_guarded
from sanad.notifications.texts import (
    ONE_TIME_CODE,
    REFUSAL_WORDS,
    EnrollmentTemplate,
    MessageTemplate,
    message_language,
)
from sanad.registry import signals


def _queue(template: str, *, member: Any, about: Any, params: dict[str, Any], dedupe_key: str) -> None:
    if not member.phone:
        return
    profile = active_profile()
    message_queue_guarded(
        template=template,
        recipient=member.phone,
        language=message_language(profile, member),
        params={"fund": profile.short_name, **params},
        about=about,
        member_id=member.pk,
        dedupe_key=dedupe_key,
    )


@receiver_guarded
def on_enrollment_submitted(sender: Any, *, enrollment: Any, **kwargs: Any) -> None:
    member = enrollment.member
    _queue(
        MessageTemplate.REGISTRATION_NUMBER,
        member=member,
        about=enrollment,
        params={"number": member.registration_number},
        dedupe_key=f"enrollment:{enrollment.pk}",
    )


@receiver_guarded
def on_contribution_recorded(sender: Any, *, contribution: Any, **kwargs: Any) -> None:
    _queue(
        MessageTemplate.CONTRIBUTION_RECEIVED,
        member=contribution.member,
        about=contribution,
        params={
            "amount": contribution.amount,
            "currency": contribution.currency,
            "receipt": contribution.receipt_number,
            "start": contribution.period_start,
            "end": contribution.period_end,
        },
        dedupe_key=f"contribution:{contribution.pk}",
    )


@receiver_guarded
def on_certificate_issued(sender: Any, *, certificate: Any, **kwargs: Any) -> None:
    # Each print issues a certificate: the member gets one message a day, with the first one's link. The
    # short link: the QR code's (the whole signed token) alone would take more than three Arabic parts.
    member, payload = certificate.member, certificate.payload
    params = {
        "number": member.registration_number,
        "valid_until": payload.valid_until,
        "link": certificate.short_url,
    }
    covered_from = getattr(payload, "covered_from", None)
    _queue(
        MessageTemplate.CERTIFICATE_READY if covered_from is None else EnrollmentTemplate.CERTIFICATE_WAITING,
        member=member,
        about=member,
        params=params if covered_from is None else {**params, "start": covered_from},
        dedupe_key=f"certificate:{member.pk}:{payload.issued_on.isoformat()}",
    )


@receiver_guarded
def on_enrollment_refused(sender: Any, *, enrollment: Any, **kwargs: Any) -> None:
    # The reason in plain words of the member's language, never the officer's note (staff wording).
    reason = REFUSAL_WORDS.get(enrollment.refusal_reason, REFUSAL_WORDS["other"])
    _queue(
        EnrollmentTemplate.REFUSED,
        member=enrollment.member,
        about=enrollment,
        params={"reason": reason},
        dedupe_key="",  # each refusal is told (refused again after a reopening: a new message)
    )


@receiver_guarded
def on_member_merged(sender: Any, *, kept: Any, other: Any, **kwargs: Any) -> None:
    # One person: one message, to the kept record's phone (the other's when the kept one has none).
    _queue(
        EnrollmentTemplate.MERGED,
        member=kept if kept.phone else other,
        about=other,
        params={"number": kept.registration_number, "old": other.registration_number},
        dedupe_key=f"merged:{other.pk}",
    )


@receiver_guarded
def on_one_time_code_requested(sender: Any, *, member: Any, code: str, minutes: int, **kwargs: Any) -> None:
    # Off the member's page (member_id left empty): staff must not read a login code there. The code is
    # in the text only; nothing here logs it (the console transport masks digits).
    if not member.phone:
        return
    message_queue_guarded(
        template=ONE_TIME_CODE,
        recipient=member.phone,
        language=message_language(active_profile(), member),
        params={"code": code, "minutes": minutes},
        about=member,
        member_id=None,
    )


def receivers_connect() -> None:
    signals.enrollment_submitted.connect(on_enrollment_submitted, dispatch_uid="notifications.enrollment")
    signals.contribution_recorded.connect(on_contribution_recorded, dispatch_uid="notifications.contribution")
    signals.certificate_issued.connect(on_certificate_issued, dispatch_uid="notifications.certificate")
    signals.enrollment_refused.connect(on_enrollment_refused, dispatch_uid="notifications.enrollment_refused")
    signals.member_merged.connect(on_member_merged, dispatch_uid="notifications.member_merged")
    signals.one_time_code_requested.connect(
        on_one_time_code_requested, dispatch_uid="notifications.one_time_code"
    )
