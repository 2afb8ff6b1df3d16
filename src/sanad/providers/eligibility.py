"""Who may ask for an agreement, and who gets direct billing automatically: all from the fund profile."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sanad.funds.types import FundProfile


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    field: str | None = None
    message: str = ""


def agreement_eligibility(*, profile: FundProfile, facility) -> Eligibility:
    """A facility may ask for an agreement when its sector and kind are among the profile's eligible ones
    and it has a permanent mission of curative or preventive care or rehabilitation."""
    rules = profile.agreements
    if facility.sector not in rules.eligible_sectors:
        return Eligibility(
            False,
            "sector",
            _("Facilities of the %(sector)s sector cannot ask for an agreement.")
            % {"sector": facility.get_sector_display()},
        )
    if facility.kind not in rules.eligible_facility_kinds:
        return Eligibility(
            False,
            "kind",
            _("A %(kind)s cannot ask for an agreement.") % {"kind": facility.get_kind_display()},
        )
    if not facility.has_permanent_mission:
        return Eligibility(
            False,
            "mission",
            _("Only facilities with a permanent mission of curative or preventive care or rehabilitation."),
        )
    return Eligibility(True)


def direct_billing_is_automatic(*, profile: FundProfile, facility) -> bool:
    """University, State and military hospitals (the profile's list) are admitted to direct billing
    automatically, in the public sector only."""
    return facility.kind in profile.agreements.direct_billing_automatic and facility.sector == "public"


def direct_billing_may_apply(*, profile: FundProfile, facility) -> bool:
    """Private clinics, dialysis and eye centres (the profile's list) apply for direct billing."""
    return facility.kind in profile.agreements.direct_billing_applicants
