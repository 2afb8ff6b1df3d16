"""The columns of a register import file: one row per person, a family's rows joined by `family`.

==================== ======== ==========================================================================
column               required meaning
==================== ======== ==========================================================================
family               yes      any key shared by the rows of one family (e.g. the former RAMED number)
role                 yes      ``member`` (exactly one per family), ``spouse`` or ``child``
first_name           yes      first name in Latin script
last_name            yes      last name in Latin script
first_name_ar        no       first name in Arabic script
last_name_ar         no       last name in Arabic script
sex                  yes      ``F`` or ``M``
birth_date           yes      YYYY-MM-DD (or a date cell in XLSX)
population           member   ``national``, ``migrant`` or ``refugee``
nationality          member   ISO 3166 alpha-2 country code (``MR``, ``MA``, ``SN``…)
phone                no       member's phone, a valid number of the fund's country (stored as E.164)
region               member   a region code of the fund's profile
registration_number  no       member only; checked (prefix, digits, check digit, free) when given,
                              the fund's next number (with its check digit) when empty
document_kind        member   identity document: a code of the profile's ``identity.documents``; the
document_number      member   member's must be one of their population's kinds, unexpired on the
document_expires_on  (a)      import date; optional for dependants. (a) when the kind expires
disabled             no       dependants: ``1`` for a disabled child (medical-control certificate needed
                              past 21)
certificates         no       dependants: certificate kinds on file, separated by ``|``
                              (``school_certificate``, ``unmarried_certificate``,
                              ``medical_control_certificate``, ``no_profession_proof``); recorded as
                              issued on the import date
==================== ======== ==========================================================================

Columns population, nationality, phone and region are ignored on spouse and child rows.
"""

from __future__ import annotations

from sanad.common.tabular import write_table
from sanad.funds.types import FundProfile

COLUMNS = (
    "family",
    "role",
    "first_name",
    "last_name",
    "first_name_ar",
    "last_name_ar",
    "sex",
    "birth_date",
    "population",
    "nationality",
    "phone",
    "region",
    "registration_number",
    "document_kind",
    "document_number",
    "document_expires_on",
    "disabled",
    "certificates",
)
REQUIRED = ("family", "role", "first_name", "last_name", "sex", "birth_date")
ROLES = ("member", "spouse", "child")
LIST_SEPARATOR = "|"


def template_file(profile: FundProfile, fmt: str) -> bytes:
    """An empty import file with its header and an example family of the profile's country."""
    region = profile.regions[0].code
    card = profile.identity.national[0]
    expiry = "2030-12-31" if card.expires else ""
    proof = "no_profession_proof" if profile.dependants.spouse_proof_of_no_profession else ""
    # A dependant leaves population to document_expires_on empty (8 columns).
    blank = ("",) * 8
    member = (profile.country, "", region, "", card.code, "A1234567", expiry, "0", "")
    example = [
        ("F0001", "member", "Ahmed", "Salem", "أحمد", "سالم", "M", "1980-04-12", "national", *member),
        ("F0001", "spouse", "Fatma", "Mint Ali", "فاطمة", "منت علي", "F", "1985-09-30", *blank, "0", proof),
        ("F0001", "child", "Sidi", "Salem", "سيدي", "سالم", "M", "2015-01-20", *blank, "0", ""),
    ]
    return write_table(COLUMNS, example, fmt, sheet="register")
