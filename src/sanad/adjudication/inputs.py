"""What the engine takes in about one billing file: a frozen snapshot of the claim and its context.

A converter in the claims app builds these from the database; the engine never queries anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sanad.adjudication.codes import CareType, Channel, LineKind, Relationship, Sector, Sex


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of days; ``end`` None means open-ended."""

    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Certificate:
    """A certificate on file for a beneficiary (``school``, ``unmarried``, ``medical_control``, …)."""

    kind: str
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class LongTermCondition:
    """A long-term or chronic condition (ALD/ALC) recognised for the beneficiary, by diagnosis code."""

    code: str
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Beneficiary:
    """The person who received care: the member or a dependant, with the periods where rights were open."""

    id: str
    birth_date: date
    sex: Sex
    relationship: Relationship
    rights: tuple[Period, ...]
    certificates: tuple[Certificate, ...] = ()
    long_term_conditions: tuple[LongTermCondition, ...] = ()
    disabled: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Facility:
    """Where the care was given; ``level`` is its rank in the care pyramid (1 = health post)."""

    id: str
    kind: str
    sector: Sector
    level: int
    agreements: tuple[Period, ...] = ()
    direct_billing: tuple[Period, ...] = ()


@dataclass(frozen=True, slots=True)
class Referral:
    """A referral to a higher level of the pyramid, up to ``to_level``."""

    issued_on: date
    to_level: int
    valid_until: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PriorAuthorization:
    """An approved prior authorization: the codes it covers, the quantity (days, sessions, cycles or
    units) granted and already consumed by files decided before this one, its validity and, optionally,
    its facility. ``id`` keys what the batch counts and names it on the line that uses it; ``reference``
    names it in texts (the id when empty)."""

    id: str
    codes: frozenset[str]
    granted: int
    valid_from: date
    valid_to: date
    consumed: int = 0
    facility_id: str | None = None
    reference: str = ""
    #: The amount approved (a device's quote, an approval "for at most …"), None when uncapped, and what
    #: files decided before took of it.
    amount_cap: Decimal | None = None
    amount_consumed: Decimal = Decimal(0)

    @property
    def name(self) -> str:
        return self.reference or self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingAuthorization:
    """A request for prior authorization the fund has not answered yet, by its reference, and the facility
    that made it (None: any)."""

    reference: str
    facility_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimLine:
    """One billed service. ``coefficient`` is the coefficient billed for an act (None: the nomenclature's).

    ``billed`` is the amount billed for the whole quantity.
    """

    code: str
    kind: LineKind
    service_date: date
    billed: Decimal
    quantity: int = 1
    coefficient: Decimal | None = None

    def __post_init__(self) -> None:
        if self.billed < 0:
            raise ValueError(f"billed amount must not be negative: {self.billed}")
        if self.quantity < 1:
            raise ValueError(f"quantity must be at least 1: {self.quantity}")
        if self.coefficient is not None and self.coefficient < 0:
            raise ValueError(f"coefficient must not be negative: {self.coefficient}")


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryLine:
    """A line already paid for the same beneficiary, for duplicate, frequency and ceiling checks."""

    claim_id: str
    code: str
    service_date: date
    facility_id: str
    quantity: int = 1
    fund_share: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingLine:
    """A line of another file of the same beneficiary that the fund holds and has not decided yet
    (received, in administrative check or in medical review), for the duplicate check."""

    claim_id: str
    code: str
    service_date: date
    facility_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimSnapshot:
    """One billing file (one episode of care) and everything the rules need to decide on it."""

    claim_id: str
    care_type: CareType
    beneficiary: Beneficiary
    facility: Facility
    lines: tuple[ClaimLine, ...]
    received_on: date
    batch_id: str | None = None
    channel: Channel = Channel.DIRECT_BILLING
    documents: frozenset[str] = frozenset()
    admission_date: date | None = None
    discharge_date: date | None = None
    dispensing_date: date | None = None
    diagnosis: str | None = None
    referral: Referral | None = None
    authorizations: tuple[PriorAuthorization, ...] = ()
    pending_authorizations: tuple[PendingAuthorization, ...] = ()
    history: tuple[HistoryLine, ...] = ()
    pending: tuple[PendingLine, ...] = ()
    emergency: bool = False
    anomaly_flags: tuple[str, ...] = ()
