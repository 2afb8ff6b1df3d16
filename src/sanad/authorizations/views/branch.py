"""The branch counter's page (seed 004, CNSS): the insured person brings the prior-approval request with the
care sheet signed and stamped by every provider; the counter agent keys it in for them, naming the facility
that gives the care. Shown only where the profile accepts branch filing."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanad.authorizations import forms, services
from sanad.authorizations.services.branch import may_file_at_branch
from sanad.authorizations.views.common import form_error, person_name
from sanad.authorizations.views.facility import _beneficiary, _member, _outcome_message, _papers
from sanad.common.errors import DomainError
from sanad.funds.active import active_profile
from sanad.providers.models import Facility


class BranchRequestForm(forms.RequestForm):
    """The type's form, with the facility that gives the care (its code, as on the care sheet's stamp)."""

    facility_code = django_forms.CharField(
        label=gettext_lazy("Code of the facility giving the care"), max_length=32
    )

    def clean_facility_code(self) -> Facility:
        code = self.cleaned_data["facility_code"].strip().upper()
        facility = Facility.objects.filter(code=code).exclude(kind="pharmacy").first()
        if facility is None:
            raise django_forms.ValidationError(_("No facility has this code."))
        return facility


def _allowed(request: Any) -> Any:
    profile = active_profile()
    if profile.authorization_requests.branch_filing is None:
        raise Http404(_("This fund takes prior-approval requests from the facilities only."))
    if not may_file_at_branch(request.user, profile):
        raise PermissionDenied("authorizations.branch")
    return profile


@require_http_methods(["GET"])
@login_required
def branch_start(request: Any):
    """The insured person by registration number, and the types of request filed at a branch."""
    profile = _allowed(request)
    form = forms.StartForm(request.GET or None)
    member = None
    if form.is_bound and form.is_valid():
        member = _member(form.cleaned_data["registration_number"])
        if member is None:
            form.add_error("registration_number", _("No insured person has this registration number."))
    filing = profile.authorization_requests.branch_filing
    context = {
        "form": form,
        "member": member,
        "person": person_name(member) if member else "",
        "types": [profile.authorization_requests.type(code) for code in filing.request_types],
    }
    return render(request, "authorizations/branch/start.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def branch_new(request: Any, request_type: str):
    """The type's form for the member (`?member=<registration number>`) or a dependant, filed at a branch."""
    profile = _allowed(request)
    filing = profile.authorization_requests.branch_filing
    if request_type not in filing.request_types:
        raise Http404(_("Choose a type of request."))
    chosen = profile.authorization_requests.type(request_type)
    member, dependant = _beneficiary(request)
    documents = _papers(profile, chosen, member, dependant)
    codes = {d.code for d in documents}
    catalogue = profile.authorization_requests
    documents += [catalogue.document(code) for code in filing.documents if code not in codes]
    options = {"catalogue": catalogue, "request_type": chosen, "documents": documents}
    form = BranchRequestForm(request.POST or None, request.FILES or None, **options)
    if request.method == "POST" and form.is_valid():
        facility_id = form.cleaned_data["facility_code"].pk
        data = form.request_input(facility_id=facility_id, member=member, dependant=dependant)
        try:
            created = services.authorization_branch_file(actor=request.user, data=data)
        except DomainError as error:
            form_error(form, error)
        else:
            _outcome_message(request, created)
            return redirect("authorizations:request_detail", reference=created.reference)
    context = {
        "form": form,
        "request_type": chosen,
        "member": member,
        "person": person_name(dependant or member),
        "branch": True,
    }
    return render(request, "authorizations/request_form.html", context, status=400 if form.errors else 200)
