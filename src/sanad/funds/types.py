"""The typed, frozen shape of a fund profile; built by `sanad.funds.loader`, never by hand in code."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Re-exported as well: every type of a profile can be imported from this module.
from sanad.funds.types_authorizations import RequestCatalogue
from sanad.funds.types_payments import PaymentRules
from sanad.funds.types_reports import ReportRules
from sanad.funds.values import Clock, Money, Text


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarRules:
    weekend: tuple[int, ...]  # ISO weekday numbers, Monday = 1
    holidays_country: str
    holidays_subdivision: str | None
    # How far ahead of the fund's clock a device's clock may run: a date typed "today" on a clock a few
    # minutes fast past midnight is not refused as a date in the future.
    clock_tolerance_minutes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    code: str
    name: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentKind:
    code: str
    label: Text
    expires: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class IdentityRules:
    """Any one of a population's document kinds proves identity; a photo is needed when `photo_required`."""

    photo_required: bool
    documents: tuple[DocumentKind, ...]
    national: tuple[DocumentKind, ...]
    migrant: tuple[DocumentKind, ...]
    refugee: tuple[DocumentKind, ...]

    def documents_for(self, population: str) -> tuple[DocumentKind, ...]:
        if population not in ("national", "migrant", "refugee"):
            raise KeyError(population)
        return getattr(self, population)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True, kw_only=True)
class DependantRules:
    child_max_age: int
    student_max_age: int
    student_certificates: tuple[str, ...]
    disabled_child_certificate: str
    spouse_proof_of_no_profession: bool
    spouse_min_age: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FlatContribution:
    """A flat yearly amount per person, paid partly by the insured and partly by the State."""

    amount_per_person: Decimal
    insured_amount: Decimal
    state_amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class SalaryContribution:
    """A share of the salary, split between employee and employer, on a salary capped at `salary_ceiling`."""

    employee_rate: Decimal
    employer_rate: Decimal
    salary_ceiling: Decimal | None
    minimum_salary_base: Decimal | None

    @property
    def total_rate(self) -> Decimal:
        return self.employee_rate + self.employer_rate


@dataclass(frozen=True, slots=True, kw_only=True)
class ContributionRules:
    scheme: str  # flat_per_person or salary_share; the matching field below is set, the other is None
    period_months: int
    flat: FlatContribution | None
    salary: SalaryContribution | None
    payment_methods: tuple[str, ...]
    mobile_money_operators: tuple[str, ...]
    # A contribution voided, refunded or re-dated above this amount waits for a second person's approval.
    void_approval_above: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class RightsRules:
    period_months: int  # months of rights opened by one period's contribution
    waiting_days: int
    grace_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrationNumberRules:
    algorithm: str
    prefix: str
    digits: int  # serial digits, check digits excluded


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrollmentRules:
    processing_clock: Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchGroup:
    code: str
    care_types: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RequiredDocuments:
    """The supporting documents a billing file needs, by its care type, the kinds of lines and the
    categories of acts or devices it bills: (code, documents) pairs."""

    by_care_type: tuple[tuple[str, tuple[str, ...]], ...]
    by_line_kind: tuple[tuple[str, tuple[str, ...]], ...]
    by_category: tuple[tuple[str, tuple[str, ...]], ...]


# What an insured person who paid the care may file at the fund for reimbursement (`insured_reimbursed_for`).
PRIVATE_CARE = "private_care"  # care paid to a private facility: the patient pays first there
# Care below the direct-billing threshold at a facility that bills the fund directly: it does not bill the
# fund for so little, the insured pays it.
BELOW_DIRECT_BILLING_THRESHOLD = "below_direct_billing_threshold"
INSURED_REIMBURSEMENT_CASES = (PRIVATE_CARE, BELOW_DIRECT_BILLING_THRESHOLD)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRules:
    time_bar_months: int
    batch_max_files: int
    batch_groups: tuple[BatchGroup, ...]
    # Files of this amount or more are paid to the facility (CNOPS: 200 MAD). None: no amount rule, the
    # fund pays directly, except in the private sector when the insured is reimbursed for private care.
    direct_billing_threshold: Decimal | None
    processing_clock: Clock
    medical_review_amount: Decimal
    medical_review_sample_rate: Decimal
    # The cases of INSURED_REIMBURSEMENT_CASES in which the insured files for reimbursement; empty: never,
    # the fund pays the facilities directly.
    insured_reimbursed_for: tuple[str, ...]
    required_documents: RequiredDocuments
    # Time to answer a complaint registered by a regional office.
    complaint_clock: Clock
    # Anomaly signals that route a file to the medical review.
    anomaly_peer_factor: Decimal  # a facility's average per act above this many times its peers'
    anomaly_peer_min_acts: int  # acts a facility and its peers must have billed for the average to count
    anomaly_burst_files: int  # identical files (beneficiary, facility, day, lines) from this many on

    @property
    def reimburses_insured(self) -> bool:
        """Whether an insured person ever files for reimbursement at this fund."""
        return bool(self.insured_reimbursed_for)

    @property
    def patient_pays_first_in_private(self) -> bool:
        """In the private sector the patient pays the facility first and files for reimbursement."""
        return PRIVATE_CARE in self.insured_reimbursed_for

    @property
    def reimburses_below_direct_billing_threshold(self) -> bool:
        """Care below the direct-billing threshold, paid by the insured to a facility that bills the fund
        directly, is reimbursed to the insured."""
        return BELOW_DIRECT_BILLING_THRESHOLD in self.insured_reimbursed_for

    def batch_group_of(self, care_type: str) -> str:
        """A file goes in the one batch group that lists its care type."""
        for group in self.batch_groups:
            if care_type in group.care_types:
                return group.code
        raise KeyError(care_type)


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationRules:
    answer_clock: Clock
    dialysis_answer_clock: Clock
    drug_cycles: int
    request_batch_max: int
    emergency_request_clock: Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementRules:
    processing_clock: Clock
    # Care is covered only in a facility under agreement (CNASS); elsewhere direct-billing access suffices.
    required_to_bill: bool
    eligible_sectors: tuple[str, ...]
    eligible_facility_kinds: tuple[str, ...]
    direct_billing_applicants: tuple[str, ...]
    direct_billing_automatic: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PyramidLevel:
    code: str
    rank: int
    label: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class CarePyramid:
    levels: tuple[PyramidLevel, ...]  # sorted by rank, lowest first
    skip_penalty_rate: Decimal  # share of the fund's part withheld when a level is skipped without referral

    def level(self, code: str) -> PyramidLevel:
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(code)


