"""The act list and an act's detail: versions, price history and change history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from sanad.catalog import selectors
from sanad.catalog.forms import ActSearchForm
from sanad.catalog.models import Act
from sanad.catalog.views.common import detail_page, list_page
from sanad.common.permissions import capability_required
from sanad.funds import active_profile


@login_required
@capability_required("catalog.view")
def act_list(request):
    return list_page(
        request,
        form_class=ActSearchForm,
        template="catalog/act_list.html",
        section="acts",
        fetch=lambda f, day: selectors.act_page(
            day=day, search=f.get("q", ""), category=f.get("category", ""), after=f.get("after", "")
        ),
    )


@login_required
@capability_required("catalog.view")
def act_detail(request, code: str):
    return detail_page(
        request,
        model=Act,
        series={"code": code},
        template="catalog/act_detail.html",
        section="acts",
        extra=lambda versions: {
            "act": versions[-1],
            "price_history": selectors.act_price_history(code=code, versions=versions),
            "currency": active_profile().currency,
        },
    )
