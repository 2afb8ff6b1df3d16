"""The facility's batches of requests (seed 002, CNOPS oncology centres): tick the requests awaiting a
decision, hand them in, and take the fund's numbered receipt on the spot."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanad.authorizations.forms_pharmacy import BatchForm
from sanad.authorizations.models import RequestBatch
from sanad.authorizations.selectors.batches import batch_receipt_pdf, batches_of, requests_to_batch
from sanad.authorizations.services.batches import authorization_batch_hand_in
from sanad.authorizations.views.common import form_error, person_name
from sanad.authorizations.views.facility import _facility
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile


@require_http_methods(["GET", "POST"])
@capability_required("authorizations.submit")
def batches(request: Any):
    facility = _facility(request)
    waiting = list(requests_to_batch(facility=facility))
    choices = [(r.reference, r.reference) for r in waiting]
    form = BatchForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            batch = authorization_batch_hand_in(
                actor=request.user, references=form.cleaned_data["references"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Batch %(number)s handed in: take its receipt.") % {"number": batch.number}
            )
            return redirect("authorizations:batches")
    context = {
        "form": form,
        "waiting": [{"request": r, "person": person_name(r.dependant or r.member)} for r in waiting],
        "batches": batches_of(facility=facility),
        "limit": active_profile().authorizations.request_batch_max,
    }
    return render(request, "authorizations/batches/list.html", context, status=400 if form.errors else 200)


@require_GET
@capability_required("authorizations.submit")
def batch_receipt(request: Any, number: str):
    """The receipt of one of the facility's batches, as PDF (another facility's batch is not found)."""
    batch = RequestBatch.objects.filter(number=number, facility=_facility(request)).first()
    if batch is None:
        raise Http404(_("No such batch."))
    response = HttpResponse(batch_receipt_pdf(batch=batch), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{batch.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
