"""The typed shape of a profile's prior-authorization requests: each type's form, checklist, clock and
automatic rule (built by `sanad.funds.sections_authorizations`, never by hand in code).

Sources: seed 002 (CNOPS: the form matches the admission, dialysis first admission, oncology, pharmacies,
the administrative dossier), seed 004 (CNSS: stays, day hospital, costly drugs for long-term conditions,
devices, implants, the first semester of orthodontics).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sanad.funds.values import Clock, Text

# The closed vocabularies of the section; the loader refuses any other value.
FIELD_TYPES = ("integer", "decimal", "text", "choice", "date")
# Why the patient is admitted (seed 002: "l'imprimé doit correspondre au motif de l'admission").
ADMISSIONS = (
    "medical_stay",
    "intensive_care",
    "incubator",
    "surgery",
    "day_hospital",
    "outpatient",
    "pharmacy",
    "evacuation",
)
# Where the register already holds a document, so that it is not asked again.
REGISTER_SOURCES = ("registration_card", "member_identity", "beneficiary_identity", "certificate")
AUTOMATIC_RULES = ("dialysis_renewal", "long_term_drug", "quote_within_reference")
# What a request for information does to the answer clock: stops it until the answer, or starts it again.
INFORMATION_CLOCK_MODES = ("pause", "restart")
# What an approval counts, so that claims can consume it.
COUNTS = ("days", "sessions", "cycles", "units")
ITEM_KINDS = ("act", "drug", "device")
# The drugs of an approval the fund's own pharmacy dispenses, by their place in the catalogue.
FUND_PHARMACY_DRUGS = ("outside_direct_billing", "costly", "long_term_only")
# The dependants whose administrative dossier asks for more than the member's papers.
DOSSIER_GROUPS = ("everyone", "spouse", "student_child", "disabled_child")
# The facility kind that asks only for the types naming it (see `RequestType.asked_by`).
PHARMACY_KIND = "pharmacy"


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldChoice:
    code: str
    label: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestField:
    """One typed entry of a request form; bounds apply to integers and decimals, choices to a choice."""

    code: str
    label: Text
    type: str
    required: bool
    minimum: Decimal | None
    maximum: Decimal | None
    max_length: int
    unit: str  # an international symbol shown after the value ("kg", "mL/min"), or ""
    choices: tuple[FieldChoice, ...]

    def choice(self, code: str) -> FieldChoice:
        for choice in self.choices:
            if choice.code == code:
                return choice
        raise KeyError(code)


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestDocument:
    """A paper of a checklist; `register` names where the register already holds it ("" when it does not);
    a confidential document is read by medical advisers only."""

    code: str
    label: Text
    register: str
    confidential: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ConditionalDocuments:
    """Documents asked only when a choice field has a given value (a metastatic progression: work-ups)."""

    field: str
    value: str
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AutomaticRule:
    """A request of the type is approved at once when the rule holds; otherwise an adviser decides.

    dialysis_renewal: a recognised long-term condition and at most `max_sessions_per_week`;
    long_term_drug: a drug of the long-term list, in the protocol of the diagnosis, for at most `max_months`;
    quote_within_reference: a quote at or under the catalogue's reference price of the item.
    """

    rule: str
    max_sessions_per_week: int | None = None
    max_months: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestType:
    code: str
    label: Text
    categories: tuple[str, ...]  # the prior-approval categories the type asks for
    admissions: tuple[str, ...]  # the admissions its form matches
    fields: tuple[str, ...]  # field codes, in form order
    documents: tuple[str, ...]  # the checklist, besides the administrative dossier
    conditional_documents: tuple[ConditionalDocuments, ...]
    dossier: bool  # the beneficiary's administrative dossier is part of the checklist
    answer_clock: Clock
    emergency: bool  # may be asked after the act, as an emergency regularisation
    facility_kinds: tuple[str, ...]  # kinds of facility that may submit it; empty: any
    counts: str  # what an approval counts: days, sessions, cycles or units
    quantity_field: str | None  # the field that proposes the quantity approved
    item_kind: str | None  # the kind of the catalogue item named by `item_field`
    item_field: str | None
    max_quantity: int | None  # the most an approval may grant (oncology drugs: the profile's cycles)
    validity_days: int  # how long an approval stays valid by default
    body_surface_area: bool  # the form computes the body surface area from weight and height
    automatic: AutomaticRule | None

    def asked_by(self, facility_kind: str) -> bool:
        """Whether a facility of this kind may ask for the type. A pharmacy asks only for the types meant
        for pharmacies (seed 002: "les pharmacies" submit their own requests, with the INPE and the
        prescription), never the others; any other kind asks for a type that names no kinds, or names it."""
        if facility_kind == PHARMACY_KIND:
            return PHARMACY_KIND in self.facility_kinds
        return not self.facility_kinds or facility_kind in self.facility_kinds


@dataclass(frozen=True, slots=True, kw_only=True)
class Dossier:
    """The beneficiary's administrative dossier, by group: `everyone` for any beneficiary, then the
    dependants' own papers (spouse; child past the age limit, student or disabled)."""

    everyone: tuple[str, ...]
    spouse: tuple[str, ...]
    student_child: tuple[str, ...]
    disabled_child: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FundPharmacy:
    """The fund has its own pharmacy: the drugs of an approval in these catalogue groups are dispensed
    there, not billed by the facility, and the facility sends the patient (seed 002, CNOPS: drugs outside
    the direct-billing list are dispensed by the fund's pharmacy)."""

    drugs: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class BranchFiling:
    """The insured person files the request at a branch of the fund, a counter agent keying it in for them
    (seed 004, CNSS: "l'assuré doit déposer un dossier auprès d'une agence CNSS contenant une feuille de
    soins dûment remplie, signée et cachetée par tous les prestataires"): the types so filed, and the papers
    a request filed at a branch needs besides its type's checklist."""

    request_types: tuple[str, ...]
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestCatalogue:
    information_clock: str  # pause or restart
    near_due_share: Decimal  # a request is near its due time when less than this share of its clock is left
    # Calendar days after a refusal (or an approval with reserve) during which the facility, or the insured
    # person at a branch, may appeal it once; the appeal is decided by another medical adviser.
    appeal_days: int
    fields: tuple[RequestField, ...]
    documents: tuple[RequestDocument, ...]
    dossier: Dossier
    types: tuple[RequestType, ...]
    fund_pharmacy: FundPharmacy | None = None  # None: the fund has no pharmacy of its own
    # Seed 002 (CNOPS): a deposit and pick-up calendar per regional office, with a named contact per facility.
    deposit_calendar: bool = False
    branch_filing: BranchFiling | None = None  # None: requests are filed by the facilities only

    def type(self, code: str) -> RequestType:
        for request_type in self.types:
            if request_type.code == code:
                return request_type
        raise KeyError(code)

    def field(self, code: str) -> RequestField:
        for field in self.fields:
            if field.code == code:
                return field
        raise KeyError(code)

    def document(self, code: str) -> RequestDocument:
        for document in self.documents:
            if document.code == code:
                return document
        raise KeyError(code)
