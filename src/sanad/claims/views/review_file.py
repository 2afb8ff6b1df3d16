"""The fund-side page of a billing file (claims.view; never facility staff), the checker's actions on it
and its supporting documents, served through the permission check only (never from MEDIA_URL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanad.claims.selectors.files import billing_file_record
from sanad.claims.services.check import (
    billing_file_info_request,
    billing_file_reject,
    billing_file_route_medical_review,
    billing_file_validate,
)
from sanad.claims.services.conditions import condition_recognize_for_file
from sanad.claims.views.review_context import file_context
from sanad.claims.views.review_forms import (
    ConditionForm,
    InfoRequestForm,
    NoteForm,
    RejectForm,
    add_domain_error,
)
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import capability_required


@dataclass(frozen=True)
class Action:
    title: Any
    form: type
    run: Callable[..., Any]  # (actor, file id, cleaned data, today) → the result
    done: Any  # the message once done


ACTIONS: dict[str, Action] = {
    "request": Action(
        gettext_lazy("Ask the facility for documents"),
        InfoRequestForm,
        lambda u, pk, d, on: billing_file_info_request(
            actor=u, file_id=pk, documents=d["documents"], message=d["message"], on=on
        ),
        gettext_lazy("The request for documents is recorded; the processing clock runs on."),
    ),
    "medical-review": Action(
        gettext_lazy("Pass to the medical review"),
        NoteForm,
        lambda u, pk, d, on: billing_file_route_medical_review(actor=u, file_id=pk, note=d["note"], on=on),
        gettext_lazy("The file is passed to the medical review."),
    ),
    "validate": Action(
        gettext_lazy("Validate"),
        NoteForm,
        lambda u, pk, d, on: billing_file_validate(actor=u, file_id=pk, note=d["note"], on=on),
        gettext_lazy("The file is validated, ready for settlement."),
    ),
    # The medical adviser's: a long-term condition of the file's beneficiary, for the files decided next.
    "condition": Action(
        gettext_lazy("Recognize a long-term condition"),
        ConditionForm,
        lambda u, pk, d, on: condition_recognize_for_file(
            actor=u, file_id=pk, code=d["code"], valid_from=d["valid_from"], valid_to=d["valid_to"], on=on
        ),
        gettext_lazy(
            "The long-term condition is recognized: files decided from now on are paid at its rate."
        ),
    ),
    "reject": Action(
        gettext_lazy("Reject the file"),
        RejectForm,
        lambda u, pk, d, on: billing_file_reject(
            actor=u, file_id=pk, reason=d["reason"], note=d["note"], on=on
        ),
        gettext_lazy("The file is rejected."),
    ),
}


def record_or_404(request: Any, pk: int):
    try:
        return billing_file_record(user=request.user, file_id=pk)
    except DomainError as error:
        if error.code == ErrorCode.FORBIDDEN:
            raise PermissionDenied from error
        raise Http404(error.message) from error


def _page(request: Any, pk: int, *, bound: dict[str, Any] | None = None, status: int = 200):
    today = timezone.localdate()
    context = file_context(user=request.user, record=record_or_404(request, pk), today=today)
    bound = bound or {}
    context["actions"] = [
        {"name": name, "title": action.title, "form": bound.get(name) or action.form(prefix=name)}
        for name, action in ACTIONS.items()
        if name != "condition"
    ]
    context["request_form"] = bound.get("request") or InfoRequestForm(prefix="request")
    context["condition_form"] = bound.get("condition") or ConditionForm(prefix="condition")
    return render(request, "claims/review/file.html", context, status=status)


@login_required
@capability_required("claims.view")
def file_detail(request: Any, pk: int):
    return _page(request, pk)


@require_POST
@login_required
@capability_required("claims.view")
def file_action(request: Any, pk: int, action: str):
    """A checker's action on the file (the adviser may also ask for documents); the service decides who
    may do what in which status."""
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404(action)
    form = chosen.form(request.POST, prefix=action)
    if form.is_valid():
        try:
            chosen.run(request.user, pk, form.cleaned_data, timezone.localdate())
        except DomainError as error:
            if error.code == ErrorCode.NOT_FOUND:
                raise Http404(error.message) from error
            add_domain_error(form, error)
        else:
            messages.success(request, str(chosen.done))
            return redirect("claims:fund_file", pk=pk)
    messages.error(request, _("The action was not done: see the message below."))
    return _page(request, pk, bound={action: form}, status=400)
