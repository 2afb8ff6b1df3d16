"""The facility: agreement and direct-billing access on the date, kind and level allowed for the act."""

from __future__ import annotations

from datetime import date

from sanad.adjudication.codes import Reason
from sanad.adjudication.dates import covered
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import Facility
from sanad.adjudication.reference import CatalogItem

AGREEMENT_RULE = "facility_agreement"
ALLOWED_RULE = "facility_allowed"


def check_agreement(
    facility: Facility, day: date, agreement_required: bool, payee_is_facility: bool
) -> Finding | None:
    """Where the profile requires it, care is covered only in a facility under agreement on the date of
    service; and a file paid to the facility (direct billing) needs direct-billing access on that date.

    Source: 000_* ("formations sanitaires conventionnées", tiers payant), 001_* (agreement), 002_* (CNOPS
    direct-billing access: clinics, dialysis and eye centres on request, public hospitals automatically).
    """
    if agreement_required and not covered(facility.agreements, day):
        return finding(Reason.FACILITY_NOT_AGREED, AGREEMENT_RULE, facility=facility.id, date=day)
    if payee_is_facility and not covered(facility.direct_billing, day):
        return finding(Reason.NO_DIRECT_BILLING_ACCESS, AGREEMENT_RULE, facility=facility.id, date=day)
    return None


def check_facility_allowed(item: CatalogItem, facility: Facility) -> Finding | None:
    """An act may be billed only by the kinds of facility listed for it and within its pyramid levels.

    Source: 000_* (care given per the pyramid and national protocols); kinds and levels from the catalogue.
    """
    kinds = item.facility_kinds
    if kinds is not None and facility.kind not in kinds:
        return finding(
            Reason.FACILITY_KIND_NOT_ALLOWED,
            ALLOWED_RULE,
            code=item.code,
            kind=facility.kind,
            allowed=", ".join(sorted(kinds)),
        )
    level = facility.level
    low, high = item.min_level, item.max_level
    if (low is not None and level < low) or (high is not None and level > high):
        return finding(
            Reason.FACILITY_LEVEL_NOT_ALLOWED,
            ALLOWED_RULE,
            code=item.code,
            level=level,
            min_level="-" if low is None else low,
            max_level="-" if high is None else high,
        )
    return None
