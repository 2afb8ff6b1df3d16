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


class CorrectionTemplate:
    """A payment of the member corrected at the counter (plain names, as ClaimTemplate's)."""

    CANCELLED_COVERED = "contribution_cancelled_covered"
    CANCELLED_UNCOVERED = "contribution_cancelled_uncovered"
    REDATED = "contribution_redated"

    ALL = (CANCELLED_COVERED, CANCELLED_UNCOVERED, REDATED)


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


class EnrollmentTemplate:
    """The enrollment officer's corrections told to the member (plain names, as ClaimTemplate's)."""

    REFUSED = "enrollment_refused"
    MERGED = "records_merged"
    # A rights certificate issued during the waiting period: it says the day rights start.
    CERTIFICATE_WAITING = "certificate_waiting"

    ALL = (REFUSED, MERGED, CERTIFICATE_WAITING)


class AuthorizationTemplate:
    """The fund's answer to a prior-authorization request, told to the insured (plain names, as
    ClaimTemplate's)."""

    APPROVED = "authorization_approved"
    APPROVED_WITH_RESERVE = "authorization_with_reserve"
    REFUSED = "authorization_refused"
    INFORMATION_REQUESTED = "authorization_question"
    APPEAL_RECEIVED = "authorization_appeal_received"

    ALL = (APPROVED, APPROVED_WITH_RESERVE, REFUSED, INFORMATION_REQUESTED, APPEAL_RECEIVED)


class PaymentTemplate:
    """The fund's payments told to the insured (plain names, as ClaimTemplate's)."""

    REIMBURSEMENT_PAID = "reimbursement_paid"

    ALL = (REIMBURSEMENT_PAID,)


# Why an enrollment was refused, in the plain words of the SMS (registry.statuses.RefusalReason codes);
# lazy, so that the message is rendered in the member's language.
REFUSAL_WORDS: dict[str, Any] = {
    "documents": _("an identity document is missing or not valid"),
    "not_eligible": _("you are not eligible for this scheme"),
    "already_enrolled": _("you are already enrolled under another registration number"),
    "unverified": _("the information on your file could not be verified"),
    "other": _("your branch will tell you why"),
}


# What staff read of each message's template on the member's page (the outbox keeps the raw name).
TEMPLATE_LABELS: dict[str, Any] = {
    **{choice.value: choice.label for choice in MessageTemplate},
    ONE_TIME_CODE: _("Login code"),
    CorrectionTemplate.CANCELLED_COVERED: _("Payment cancelled"),
    CorrectionTemplate.CANCELLED_UNCOVERED: _("Payment cancelled"),
    CorrectionTemplate.REDATED: _("Payment corrected"),
    ClaimTemplate.FILE_RECEIVED: _("Care file received"),
    ClaimTemplate.FILE_VALIDATED_INSURED: _("Care file validated"),
    ClaimTemplate.FILE_VALIDATED_FACILITY: _("Care file validated"),
    ClaimTemplate.FILE_REJECTED: _("Care file rejected"),
    ClaimTemplate.COMPLAINT_ANSWERED: _("Complaint answered"),
    ClaimTemplate.COMPLAINT_UPHELD: _("Complaint upheld"),
    EnrollmentTemplate.REFUSED: _("Enrollment refused"),
    EnrollmentTemplate.MERGED: _("Records merged"),
    EnrollmentTemplate.CERTIFICATE_WAITING: _("Rights certificate ready"),
    AuthorizationTemplate.APPROVED: _("Prior authorization approved"),
    AuthorizationTemplate.APPROVED_WITH_RESERVE: _("Prior authorization approved with reserve"),
    AuthorizationTemplate.REFUSED: _("Prior authorization refused"),
    AuthorizationTemplate.INFORMATION_REQUESTED: _("Prior authorization: information requested"),
    AuthorizationTemplate.APPEAL_RECEIVED: _("Prior authorization: appeal received"),
    PaymentTemplate.REIMBURSEMENT_PAID: _("Reimbursement paid"),
}


def template_label(name: str) -> Any:
    """The label of a message's template in the reader's language ("Message" for one unknown here)."""
    return TEMPLATE_LABELS.get(name, _("Message"))


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
    EnrollmentTemplate.REFUSED: gettext_noop(
        "%(fund)s: your enrollment request is refused: %(reason)s. "
        "Come back to your branch with your papers to have it examined again."
    ),
    EnrollmentTemplate.MERGED: gettext_noop(
        "%(fund)s: you were enrolled twice; your two files are now one. "
        "Your registration number is %(number)s (no longer %(old)s)."
    ),
    EnrollmentTemplate.CERTIFICATE_WAITING: gettext_noop(
        "%(fund)s: your rights certificate (%(number)s) is ready. You are covered from %(start)s "
        "to %(valid_until)s, not before: %(link)s"
    ),
    CorrectionTemplate.CANCELLED_COVERED: gettext_noop(
        "%(fund)s: payment %(receipt)s of %(amount)s %(currency)s cancelled. Your rights run until %(end)s."
    ),
    CorrectionTemplate.CANCELLED_UNCOVERED: gettext_noop(
        "%(fund)s: payment %(receipt)s of %(amount)s %(currency)s cancelled. You are not covered: "
        "pay at a branch to be covered again."
    ),
    CorrectionTemplate.REDATED: gettext_noop(
        "%(fund)s: payment %(receipt)s corrected, paid on %(paid_on)s. Rights from %(start)s to %(end)s."
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
    AuthorizationTemplate.APPROVED: gettext_noop(
        "%(fund)s: prior authorization %(reference)s (%(facility)s) approved, "
        "valid from %(start)s to %(end)s."
    ),
    AuthorizationTemplate.APPROVED_WITH_RESERVE: gettext_noop(
        "%(fund)s: prior authorization %(reference)s (%(facility)s) approved with reserve, "
        "valid from %(start)s to %(end)s. The facility has the conditions."
    ),
    AuthorizationTemplate.REFUSED: gettext_noop(
        "%(fund)s: prior authorization %(reference)s (%(facility)s) refused. "
        "The facility will tell you the reasons."
    ),
    AuthorizationTemplate.INFORMATION_REQUESTED: gettext_noop(
        "%(fund)s: for prior authorization %(reference)s (%(facility)s), "
        "the fund asked the facility for more information."
    ),
    AuthorizationTemplate.APPEAL_RECEIVED: gettext_noop(
        "%(fund)s: the appeal of prior authorization %(reference)s (%(facility)s) is received; "
        "another medical adviser will answer."
    ),
    PaymentTemplate.REIMBURSEMENT_PAID: gettext_noop(
        "%(fund)s: your reimbursement of %(amount)s %(currency)s was paid to your bank account on %(date)s."
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
