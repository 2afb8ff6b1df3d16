"""The medical review page: the adviser reads the file against the protocol and decides every line."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.claims.services.review import billing_file_review
from sanad.claims.statuses import FileStatus
from sanad.claims.views.review_context import file_context
from sanad.claims.views.review_file import record_or_404
from sanad.claims.views.review_forms import ReviewForm, add_domain_error
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required


def _render(request: Any, context: dict[str, Any], form: ReviewForm, status: int = 200):
    for row in context["lines"]:
        row["fields"] = form.line_fields(row["line"].pk) if row["outcome"] else None
    context.update(form=form)
    return render(request, "claims/review/review.html", context, status=status)


@login_required
@capability_required("claims.review")
def review_file(request: Any, pk: int):
    today = timezone.localdate()
    record = record_or_404(request, pk)
    context = file_context(user=request.user, record=record, today=today)
    decision = record.decision
    outcomes = list(decision.lines.all()) if decision else []
    if record.billing_file.status != FileStatus.MEDICAL_REVIEW or decision is None:
        messages.info(request, _("This file is not waiting for a medical review."))
        return redirect("claims:fund_file", pk=pk)
    if request.method != "POST":
        return _render(request, context, ReviewForm(outcomes=outcomes))
    form = ReviewForm(request.POST, outcomes=outcomes)
    if form.is_valid():
        try:
            billing_file_review(
                actor=request.user, file_id=pk, lines=form.reviews(), note=form.cleaned_data["note"], on=today
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect("claims:fund_review_queue")
    messages.error(request, _("The review was not recorded: see the messages below."))
    return _render(request, context, form, status=400)
