"""Correcting a payment from the member page, and the second person's approvals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.registry.forms import ContributionCorrectionForm, CorrectionDecisionForm
from sanad.registry.forms_enrollment import add_domain_error
from sanad.registry.models import Contribution, ContributionCorrection, CorrectionStatus
from sanad.registry.services.corrections import (
    contribution_correction_decide,
    contribution_correction_request,
)
from sanad.registry.views.members import member_page_render


def _applied_message(correction: ContributionCorrection) -> str:
    if correction.status == CorrectionStatus.PENDING:
        return _("The correction waits for a second person's approval: the payment stands until then.")
    return _("Payment corrected (%(what)s): the rights are recomputed and the member is told by SMS.") % {
        "what": correction.get_kind_display()
    }


@require_POST
@login_required
@capability_required("registry.enroll")
def contribution_correct(request: Any, pk: int):
    contribution = Contribution.objects.filter(pk=pk).first()
    if contribution is None:
        raise Http404
    form = ContributionCorrectionForm(request.POST, contribution=contribution)
    if form.is_valid():
        try:
            correction = contribution_correction_request(
                actor=request.user, contribution_id=contribution.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _applied_message(correction))
            return redirect("registry:member_detail", pk=contribution.member_id)
    messages.error(request, _("Please correct the errors below."))
    return member_page_render(request, contribution.member_id, status=400, correction_form=form)


@login_required
@capability_required("registry.review")
def correction_queue(request: Any):
    """The corrections above the profile's amount, waiting for a second person, oldest first."""
    pending = (
        ContributionCorrection.objects.filter(status=CorrectionStatus.PENDING)
        .select_related("contribution__member", "requested_by")
        .order_by("requested_at", "id")[:200]
    )
    return render(
        request, "registry/correction_queue.html", {"pending": pending, "form": CorrectionDecisionForm()}
    )


@require_POST
@login_required
@capability_required("registry.review")
def correction_decide(request: Any, pk: int):
    form = CorrectionDecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        correction = contribution_correction_decide(
            actor=request.user, correction_id=pk, approve=approve, note=form.cleaned_data.get("note", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if correction.status == CorrectionStatus.APPLIED:
            messages.success(request, _applied_message(correction))
        else:
            messages.success(request, _("Correction refused: the payment stands."))
    return redirect("registry:correction_queue")
