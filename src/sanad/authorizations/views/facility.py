"""The facility's pages: asking for a prior authorization (the beneficiary, the type, the type's form with
its papers), completing a returned request, answering the adviser's question. Views stay thin: forms
parse, services decide, selectors read and scope (another facility's request is not found)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanad.authorizations import forms, services
from sanad.authorizations.checklist import checklist_codes, dossier_group
from sanad.authorizations.selectors.register import register_holdings
from sanad.authorizations.statuses import BRANCH_CAPABILITY, Channel, RequestStatus
from sanad.authorizations.views.common import form_error, person_name, visible
from sanad.common.errors import DomainError
from sanad.common.permissions import can, capability_required
from sanad.funds import registration_number_normalize
from sanad.funds.active import active_profile
from sanad.providers.selectors import facility_of_user
from sanad.registry.models import Dependant, Member
from sanad.registry.rules import age_on
from sanad.registry.selectors import Beneficiary, rights_on_many


def _facility(request: Any):
    own = facility_of_user(user=request.user)
    if own is None:
        raise PermissionDenied("authorizations.submit")
    return own


def _acting_on(request: Any, reference: str) -> Any:
    """The request the user acts on as its filer: facility staff, or the branch counter for a request the
    insured filed at a branch (seed 004)."""
    found = visible(request, reference)
    branch = found.channel == Channel.BRANCH and can(request.user, BRANCH_CAPABILITY)
    if not (can(request.user, "authorizations.submit") or branch):
        raise PermissionDenied("authorizations.submit")
    return found


def _member(number: str) -> Member | None:
    number = registration_number_normalize(number or "")
    return (
        Member.objects.filter(registration_number=number, merged_into__isnull=True).first()
        if number
        else None
    )


def _types(profile: Any, facility: Any) -> list[Any]:
    """The types this facility may ask for (pharmacies ask their own)."""
    return [t for t in profile.authorization_requests.types if t.asked_by(facility.kind)]


@require_http_methods(["GET"])
@login_required
@capability_required("authorizations.submit")
def request_start(request: Any):
    """The beneficiary by registration number; then, for each person of the family, the types to ask."""
    facility = _facility(request)
    profile = active_profile()
    form = forms.StartForm(request.GET or None)
    family: list[dict[str, Any]] = []
    member = None
    if form.is_bound and form.is_valid():
        member = _member(form.cleaned_data["registration_number"])
        if member is None:
            form.add_error("registration_number", _("No insured person has this registration number."))
        else:
            today = timezone.localdate()
            people: list[Any] = [
                member,
                *Dependant.objects.filter(member=member).order_by("birth_date", "id"),
            ]
            whos = [Beneficiary.member(member.pk)] + [Beneficiary.dependant(p.pk) for p in people[1:]]
            rights = rights_on_many(on=today, beneficiaries=whos)
            for person, who in zip(people, whos, strict=True):
                family.append(
                    {
                        "name": person_name(person),
                        "relationship": person.get_relationship_display()
                        if isinstance(person, Dependant)
                        else _("Insured person"),
                        "dependant": person.pk if isinstance(person, Dependant) else "",
                        "rights": rights[who],
                    }
                )
    context = {
        "form": form,
        "member": member,
        "family": family,
        "types": _types(profile, facility),
        "facility": facility,
    }
    return render(request, "authorizations/start.html", context, status=400 if form.errors else 200)


def _beneficiary(request: Any) -> tuple[Member, Dependant | None]:
    member = _member(request.GET.get("member", ""))
    if member is None:
        raise Http404(_("No insured person has this registration number."))
    dependant_id = request.GET.get("dependant", "")
    if not dependant_id:
        return member, None
    dependant = (
        Dependant.objects.filter(pk=dependant_id, member=member).first() if dependant_id.isdigit() else None
    )
    if dependant is None:
        raise Http404(_("No such dependant of this insured person."))
    return member, dependant


def _papers(profile: Any, request_type: Any, member: Member, dependant: Dependant | None) -> list[Any]:
    """Every paper the request may need (those its answers call for included), less those the register
    holds: one upload each on the form."""
    today = timezone.localdate()
    group = None
    if dependant is not None:
        age = age_on(dependant.birth_date, today)
        group = dossier_group(
            profile, relationship=dependant.relationship, age=age, disabled=dependant.disabled
        )
    codes = checklist_codes(profile, request_type, {}, group)
    for conditional in request_type.conditional_documents:
        codes.extend(code for code in conditional.documents if code not in codes)
    catalogue = profile.authorization_requests
    documents = [catalogue.document(code) for code in codes]
    held = register_holdings(member=member, dependant=dependant, on=today, documents=documents)
    return [document for document in documents if document.code not in held]


def _outcome_message(request: Any, created: Any) -> None:
    if created.status == RequestStatus.RETURNED:
        messages.warning(
            request, _("The request is incomplete: it is returned with the list of missing papers.")
        )
    elif created.status == RequestStatus.PENDING:
        due = date_format(timezone.localtime(created.due_at), "d/m/Y H:i")
        messages.success(request, _("Request received. The answer is due by %(due)s.") % {"due": due})
    elif created.status == RequestStatus.APPROVED:
        messages.success(request, _("Request approved at once by the fund's rule."))
    else:
        messages.error(request, _("Request refused: see the reason below."))


@require_http_methods(["GET", "POST"])
@login_required
@capability_required("authorizations.submit")
def request_new(request: Any, request_type: str):
    """The type's form for the member (`?member=<registration number>`) or one of their dependants."""
    facility = _facility(request)
    profile = active_profile()
    try:
        chosen = profile.authorization_requests.type(request_type)
    except KeyError:
        raise Http404(_("Choose a type of request.")) from None
    if chosen not in _types(profile, facility):
        raise PermissionDenied("authorizations.submit")
    member, dependant = _beneficiary(request)
    options = {
        "catalogue": profile.authorization_requests,
        "request_type": chosen,
        "documents": _papers(profile, chosen, member, dependant),
    }
    if request.method == "GET":
        form = forms.RequestForm(**options)
    else:
        form = forms.RequestForm(request.POST, request.FILES, **options)
        if form.is_valid():
            data = form.request_input(facility_id=facility.pk, member=member, dependant=dependant)
            try:
                created = services.authorization_submit(actor=request.user, data=data)
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
        "facility": facility,
    }
    return render(request, "authorizations/request_form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def request_documents(request: Any, reference: str):
    """The facility (or the branch counter, for a request filed there) adds papers; a returned request is
    checked again at once."""
    found = _acting_on(request, reference)
    profile = active_profile()
    codes = [item["code"] for item in found.checklist]
    catalogue = profile.authorization_requests
    form = forms.DocumentsForm(request.POST, request.FILES, documents=[catalogue.document(c) for c in codes])
    if form.is_valid():
        try:
            changed = services.authorization_documents_add(
                actor=request.user, request=found, documents=form.uploads()
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            _outcome_message(request, changed)
    else:
        messages.error(request, _("Only a PDF, JPEG or PNG file is accepted."))
    return redirect("authorizations:request_detail", reference=found.reference)


@require_POST
@login_required
def request_answer(request: Any, reference: str):
    """The facility (or the branch counter) answers the adviser's question: the clock runs again."""
    found = _acting_on(request, reference)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.authorization_information_answer(
                actor=request.user, request=found, answer=form.cleaned_data["answer"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your answer was sent to the medical adviser."))
    else:
        messages.error(request, _("Write the answer to the adviser."))
    return redirect("authorizations:request_detail", reference=found.reference)
