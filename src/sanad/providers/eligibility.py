"""Who may ask for an agreement, and who gets direct billing automatically: all from the fund profile.

A facility turned away is told why in plain words that name its kind and its sector, before anything is
recorded (issue 15: an ineligible facility asking for an agreement is told why at once).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sanad.common.vocabulary import FacilityKind, Sector
from sanad.funds.types import FundProfile


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    field: str | None = None
    message: str = ""


def _labels(facility) -> dict[str, str]:
    return {"kind": facility.get_kind_display(), "sector": facility.get_sector_display()}


def _sector_names(codes) -> str:
    return ", ".join(str(Sector(code).label) for code in codes)


def _kind_names(codes) -> str:
    return ", ".join(str(FacilityKind(code).label) for code in codes)


def agreement_eligibility(*, profile: FundProfile, facility) -> Eligibility:
    """A facility may ask for an agreement when its sector and kind are among the profile's eligible ones
    and it has a permanent mission of curative or preventive care or rehabilitation (seed 001)."""
    rules = profile.agreements
    words = _labels(facility)
    if facility.sector not in rules.eligible_sectors:
        words["sectors"] = _sector_names(rules.eligible_sectors)
        return Eligibility(
            False,
            "sector",
            _(
                "Kind: %(kind)s; sector: %(sector)s. The fund takes requests for an agreement only from "
                "facilities of these sectors: %(sectors)s."
            )
            % words,
        )
    if facility.kind not in rules.eligible_facility_kinds:
        return Eligibility(
            False,
            "kind",
            _(
                "Kind: %(kind)s; sector: %(sector)s. The fund takes no request for an agreement from this "
                "kind of facility."
            )
            % words,
        )
    if not facility.has_permanent_mission:
        return Eligibility(
            False,
            "mission",
            _(
                "Kind: %(kind)s; sector: %(sector)s. The fund takes requests for an agreement only from "
                "facilities with a permanent mission of curative or preventive care or rehabilitation, "
                "and none is recorded for this one."
            )
            % words,
        )
    return Eligibility(True)


def direct_billing_is_automatic(*, profile: FundProfile, facility) -> bool:
    """University, State and military hospitals (the profile's list) are admitted to direct billing
    automatically, in the public sector only (seed 002)."""
    return facility.kind in profile.agreements.direct_billing_automatic and facility.sector == Sector.PUBLIC


def direct_billing_may_apply(*, profile: FundProfile, facility) -> bool:
    """Private clinics, dialysis and eye centres (the profile's list) apply for direct billing (seed 002)."""
    return facility.kind in profile.agreements.direct_billing_applicants


def direct_billing_eligibility(*, profile: FundProfile, facility) -> Eligibility:
    """Whether the facility may apply for direct billing, and if not, why, naming its kind and sector: the
    profile's applicant kinds apply; the hospitals it admits automatically need no application."""
    words = _labels(facility)
    if direct_billing_is_automatic(profile=profile, facility=facility):
        return Eligibility(
            False,
            "kind",
            _(
                "Kind: %(kind)s; sector: %(sector)s. This facility is admitted to direct billing "
                "automatically, without an application."
            )
            % words,
        )
    if direct_billing_may_apply(profile=profile, facility=facility):
        return Eligibility(True)
    applicants = profile.agreements.direct_billing_applicants
    if not applicants:
        return Eligibility(
            False,
            "kind",
            _("Kind: %(kind)s; sector: %(sector)s. The fund takes no application for direct billing.")
            % words,
        )
    words["kinds"] = _kind_names(applicants)
    return Eligibility(
        False,
        "kind",
        _(
            "Kind: %(kind)s; sector: %(sector)s. Only these kinds of facility apply for direct billing "
            "with the fund: %(kinds)s."
        )
        % words,
    )


def direct_billing_admission(*, profile: FundProfile, facility) -> Eligibility:
    """Whether the facility is admitted to direct billing automatically, and if not, why."""
    if direct_billing_is_automatic(profile=profile, facility=facility):
        return Eligibility(True)
    words = _labels(facility)
    automatic = profile.agreements.direct_billing_automatic
    if not automatic:
        message = _(
            "Kind: %(kind)s; sector: %(sector)s. The fund admits no facility to direct billing automatically."
        )
    else:
        words["kinds"] = _kind_names(automatic)
        message = _(
            "Kind: %(kind)s; sector: %(sector)s. The fund admits to direct billing automatically only "
            "these kinds of facility, in the public sector: %(kinds)s."
        )
    return Eligibility(False, "kind", message % words)
