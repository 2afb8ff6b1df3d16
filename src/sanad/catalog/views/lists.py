"""The list pages of drugs, devices, long-term conditions, the benefit package, protocols and key letters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from sanad.catalog import forms, selectors
from sanad.catalog.views.common import list_page
from sanad.common.permissions import capability_required
from sanad.funds import active_profile


@login_required
@capability_required("catalog.view")
def drug_list(request):
    return list_page(
        request,
        form_class=forms.DrugSearchForm,
        template="catalog/drug_list.html",
        section="drugs",
        fetch=lambda f, day: selectors.drug_page(
            day=day,
            search=f.get("q", ""),
            direct_billing=f.get("direct_billing", False),
            long_term_only=f.get("long_term_only", False),
            costly=f.get("costly", False),
            after=f.get("after", ""),
        ),
    )


@login_required
@capability_required("catalog.view")
def device_list(request):
    return list_page(
        request,
        form_class=forms.DeviceSearchForm,
        template="catalog/device_list.html",
        section="devices",
        fetch=lambda f, day: selectors.device_page(
            day=day, search=f.get("q", ""), category=f.get("category", ""), after=f.get("after", "")
        ),
    )


@login_required
@capability_required("catalog.view")
def condition_list(request):
    return list_page(
        request,
        form_class=forms.ConditionSearchForm,
        template="catalog/condition_list.html",
        section="conditions",
        fetch=lambda f, day: selectors.condition_page(
            day=day, search=f.get("q", ""), after=f.get("after", "")
        ),
    )


@login_required
@capability_required("catalog.view")
def package_list(request):
    fund = active_profile().code
    return list_page(
        request,
        form_class=forms.PackageSearchForm,
        template="catalog/package_list.html",
        section="package",
        fetch=lambda f, day: selectors.package_page(
            fund=fund, day=day, kind=f.get("kind", ""), search=f.get("q", ""), after=f.get("after", "")
        ),
    )


@login_required
@capability_required("catalog.view")
def protocol_list(request):
    return list_page(
        request,
        form_class=forms.ProtocolSearchForm,
        template="catalog/protocol_list.html",
        section="protocols",
        fetch=lambda f, day: selectors.protocol_page(
            day=day, search=f.get("q", ""), after=f.get("after", "")
        ),
    )


@login_required
@capability_required("catalog.view")
def key_letter_list(request):
    return list_page(
        request,
        form_class=forms.KeyLetterSearchForm,
        template="catalog/key_letter_list.html",
        section="key_letters",
        every_period=True,
        fetch=lambda f, day: selectors.key_letter_page(
            letter=f.get("letter", ""), sector=f.get("sector", ""), day=day, after=f.get("after", "")
        ),
    )
