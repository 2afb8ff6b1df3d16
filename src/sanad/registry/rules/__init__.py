"""The enrollment and rights rules as small pure functions: data in, a verdict out, no database."""

from sanad.registry.rules.contributions import (
    ContributionAmount,
    RightsWindow,
    contribution_amount,
    contribution_period_end,
    rights_status,
    rights_window,
)
from sanad.registry.rules.dependants import (
    age_on,
    certificate_kinds,
    certificates_valid_on,
    dependant_eligibility,
)
from sanad.registry.rules.identity import identity_check, photo_check
from sanad.registry.rules.verdict import Verdict

__all__ = [
    "ContributionAmount",
    "RightsWindow",
    "Verdict",
    "age_on",
    "certificate_kinds",
    "certificates_valid_on",
    "contribution_amount",
    "contribution_period_end",
    "dependant_eligibility",
    "identity_check",
    "photo_check",
    "rights_status",
    "rights_window",
]
