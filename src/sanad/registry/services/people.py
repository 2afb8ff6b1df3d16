"""Writes to the register: each one atomic, locked and audited."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.registry.models import Member


def phone_normalize(*, raw: str) -> str:
    """A phone number is valid only if it is a real number of the fund's country; stored as E.164."""
    region = active_profile().phone_region
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise DomainError(ErrorCode.INVALID, _("This is not a phone number."), field="phone") from error
    if not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != region:
        raise DomainError(
            ErrorCode.INVALID,
            _("The phone number is not a valid number for %(country)s.") % {"country": region},
            field="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def member_contact_update(*, actor: Any, member_id: int, phone: str) -> Member:
    """Change a member's phone number after validating it for the fund's country."""
    normalized = phone_normalize(raw=phone)
    member = Member.objects.select_for_update().get(pk=member_id)
    before = {"phone": member.phone}
    member.phone = normalized
    member.save(update_fields=["phone"])
    audit_record(
        actor=actor, action="member_contact_update", obj=member, before=before, after={"phone": normalized}
    )
    return member
