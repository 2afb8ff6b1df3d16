"""The share of an eligible cost that the fund pays."""

from __future__ import annotations

from decimal import Decimal

from sanad.funds.types import FundProfile


def coverage_rate(
    profile: FundProfile, care_type: str, sector: str, long_term: bool = False, is_drug: bool = False
) -> Decimal:
    """A drug is covered at the drug rate, other care at its care type's rate in the facility's sector,
    and care for a long-term condition at the higher of that rate and the long-term rate.

    Raises KeyError for a care type or sector the profile does not know.
    """
    rates = profile.coverage
    # Looked up even for drugs so that a wrong care type or sector never passes silently.
    base = rates.rate(care_type, sector)
    if is_drug:
        base = rates.drug_rate
    return max(base, rates.long_term_rate) if long_term else base
