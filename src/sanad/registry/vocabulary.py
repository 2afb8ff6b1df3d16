"""Words of the register shared by models, rules and selectors: codes with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    """Supporting certificates of a dependant; the codes are those of the profiles' `dependants` rules."""

    SCHOOL = "school_certificate", _("school certificate")
    UNMARRIED = "unmarried_certificate", _("certificate of being unmarried")
    MEDICAL_CONTROL = "medical_control_certificate", _("medical-control certificate")
    NO_PROFESSION = "no_profession_proof", _("proof of no profession")


class PaymentMethod(models.TextChoices):
    """How a contribution is paid (seed 003: cash, mobile payment, bank transfer or cheque)."""

    CASH = "cash", _("Cash")
    MOBILE_MONEY = "mobile_money", _("Mobile money")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CHEQUE = "cheque", _("Cheque")


class RightsReason(models.TextChoices):
    """Why a beneficiary is covered on a date, or why not."""

    COVERED = "covered", _("Covered")
    GRACE = "grace", _("Covered during the grace period")
    WAITING = "waiting", _("In the waiting period")
    NO_CONTRIBUTION = "no_contribution", _("No contribution covers this date")
    ARREARS = "arrears", _("Rights suspended for arrears")
    AGE_LIMIT = "age_limit", _("Past the age limit for a dependent child")
    MISSING_CERTIFICATE = "missing_certificate", _("A supporting certificate is missing or expired")
    SPOUSE_UNDER_AGE = "spouse_under_age", _("Spouse under the legal age")
    NOT_BORN = "not_born", _("Not born on that date")
    UNKNOWN = "unknown", _("Unknown beneficiary")


class IdentityProblem(models.TextChoices):
    """Why a person's identity is not proven for enrollment."""

    DOCUMENT_MISSING = "document_missing", _("Identity document missing")
    DOCUMENT_EXPIRED = "document_expired", _("Identity document expired")
    PHOTO_MISSING = "photo_missing", _("Photo missing")
