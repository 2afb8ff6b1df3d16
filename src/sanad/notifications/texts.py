"""Message templates: English msgids translated to French and Arabic, rendered in the recipient's language.

SMS are short and plain: the fund's short name first, then one fact and what to do with it. Parameters are
formatted inside the language (dates as that language writes them) before they are put in.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sanad.funds.types import FundProfile


class MessageTemplate(models.TextChoices):
    REGISTRATION_NUMBER = "registration_number", _("Registration number")
    CERTIFICATE_READY = "certificate_ready", _("Rights certificate ready")
    CONTRIBUTION_RECEIVED = "contribution_received", _("Contribution received")


# The insured person's login code. Not one of MessageTemplate's choices (that would need a migration of the
# outbox); the outbox row keeps the raw name.
ONE_TIME_CODE = "one_time_code"


class ClaimTemplate:
    """The claims' messages to the insured. Plain names rather than MessageTemplate choices, for the same
    reason as ONE_TIME_CODE: the outbox stores the name as it is."""

    FILE_RECEIVED = "claim_received"
    # Validated: paid to the insured (reimbursement) or to the facility (direct billing).
    FILE_VALIDATED_INSURED = "claim_validated_insured"
    FILE_VALIDATED_FACILITY = "claim_validated_facility"
    FILE_REJECTED = "claim_rejected"
    COMPLAINT_ANSWERED = "complaint_answered"
    # The answer upheld the complaint: the file is examined again.
    COMPLAINT_UPHELD = "complaint_upheld"

    ALL = (
        FILE_RECEIVED,
        FILE_VALIDATED_INSURED,
        FILE_VALIDATED_FACILITY,
        FILE_REJECTED,
        COMPLAINT_ANSWERED,
        COMPLAINT_UPHELD,
    )


TEXTS: dict[str, str] = {
    MessageTemplate.REGISTRATION_NUMBER: gettext_noop(
        "%(fund)s: your enrollment is registered. Your registration number is %(number)s."
    ),
    MessageTemplate.CERTIFICATE_READY: gettext_noop(
        "%(fund)s: your rights certificate (%(number)s) is ready, valid until %(valid_until)s: %(link)s"
    ),
    MessageTemplate.CONTRIBUTION_RECEIVED: gettext_noop(
        "%(fund)s: contribution of %(amount)s %(currency)s received (receipt %(receipt)s), "
        "period %(start)s to %(end)s. Thank you."
    ),
    ONE_TIME_CODE: gettext_noop(
        "Your Sanad code: %(code)s. It is valid for %(minutes)s minutes. Never give it to anyone."
    ),
    ClaimTemplate.FILE_RECEIVED: gettext_noop(
        "%(fund)s: your file %(file)s (%(facility)s) was received on %(received)s. "
        "You will get a message when it is decided."
    ),
    ClaimTemplate.FILE_VALIDATED_INSURED: gettext_noop(
        "%(fund)s: your file %(file)s (%(facility)s) is validated. "
        "The fund will reimburse you %(amount)s %(currency)s."
    ),
    ClaimTemplate.FILE_VALIDATED_FACILITY: gettext_noop(
        "%(fund)s: your file %(file)s (%(facility)s) is validated. The fund pays the facility "
        "%(amount)s %(currency)s; your share is %(patient_share)s %(currency)s."
    ),
    ClaimTemplate.FILE_REJECTED: gettext_noop(
        "%(fund)s: your file %(file)s (%(facility)s) is rejected: the fund pays nothing. "
        "You may complain to your regional office."
    ),
    ClaimTemplate.COMPLAINT_ANSWERED: gettext_noop(
        "%(fund)s: your complaint %(number)s was answered on %(date)s. "
        "Read the answer online or at your regional office."
    ),
    ClaimTemplate.COMPLAINT_UPHELD: gettext_noop(
        "%(fund)s: your complaint %(number)s was upheld on %(date)s. "
        "Your file %(file)s was sent back for a new decision."
    ),
}


def message_language(profile: FundProfile, member: Any = None) -> str:
    """The member's preferred language when they have one the fund speaks; otherwise the fund's first."""
    preferred = getattr(member, "language", "") or ""
    return preferred if preferred in profile.languages else profile.default_language


def _formatted(value: Any) -> str:
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def message_render(template: str, *, language: str, params: Mapping[str, Any]) -> str:
    """The text of `template` in `language` with `params` put in (dates in that language's format)."""
    with translation.override(language):
        return translation.gettext(TEXTS[template]) % {k: _formatted(v) for k, v in params.items()}
