"""Detail pages: every version of a drug, device, condition, package entry, protocol or key-letter value,
with the change history of each version."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404

from sanad.catalog import selectors
from sanad.catalog.models import (
    BenefitPackageEntry,
    Device,
    Drug,
    KeyLetterValue,
    LongTermCondition,
    TreatmentProtocol,
)
from sanad.catalog.views.common import detail_page
from sanad.common.permissions import capability_required
from sanad.common.vocabulary import Sector
from sanad.funds import active_profile


def _currency(versions):
    return {"currency": active_profile().currency}


@login_required
@capability_required("catalog.view")
def drug_detail(request, code: str):
    return detail_page(
        request,
        model=Drug,
        series={"code": code},
        template="catalog/drug_detail.html",
        section="drugs",
        extra=_currency,
    )


@login_required
@capability_required("catalog.view")
def device_detail(request, code: str):
    return detail_page(
        request,
        model=Device,
        series={"code": code},
        template="catalog/device_detail.html",
        section="devices",
        extra=_currency,
    )


@login_required
@capability_required("catalog.view")
def condition_detail(request, code: str):
    return detail_page(
        request,
        model=LongTermCondition,
        series={"code": code},
        template="catalog/condition_detail.html",
        section="conditions",
    )


@login_required
@capability_required("catalog.view")
def package_detail(request, fund: str, code: str):
    return detail_page(
        request,
        model=BenefitPackageEntry,
        series={"fund": fund, "code": code},
        template="catalog/package_detail.html",
        section="package",
    )


@login_required
@capability_required("catalog.view")
def protocol_detail(request, diagnosis: str):
    def expected(versions):
        # Each expected code links to its act, drug or device when the catalog knows it.
        kinds = selectors.code_kinds(codes=sorted({code for v in versions for code in v.expected_codes}))
        for version in versions:
            version.expected_items = [(code, kinds.get(code)) for code in version.expected_codes]
        return {}

    return detail_page(
        request,
        model=TreatmentProtocol,
        series={"diagnosis": diagnosis},
        template="catalog/protocol_detail.html",
        section="protocols",
        extra=expected,
    )


@login_required
@capability_required("catalog.view")
def key_letter_detail(request, letter: str, sector: str):
    """`sector` is a sector, or `all` for the value of every sector that has none of its own."""
    if sector != selectors.EVERY_SECTOR and sector not in Sector.values:
        raise Http404(sector)
    stored = "" if sector == selectors.EVERY_SECTOR else sector
    return detail_page(
        request,
        model=KeyLetterValue,
        series={"letter": letter, "sector": stored},
        template="catalog/key_letter_detail.html",
        section="key_letters",
        extra=_currency,
    )
