"""Writes of the insured person's login: ask for a one-time code, then log in with it.

The register must not leak: asking for a code answers the same whether or not the number is known (nothing
is sent then), and a wrong code for an unknown number reads like any wrong code. The code is six random
digits, stored as an HMAC, valid CODE_VALIDITY, void after MAX_ATTEMPTS wrong tries; one code per member
(a new one replaces the last) and at most one SMS per RESEND_AFTER. The SMS itself goes out through the
`one_time_code_requested` signal, inside the transaction (the outbox's text alone holds the code), so the
code never reaches a log or an audit event.
Requests are bounded per registration number, per client address and per day for the whole fund (limits.py).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import Role, role_groups_ensure
from sanad.registry.certificates.access import registration_number_valid
from sanad.registry.models import Member, OneTimeCode
from sanad.registry.selfservice.limits import request_admit
from sanad.registry.signals import one_time_code_requested

CODE_DIGITS = 6
CODE_VALIDITY = datetime.timedelta(minutes=10)
RESEND_AFTER = datetime.timedelta(minutes=1)
MAX_ATTEMPTS = 5


def code_hash(member_id: int, code: str) -> str:
    """The stored form of a code: keyed by the site's secret and bound to its member."""
    return salted_hmac("sanad.registry.selfservice", f"{member_id}:{code}", algorithm="sha256").hexdigest()


def code_make() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


@dataclass(frozen=True, slots=True)
class CodeSent:
    """What the person may be told: the same whatever the register holds."""

    registration_number: str
    valid_for: datetime.timedelta = CODE_VALIDITY


@transaction.atomic
def code_request(
    *, registration_number: str, address: str = "", now: datetime.datetime | None = None
) -> CodeSent:
    """Send a new one-time code to the member's phone, unless one was sent less than a minute ago.

    DomainError (field "registration_number") when the number itself is malformed, and CodeLimited when a
    limit is reached (whether or not the number is known); otherwise an unknown number, or a member without
    a phone, gets the same answer as a known one and nothing is sent.
    """
    number = registration_number_valid(registration_number)
    now = now or timezone.now()
    request_admit(number=number, address=address, now=now)
    member = Member.objects.select_for_update().filter(registration_number=number).first()
    if member is None or not member.phone:
        return CodeSent(number)
    current = OneTimeCode.objects.filter(member=member).first()
    if current is not None and current.used_at is None and now - current.sent_at < RESEND_AFTER:
        return CodeSent(number)
    code = code_make()
    row, _created = OneTimeCode.objects.update_or_create(
        member=member,
        defaults={
            "code_hash": code_hash(member.pk, code),
            "sent_at": now,
            "expires_at": now + CODE_VALIDITY,
            "attempts": 0,
            "used_at": None,
        },
    )
    audit_record(
        actor=None,
        action="registry.selfservice_code_send",
        obj=member,
        after={"expires_at": row.expires_at, "replaced": current is not None},
    )
    minutes = int(CODE_VALIDITY.total_seconds() // 60)
    # Inside the transaction: the SMS is written with the code or not at all (issue #16).
    one_time_code_requested.send(sender=OneTimeCode, member=member, code=code, minutes=minutes)
    return CodeSent(number)


class CodeRefused(DomainError):
    """A code that does not log in; `reason` is "wrong", "expired" or "exhausted"."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(ErrorCode.INVALID, message, field="code")
        self.reason = reason


def code_refused(reason: str) -> CodeRefused:
    messages = {
        "wrong": _("Wrong code. Check the SMS and type its 6 digits again."),
        "expired": _("This code has expired (a code is valid for 10 minutes). Ask for a new code."),
        "exhausted": _("Too many wrong codes: this code no longer works. Ask for a new code."),
    }
    return CodeRefused(reason, messages[reason])


def _user_of(member: Member, now: datetime.datetime) -> Any:
    """The member's account; created at the first login, without a password, in the insured group."""
    if member.user_id is not None:
        user = member.user
        if not user.is_active:
            raise DomainError(
                ErrorCode.FORBIDDEN,
                _("This account is disabled. Visit a branch of the fund."),
                field="registration_number",
            )
        return user
    User = get_user_model()
    username = f"insured-{member.registration_number}".lower()
    user = User(username=username, first_name=member.first_name, last_name=member.last_name)
    user.set_unusable_password()
    user.save()
    user.groups.add(role_groups_ensure()[Role.INSURED])
    member.user = user
    member.save(update_fields=["user"])
    audit_record(
        actor=None,
        action="registry.selfservice_account_create",
        obj=member,
        after={"user": user.pk, "username": username, "role": Role.INSURED.value},
    )
    return user


def code_check(*, registration_number: str, code: str, now: datetime.datetime | None = None) -> Any:
    """The member's user when `code` is their current code; CodeRefused otherwise (counted and audited).

    A refusal is committed (the attempt counts) even though it raises.
    """
    now = now or timezone.now()
    with transaction.atomic():
        user, refusal = _code_check(registration_number, code.strip(), now)
    if refusal is not None:
        raise refusal
    return user


def _code_check(
    registration_number: str, code: str, now: datetime.datetime
) -> tuple[Any, CodeRefused | None]:
    number = registration_number_valid(registration_number)
    member = Member.objects.filter(registration_number=number).select_related("user").first()
    row = None
    if member is not None:
        row = OneTimeCode.objects.select_for_update().filter(member=member, used_at__isnull=True).first()
    if member is None or row is None:
        return None, code_refused("wrong")
    if row.attempts >= MAX_ATTEMPTS:
        return None, code_refused("exhausted")
    if row.expires_at <= now:
        return None, code_refused("expired")
    if not (
        len(code) == CODE_DIGITS
        and code.isdigit()
        and constant_time_compare(row.code_hash, code_hash(member.pk, code))
    ):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        audit_record(
            actor=None,
            action="registry.selfservice_code_wrong",
            obj=member,
            after={"attempts": row.attempts},
        )
        return None, code_refused("exhausted" if row.attempts >= MAX_ATTEMPTS else "wrong")
    row.used_at = now
    row.save(update_fields=["used_at"])
    user = _user_of(member, now)
    audit_record(actor=user, action="registry.selfservice_login", obj=member, after={"user": user.pk})
    return user, None