@dataclass(frozen=True, slots=True, kw_only=True)
class CareType:
    code: str
    label: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class SectorRates:
    care_type: str
    public: Decimal
    non_profit: Decimal
    private: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageRates:
    by_care_type: tuple[SectorRates, ...]
    long_term_rate: Decimal
    drug_rate: Decimal

    def rate(self, care_type: str, sector: str) -> Decimal:
        if sector not in ("public", "non_profit", "private"):
            raise KeyError(sector)
        for rates in self.by_care_type:
            if rates.care_type == care_type:
                return getattr(rates, sector)
        raise KeyError(care_type)


@dataclass(frozen=True, slots=True, kw_only=True)
class PriorApprovalRules:
    all_sectors: tuple[str, ...]
    public: tuple[str, ...]
    non_profit: tuple[str, ...]
    private: tuple[str, ...]

    def required(self, category: str, sector: str) -> bool:
        """Care of `category` needs prior approval if listed for every sector or for `sector`."""
        return category in self.all_sectors or category in getattr(self, sector)


@dataclass(frozen=True, slots=True, kw_only=True)
class YearlyCeiling:
    code: str
    label: Text
    amount: Decimal
    per: str  # "beneficiary": counted per person and calendar year


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityRules:
    """Limits that bound what an anonymous client can cost the fund, and how long an idle session lasts."""

    session_idle_minutes: int = 30  # a signed-in person idle this long signs in again
    code_per_number: int = 3  # SMS login codes per registration number within code_window_minutes
    code_per_address: int = 10  # code requests from one address within code_window_minutes
    code_window_minutes: int = 15
    code_daily_budget: int = 2000  # SMS login codes the whole fund sends in a day


@dataclass(frozen=True, slots=True, kw_only=True)
class InterfaceRules:
    """How the fund names its identifiers and codes to other systems (FHIR, the HCX-style exchange): a kind's
    system is `identifier_base` followed by the kind (`registration-number`, `facility`, `act`…), unless
    `systems` names the fund's own URI for that kind."""

    identifier_base: str
    systems: tuple[tuple[str, str], ...] = ()

    def system(self, kind: str) -> str:
        return dict(self.systems).get(kind) or f"{self.identifier_base}{kind}"


@dataclass(frozen=True, slots=True, kw_only=True)
class FundProfile:
    code: str
    name: Text
    short_name: str
    country: str
    languages: tuple[str, ...]  # the first is the default
    phone_region: str
    money: Money
    calendar: CalendarRules
    regions: tuple[Region, ...]
    identity: IdentityRules
    dependants: DependantRules
    contributions: ContributionRules
    rights: RightsRules
    registration_number: RegistrationNumberRules
    enrollment: EnrollmentRules
    claims: ClaimRules
    authorizations: AuthorizationRules
    authorization_requests: RequestCatalogue  # the request types (types_authorizations)
    agreements: AgreementRules
    care_pyramid: CarePyramid
    care_types: tuple[CareType, ...]
    coverage: CoverageRates
    prior_approval: PriorApprovalRules
    yearly_ceilings: tuple[YearlyCeiling, ...]
    payments: PaymentRules  # the fund's debtor account (types_payments)
    reports: ReportRules  # what the public page and the monthly report show (types_reports)
    security: SecurityRules = SecurityRules()  # the [security] table; its defaults when left out
    interfaces: InterfaceRules | None = None  # the [interfaces] table (identifier systems for FHIR)

    @property
    def currency(self) -> str:
        return self.money.currency

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def region(self, code: str) -> Region:
        for region in self.regions:
            if region.code == code:
                return region
        raise KeyError(code)
