"""The lists the reimbursement form offers in place of typed codes: the facilities whose care the fund
reimburses to the insured (by code and name in the reader's language, grouped by region), and the labels of
the acts, drugs and devices a file bills."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from sanad.catalog.models import Act, Device, Drug
from sanad.common.vocabulary import Sector
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.models import DirectBillingAccess, Facility
from sanad.providers.statuses import DirectBillingStatus, FacilityNetworkStatus

FACILITY_FIND_LIMIT = 50  # facilities a search shows at most: a short list to choose from


@dataclass(frozen=True, slots=True)
class FacilityChoice:
    """A facility as the form lists it: its code first, then its name in the reader's language."""

    code: str
    name_fr: str
    name_ar: str
    region: str

    def label(self, language: str) -> str:
        name = self.name_ar if language == "ar" and self.name_ar else self.name_fr
        return f"{self.code} · {name}"


def _choices(rows: Iterable[tuple[str, str, str, str]]) -> list[FacilityChoice]:
    return [FacilityChoice(code, fr, ar or "", region) for code, fr, ar, region in rows]


# A facility that billed the fund directly at some time (under agreement, or with direct-billing access,
# since suspended or ended or not): the service checks it did on the date of care (`facility_can_bill`).
_BILLED_DIRECTLY = (
    FacilityNetworkStatus.ACTIVE,
    FacilityNetworkStatus.SUSPENDED,
    FacilityNetworkStatus.TERMINATED,
)
_ACCESS_GIVEN = (DirectBillingStatus.GRANTED, DirectBillingStatus.SUSPENDED, DirectBillingStatus.TERMINATED)


def _reimbursed_at(profile: FundProfile) -> Q:
    """The facilities whose care the profile reimburses to the insured: private ones where the patient pays
    first there, those that bill the fund directly where care below the threshold is the insured's."""
    rules = profile.claims
    where = Q(pk__in=[])
    if rules.patient_pays_first_in_private:
        where |= Q(sector=Sector.PRIVATE)
    if rules.reimburses_below_direct_billing_threshold:
        access = DirectBillingAccess.objects.filter(facility=OuterRef("pk"), status__in=_ACCESS_GIVEN)
        where |= Q(network_status__in=_BILLED_DIRECTLY) | Q(Exists(access))
    return where


def reimbursement_facilities(
    *, text: str = "", limit: int | None = None, profile: FundProfile | None = None
) -> list[FacilityChoice]:
    """The facilities of the network list whose care the fund reimburses to an insured person who paid it
    (the cases of the profile's `claims.insured_reimbursed_for`, as `reimbursement_facility_check` rules),
    by region and code; with `text`, those whose code starts with it or whose French or Arabic name holds
    it. One query."""
    rows = Facility.objects.filter(_reimbursed_at(profile or active_profile()))
    text = text.strip()
    if text:
        rows = rows.filter(
            Q(code__istartswith=text) | Q(name_fr__icontains=text) | Q(name_ar__icontains=text)
        )
    rows = rows.order_by("region", "code").values_list("code", "name_fr", "name_ar", "region")
    return _choices(rows[:limit] if limit else rows)


def care_labels(*, items: Iterable[tuple[str, str]], language: str) -> dict[tuple[str, str], str]:
    """The label of each (kind, code) of acts, drugs and devices, in the reader's language where the
    catalog has it (any version of the code: a file's lines keep their code). At most three queries."""
    wanted: dict[str, set[str]] = {}
    for kind, code in items:
        wanted.setdefault(kind, set()).add(code)
    labels: dict[tuple[str, str], str] = {}
    if wanted.get("act"):
        for code, fr, ar in Act.objects.filter(code__in=wanted["act"]).values_list(
            "code", "label_fr", "label_ar"
        ):
            labels[("act", code)] = ar if language == "ar" and ar else fr
    if wanted.get("drug"):
        for code, name, strength, form in Drug.objects.filter(code__in=wanted["drug"]).values_list(
            "code", "name", "strength", "form"
        ):
            labels[("drug", code)] = " ".join(part for part in (name, strength, form) if part)
    if wanted.get("device"):
        for code, fr, ar in Device.objects.filter(code__in=wanted["device"]).values_list(
            "code", "label_fr", "label_ar"
        ):
            labels[("device", code)] = ar if language == "ar" and ar else fr
    return labels
