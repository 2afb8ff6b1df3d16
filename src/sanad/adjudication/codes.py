"""Enumerations shared by the adjudication engine: inputs, statuses, routing and reason codes."""

from __future__ import annotations

from enum import StrEnum


class _Code(StrEnum):
    """A string enum hashed like its value: consistent with ``member == "value"``, and a C-level hash
    (``Enum.__hash__`` is Python code on 3.11, and the engine keys dicts by these codes)."""

    __hash__ = str.__hash__


class CareType(_Code):
    """Type of episode, which selects the coverage rate and the documents required."""

    OUTPATIENT = "outpatient"
    INPATIENT = "inpatient"
    DAY_HOSPITAL = "day_hospital"
    PHARMACY = "pharmacy"


class Sector(_Code):
    """Sector of the facility, which selects the coverage rate."""

    PUBLIC = "public"
    PRIVATE = "private"
    NON_PROFIT = "non_profit"


class LineKind(_Code):
    """What a claim line bills: a medical act, a drug or a medical device."""

    ACT = "act"
    DRUG = "drug"
    DEVICE = "device"


class Relationship(_Code):
    """Relationship of the beneficiary to the member."""

    MEMBER = "member"
    SPOUSE = "spouse"
    CHILD = "child"
    OTHER = "other"


class Sex(_Code):
    FEMALE = "F"
    MALE = "M"


class Channel(_Code):
    """Who sends the file: the facility billing the fund, or the insured asking for reimbursement."""

    DIRECT_BILLING = "direct_billing"
    REIMBURSEMENT = "reimbursement"


class LineStatus(_Code):
    ACCEPTED = "accepted"
    REDUCED = "reduced"
    REJECTED = "rejected"
    TO_REVIEW = "to_review"


class FileStatus(_Code):
    ACCEPTED = "accepted"
    REDUCED = "reduced"
    REJECTED = "rejected"
    TO_REVIEW = "to_review"


class Routing(_Code):
    """What happens to the file next."""

    AUTO_APPROVE = "auto_approve"
    ADMINISTRATIVE_CHECK = "administrative_check"
    MEDICAL_REVIEW = "medical_review"
    REJECT = "reject"


class Payee(_Code):
    FACILITY = "facility"
    INSURED = "insured"


class Effect(_Code):
    """What a reason code does to the line or the file it is attached to."""

    REJECT = "reject"
    REDUCE = "reduce"
    ADMINISTRATIVE_CHECK = "administrative_check"
    MEDICAL_REVIEW = "medical_review"
    INFORMATION = "information"


class Reason(_Code):
    """Every reason the engine can give; the texts are in `reasons.py`."""

    EMPTY_FILE = "empty_file"
    TIME_BARRED = "time_barred"
    DOCUMENTS_MISSING = "documents_missing"
    NO_RIGHTS = "no_rights"
    DEPENDANT_CERTIFICATES_MISSING = "dependant_certificates_missing"
    DEPENDANT_OVER_AGE_LIMIT = "dependant_over_age_limit"
    FACILITY_NOT_AGREED = "facility_not_agreed"
    NO_DIRECT_BILLING_ACCESS = "no_direct_billing_access"
    UNKNOWN_CODE = "unknown_code"
    NOT_IN_BENEFIT_PACKAGE = "not_in_benefit_package"
    FACILITY_KIND_NOT_ALLOWED = "facility_kind_not_allowed"
    FACILITY_LEVEL_NOT_ALLOWED = "facility_level_not_allowed"
    AGE_NOT_ALLOWED = "age_not_allowed"
    SEX_NOT_ALLOWED = "sex_not_allowed"
    DUPLICATE_ALREADY_PAID = "duplicate_already_paid"
    DUPLICATE_IN_BATCH = "duplicate_in_batch"
    DUPLICATE_IN_PROCESS = "duplicate_in_process"
    PRIOR_APPROVAL_MISSING = "prior_approval_missing"
    PRIOR_APPROVAL_OUTSIDE_VALIDITY = "prior_approval_outside_validity"
    PRIOR_APPROVAL_OTHER_FACILITY = "prior_approval_other_facility"
    PRIOR_APPROVAL_USED_UP = "prior_approval_used_up"
    PRIOR_APPROVAL_EXHAUSTED = "prior_approval_exhausted"
    PRIOR_APPROVAL_AMOUNT_EXCEEDED = "prior_approval_amount_exceeded"
    PRIOR_APPROVAL_AMOUNT_USED_UP = "prior_approval_amount_used_up"
    PRIOR_APPROVAL_PENDING = "prior_approval_pending"
    # Decisions taken before authorizations were recorded with the claims: the adviser checked the paper.
    PRIOR_APPROVAL_TO_VERIFY = "prior_approval_to_verify"
    DAILY_LIMIT_EXCEEDED = "daily_limit_exceeded"
    PERIOD_LIMIT_EXCEEDED = "period_limit_exceeded"
    NO_TARIFF = "no_tariff"
    NO_COVERAGE_RATE = "no_coverage_rate"
    COEFFICIENT_ABOVE_NOMENCLATURE = "coefficient_above_nomenclature"
    BILLED_ABOVE_TARIFF = "billed_above_tariff"
    PYRAMID_PENALTY = "pyramid_penalty"
    YEARLY_CEILING_REACHED = "yearly_ceiling_reached"
    BELOW_DIRECT_BILLING_THRESHOLD = "below_direct_billing_threshold"
    PROTOCOL_MISMATCH = "protocol_mismatch"
    OVERBILLING_ANOMALY = "overbilling_anomaly"
    ANOMALY_FLAGGED = "anomaly_flagged"
    AMOUNT_OVER_REVIEW_LIMIT = "amount_over_review_limit"
    RANDOM_REVIEW_SAMPLE = "random_review_sample"
