"""Enrollment at the counter, step by step: the person, identity documents, dependants, review.

Each step checks what it collects and shows errors next to the field; the state waits in the session;
only the final submit writes, through the one call to `enrollment_submit`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile
from sanad.registry.forms_enrollment import DependantForm, DocumentForms, PersonForm, add_domain_error
from sanad.registry.models import Relationship
from sanad.registry.services import enrollment_submit
from sanad.registry.services.checks import (
    dependant_check,
    document_check,
    identity_required,
    member_check,
)
from sanad.registry.views import wizard


def _language(request: Any) -> str:
    return getattr(request, "LANGUAGE_CODE", "fr")


def _render(request: Any, step: str, state: dict[str, Any], status: int = 200, **context: Any):
    steps = [{"code": code, "open": wizard.step_open(state, code)} for code in wizard.STEPS]
    return render(
        request,
        "registry/enroll.html",
        {"step": step, "steps": steps, "state": state, **context},
        status=status,
    )


@login_required
@capability_required("registry.enroll")
def enroll(request: Any, step: str = "person"):
    if step not in wizard.STEPS:
        raise Http404
    if request.GET.get("new"):
        wizard.state_clear(request.session)
        return redirect("registry:enroll")
    state = wizard.state_get(request.session)
    if not wizard.step_open(state, step):
        return redirect("registry:enroll")
    return {
        "person": _person,
        "documents": _documents,
        "dependants": _dependants,
        "review": _review,
    }[step](request, state)


def _person(request: Any, state: dict[str, Any]):
    stored = state.get("person") or {}
    kwargs = {"language": _language(request), "has_photo": bool(stored.get("photo"))}
    if request.method != "POST":
        return _render(request, "person", state, form=PersonForm(initial=stored, **kwargs))
    form = PersonForm(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        person = wizard.plain({k: v for k, v in data.items() if k != "photo"})
        person["photo"] = stored.get("photo")
        probe = {**state, "person": person}
        try:
            member_check(active_profile(), wizard.member_input(probe), on=timezone.localdate())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # The photo is kept only once the step is accepted: a refused step leaves no file behind.
            if data.get("photo"):
                person["photo"] = wizard.stash(data["photo"])
                wizard.stash_delete([name for name in [stored.get("photo")] if name])
            if stored.get("population") != person["population"]:
                probe["documents"] = []  # the documents offered depend on the population
            wizard.state_save(request.session, probe)
            return redirect("registry:enroll_step", step="documents")
    return _render(request, "person", state, status=400, form=form)


def _documents(request: Any, state: dict[str, Any]):
    population = state["person"]["population"]
    kwargs = {"population": population, "language": _language(request), "prefix": "doc"}
    if request.method != "POST":
        initial = [{k: v for k, v in d.items() if k != "scan"} for d in state.get("documents") or []]
        return _render(request, "documents", state, formset=DocumentForms(initial=initial, **kwargs))
    formset = DocumentForms(request.POST, request.FILES, **kwargs)
    problem = ""
    if formset.is_valid():
        profile = active_profile()
        rows, kept = [], state.get("documents") or []
        uploads: list[tuple[dict[str, Any], Any, str | None]] = []
        for index, form in enumerate(formset.forms):
            if not form.cleaned_data:  # a blank row
                continue
            row = wizard.plain({k: v for k, v in form.cleaned_data.items() if k != "scan"})
            try:
                document_check(profile, wizard.document_input(row), prefix="")
            except DomainError as error:
                add_domain_error(form, error)
                continue
            previous = kept[index].get("scan") if index < len(kept) else None
            row["scan"] = previous
            rows.append(row)
            uploads.append((row, form.cleaned_data.get("scan"), previous))
        if not any(form.errors for form in formset.forms):
            try:
                identity_required(
                    profile,
                    population=population,
                    documents=[wizard.document_input(row) for row in rows],
                    on=timezone.localdate(),
                )
            except DomainError as error:
                problem = error.message
            else:
                # Scans are kept only once the step is accepted: a refused step leaves no file behind.
                for row, scan, previous in uploads:
                    if scan:
                        row["scan"] = wizard.stash(scan)
                        wizard.stash_delete([name for name in [previous] if name])
                wizard.state_save(request.session, {**state, "documents": rows})
                return redirect("registry:enroll_step", step="dependants")
    return _render(request, "documents", state, status=400, formset=formset, problem=problem)


def _dependants(request: Any, state: dict[str, Any]):
    rows = list(state.get("dependants") or [])
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action.startswith("remove-"):
        number = action.removeprefix("remove-")
        index = int(number) if number.isascii() and number.isdigit() else -1  # a forged value removes none
        if 0 <= index < len(rows):
            wizard.stash_delete(wizard.dependant_scans(rows.pop(index)))
            wizard.state_save(request.session, {**state, "dependants": rows})
        return redirect("registry:enroll_step", step="dependants")
    if action == "next":
        return redirect("registry:enroll_step", step="review")
    if action != "add":
        return _render(request, "dependants", state, form=DependantForm())
    form = DependantForm(request.POST, request.FILES)
    if form.is_valid():
        row = wizard.dependant_row(form.cleaned_data, form.certificate_kinds)
        try:
            dependant_check(active_profile(), wizard.dependant_input(row), on=timezone.localdate(), prefix="")
        except DomainError as error:
            add_domain_error(form, error)
        else:
            row = wizard.certificate_scans_stash(row, form.certificate_scans())
            wizard.state_save(request.session, {**state, "dependants": [*rows, row]})
            messages.success(request, _("Dependant added."))
            return redirect("registry:enroll_step", step="dependants")
    return _render(request, "dependants", state, status=400, form=form)


def _step_of(field: str | None) -> str:
    """The step where the field at fault is typed in."""
    field = field or ""
    if field.startswith("dependants"):
        return "dependants"
    if field.startswith("documents"):
        return "documents"
    return "person"


def _review_labels(request: Any, state: dict[str, Any]) -> dict[str, Any]:
    """Document kinds and relationships by their names in the reader's language."""
    language = _language(request)
    kinds = {kind.code: kind.label.get(language) for kind in active_profile().identity.documents}
    relationships = dict(Relationship.choices)
    return {
        "documents": [{**d, "label": kinds.get(d["kind"], d["kind"])} for d in state["documents"]],
        "dependants": [
            {**d, "label": relationships.get(d["relationship"], d["relationship"])}
            for d in state.get("dependants") or []
        ],
    }


def _review(request: Any, state: dict[str, Any]):
    labels = _review_labels(request, state)
    if request.method != "POST":
        return _render(request, "review", state, review=labels)
    try:
        enrollment = enrollment_submit(
            actor=request.user,
            member=wizard.member_input(state, with_photo=True),
            documents=[wizard.document_input(d, with_scan=True) for d in state["documents"]],
            dependants=[wizard.dependant_input(d, with_scans=True) for d in state.get("dependants") or []],
            on=timezone.localdate(),
        )
    except DomainError as error:
        return _render(
            request, "review", state, status=400, review=labels, error=error, error_step=_step_of(error.field)
        )
    wizard.state_clear(request.session)
    messages.success(
        request,
        _("Enrollment submitted: registration number %(number)s.")
        % {"number": enrollment.member.registration_number},
    )
    return redirect("registry:member_detail", pk=enrollment.member_id)
