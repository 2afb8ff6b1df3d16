"""The closed vocabularies a fund profile may use; the loader rejects any other value.

These are codes shared with the rest of Sanad (facility kinds and sectors match `sanad.providers`).
"""

from __future__ import annotations

LANGUAGES = ("fr", "ar", "en")
POPULATIONS = ("national", "migrant", "refugee")
SECTORS = ("public", "non_profit", "private")
PAYMENT_METHODS = ("cash", "mobile_money", "bank_transfer", "cheque")
CONTRIBUTION_SCHEMES = ("flat_per_person", "salary_share")
CLOCK_UNITS = ("calendar_days", "working_days", "working_hours")
REGISTRATION_ALGORITHMS = ("luhn", "damm", "mod97")
# The engine counts a yearly ceiling per beneficiary; a ceiling shared by a family would need the family's
# history in every snapshot, which no fund's document asks for: a profile that says "family" is refused
# rather than silently counted per person.
CEILING_SCOPES = ("beneficiary",)

# The rounding modes of the `decimal` module, by constant name.
ROUNDING_MODES = (
    "ROUND_UP",
    "ROUND_DOWN",
    "ROUND_CEILING",
    "ROUND_FLOOR",
    "ROUND_HALF_UP",
    "ROUND_HALF_DOWN",
    "ROUND_HALF_EVEN",
    "ROUND_05UP",
)

# ISO 4217 codes of the currencies Sanad's funds (and their neighbours) use; extend when a fund needs one.
CURRENCIES = ("MRU", "MAD", "DZD", "TND", "XOF", "EUR", "USD")

FACILITY_KINDS = (
    "health_post",
    "health_centre",
    "regional_hospital",
    "national_hospital",
    "university_hospital",
    "military_hospital",
    "private_clinic",
    "dialysis_centre",
    "eye_centre",
    "oncology_centre",
    "pharmacy",
    "laboratory",
    "imaging_centre",
)

# The supporting documents of a billing file (the claims app's DocumentKind uses the same codes).
DOCUMENT_KINDS = (
    "invoice",
    "prescription",
    "results",
    "hospital_report",
    "operating_report",
    "authorization",
    "barcodes",
    "receipt",
    "medical_envelope",
)
LINE_KINDS = ("act", "drug", "device")

PRIOR_APPROVAL_CATEGORIES = (
    "prosthesis",
    "orthosis",
    "medical_device",
    "implant",
    "orthodontics_first_semester",
    "inpatient_stay",
    "day_hospital",
    "surgery_package",
    "intensive_care",
    "dialysis",
    "chemotherapy",
    "radiotherapy",
    "brachytherapy",
    "bone_marrow_transplant",
    "iratherapy",
    "costly_long_term_drug",
    "pharmacy_drug",
    "medical_evacuation",
)
