"""Correcting a payment from the member page, and the second person's approvals: the corrections waiting
for one, filtered by kind and day requested, paged by key and exported as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanad.common.errors import DomainError
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import can, capability_required
from sanad.registry.forms import ContributionCorrectionForm, CorrectionDecisionForm, DateInput
from sanad.registry.forms_enrollment import add_domain_error
from sanad.registry.models import Contribution, ContributionCorrection, CorrectionKind, CorrectionStatus
from sanad.registry.selectors.corrections import CorrectionFilters, correction_list, corrections_export
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


class CorrectionFilterForm(forms.Form):
    """The corrections waiting for approval: by kind and by the days they were requested."""

    kind = forms.ChoiceField(label=gettext_lazy("Correction"), required=False)
    requested_from = forms.DateField(label=gettext_lazy("Requested from"), widget=DateInput, required=False)
    requested_to = forms.DateField(label=gettext_lazy("Requested until"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", gettext_lazy("All corrections")), *CorrectionKind.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("requested_from"), data.get("requested_to")
        if start and end and end < start:
            self.add_error("requested_to", gettext_lazy("The end of the period comes before its start."))
        return data

    def filters(self) -> CorrectionFilters:
        """The selector's filters; a form with errors filters nothing (its errors show by their fields)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return CorrectionFilters(
            kind=data.get("kind") or "",
            requested_from=data.get("requested_from"),
            requested_to=data.get("requested_to"),
        )


EXPORT_HEADER = (
    gettext_lazy("Registration number"),
    gettext_lazy("Name"),
    gettext_lazy("Receipt number"),
    gettext_lazy("Paid on"),
    gettext_lazy("Amount"),
    gettext_lazy("Currency"),
    gettext_lazy("Correction"),
    gettext_lazy("Correct payment date"),
    gettext_lazy("Refund reference"),
    gettext_lazy("Reason"),
    gettext_lazy("Asked by"),
    gettext_lazy("Requested at"),
)


def _export_row(correction: Any) -> list[Any]:
    contribution = correction.contribution
    asked = correction.requested_by
    return [
        contribution.member.registration_number,
        contribution.member.full_name,
        contribution.receipt_number,
        contribution.paid_on,
        contribution.amount,
        contribution.currency,
        correction.get_kind_display(),
        correction.paid_on,
        correction.refund_reference,
        correction.reason,
        (asked.get_full_name() or asked.username) if asked is not None else "",
        correction.requested_at,
    ]


@login_required
@capability_required("registry.review")
def correction_queue(request: Any):
    """The corrections above the profile's amount, waiting for a second person, oldest first;
    `?export=csv|xlsx` downloads the filtered list."""
    form = CorrectionFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(c) for c in corrections_export(user=request.user, filters=filters))
        title = _("Payment corrections to approve")
        return export_response(
            fmt=fmt, title=title, header=EXPORT_HEADER, rows=rows, day=timezone.localdate()
        )
    page = correction_list(
        user=request.user,
        filters=filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    context = {
        "filter_form": form,
        "form": CorrectionDecisionForm(),
        "page": page,
        "pending": page.rows,
        "query": filter_query(request.GET),
        # A person's name leads to the member's page for those who may read the register.
        "may_read_register": can(request.user, "registry.view"),
        **export_links(request.GET),
    }
    return render(request, "registry/correction_queue.html", context)


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
