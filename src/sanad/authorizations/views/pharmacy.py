"""The fund's pharmacy page (seed 002, CNOPS): the approvals with drugs to hand over, what is left of each,
and the form that records a handing over. A fund without a pharmacy of its own has no such page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.authorizations.forms_pharmacy import DispenseForm, PharmacyFilterForm
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.selectors.pharmacy import pharmacy_queue
from sanad.authorizations.services.dispense import authorization_dispense
from sanad.authorizations.views.common import person_name
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile


def _pharmacy_check() -> None:
    if active_profile().authorization_requests.fund_pharmacy is None:
        raise Http404(_("The fund has no pharmacy of its own."))


@require_GET
@capability_required("authorizations.dispense")
def pharmacy(request: Any):
    _pharmacy_check()
    form = PharmacyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    rows = pharmacy_queue(
        reference=filters.get("reference", ""), registration_number=filters.get("registration_number", "")
    )
    for row in rows:
        req = row["request"]
        row["person"] = person_name(req.dependant or req.member)
        row["forms"] = [
            (drug, DispenseForm(prefix=drug.code, initial={"code": drug.code, "quantity": 1, "day": today}))
            for drug in row["drugs"]
            if drug.left
        ]
    return render(request, "authorizations/pharmacy.html", {"form": form, "rows": rows})


@require_POST
@capability_required("authorizations.dispense")
def pharmacy_dispense(request: Any, reference: str):
    _pharmacy_check()
    found = AuthorizationRequest.objects.filter(reference=reference).first()
    if found is None:
        raise Http404(_("No such request."))
    code = request.POST.get("drug", "")
    form = DispenseForm(request.POST, prefix=code)
    if not form.is_valid():
        messages.error(request, _("Give the quantity and the date of the handing over."))
    else:
        data = form.cleaned_data
        try:
            authorization_dispense(
                actor=request.user,
                request=found,
                code=data["code"],
                quantity=data["quantity"],
                day=data["day"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(quantity)s × %(code)s handed over for %(reference)s.")
                % {"quantity": data["quantity"], "code": data["code"], "reference": reference},
            )
    return redirect(f"{reverse('authorizations:pharmacy')}?{urlencode({'reference': reference})}")
