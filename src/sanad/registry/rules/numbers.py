"""A registration number as the reader is told about it: the fund's rule broken, in their language.

The funds package checks numbers without Django and names the broken rule by a stable code; this is the
one place where that code becomes a sentence, for the pages, the API and the register import alike.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sanad.common.errors import DomainError, ErrorCode
from sanad.funds import RegistrationNumberError, registration_number_check, registration_number_normalize
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile

_MESSAGES = {
    "empty": gettext_noop("The registration number is required."),
    "wrong_prefix": gettext_noop("The registration number must start with %(prefix)s."),
    "wrong_format": gettext_noop("The registration number must have %(digits)s digits after %(prefix)s."),
    "invalid_check_digit": gettext_noop("The check digit of the registration number is wrong."),
}


def registration_number_message(profile: FundProfile, error: RegistrationNumberError) -> str:
    """The rule a registration number broke, as a sentence in the active language."""
    rules = profile.registration_number
    digits = rules.digits + (2 if rules.algorithm == "mod97" else 1)
    template = _MESSAGES.get(error.reason, gettext_noop("The registration number is not valid."))
    return _(template) % {"prefix": rules.prefix, "digits": digits}


def registration_number_valid(
    text: str, *, field: str = "registration_number", profile: FundProfile | None = None
) -> str:
    """The number as stored (spaces and dashes dropped, capitals), or a DomainError naming `field` and the
    rule broken, in the reader's language (profile `registration_number`)."""
    profile = profile or active_profile()
    try:
        registration_number_check(profile, text)
    except RegistrationNumberError as error:
        raise DomainError(
            ErrorCode.INVALID, registration_number_message(profile, error), field=field
        ) from error
    return registration_number_normalize(text)
