"""The appeal of a refusal or an approval with reserve, filed from the request's page by the facility's
staff or, for the insured person, by a counter agent at a branch."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.authorizations import services
from sanad.authorizations.forms_appeals import AppealForm
from sanad.authorizations.statuses import BRANCH_CAPABILITY
from sanad.authorizations.views.common import form_error, visible
from sanad.authorizations.views.detail import appeal_papers, detail_page
from sanad.common.errors import DomainError
from sanad.common.permissions import can
from sanad.funds.active import active_profile


def may_appeal(user: Any) -> bool:
    """The facility's staff (for its own requests, as `visible` scopes them) or a branch counter agent."""
    return can(user, "authorizations.submit") or can(user, BRANCH_CAPABILITY)


@require_POST
@login_required
def request_appeal(request: Any, reference: str):
    """File the appeal; a broken rule shows the request again with the form and its message."""
    found = visible(request, reference)
    if not may_appeal(request.user):
        raise PermissionDenied("authorizations.submit")
    form = AppealForm(request.POST, request.FILES, documents=appeal_papers(active_profile(), found))
    if form.is_valid():
        try:
            services.authorization_appeal_file(
                actor=request.user,
                request=found,
                reason=form.cleaned_data["reason"],
                documents=form.uploads(),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Appeal filed: another medical adviser will look at the request again.")
            )
            return redirect("authorizations:request_detail", reference=found.reference)
    messages.error(request, _("Please correct the errors below."))
    return detail_page(request, found, bound={"appeal": form}, status=400)
