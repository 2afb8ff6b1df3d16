"""The enrollment officer's corrections: refuse an enrollment, reopen a refused one, merge two records of
one person. Each page parses its form and calls one service; the rules and the audit live there."""

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
from sanad.common.permissions import capability_required
from sanad.registry.certificates.access import registration_number_valid
from sanad.registry.forms_enrollment import add_domain_error
from sanad.registry.models import Enrollment
from sanad.registry.quality.selectors import (
    merge_findings,
    record_by_number,
    record_summary,
)
from sanad.registry.services.enrollment import enrollment_refuse as refuse
from sanad.registry.services.enrollment import enrollment_reopen as reopen
from sanad.registry.services.merge import member_merge
from sanad.registry.statuses import RefusalReason


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Reason for the refusal"), choices=RefusalReason.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Required for “other reason”. The member's SMS gives the reason, not the note."
        ),
    )


class MergeForm(forms.Form):
    other = forms.CharField(label=gettext_lazy("Registration number of the other record"), max_length=32)
    kept = forms.TypedChoiceField(label=gettext_lazy("Record to keep"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the merge"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kept"].choices = choices


def _enrollment(pk: int) -> Enrollment:
    enrollment = Enrollment.objects.select_related("member").filter(pk=pk).first()
    if enrollment is None:
        raise Http404
    return enrollment


@login_required
@capability_required("registry.review")
def enrollment_refuse(request: Any, pk: int):
    """The officer refuses an enrollment with a reason; the member is told by SMS (seed 003)."""
    enrollment = _enrollment(pk)
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            refuse(
                actor=request.user,
                enrollment_id=enrollment.pk,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                on=timezone.localdate(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Enrollment refused: the member is told by SMS.")
                if enrollment.member.phone
                else _("Enrollment refused. The member has no phone number: tell them in person."),
            )
            return redirect("registry:member_detail", pk=enrollment.member_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "registry/enrollment_refuse.html", {"enrollment": enrollment, "form": form}, status=status
    )


@require_POST
@login_required
@capability_required("registry.review")
def enrollment_reopen(request: Any, pk: int):
    """A refused enrollment is examined again (reason required, new 30-day clock)."""
    enrollment = _enrollment(pk)
    try:
        reopen(
            actor=request.user,
            enrollment_id=enrollment.pk,
            note=request.POST.get("note", ""),
            on=timezone.localdate(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Enrollment reopened: it waits for the register check again."))
    return redirect("registry:member_detail", pk=enrollment.member_id)


def _label(summary: Any) -> str:
    return f"{summary.member.registration_number} · {summary.member.full_name}"


@login_required
@capability_required("registry.review")
def member_merge_page(request: Any, pk: int):
    """Compare a record with another one of the same person, choose the one to keep, merge."""
    this = record_summary(member_id=pk)
    if this is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    typed = (data or request.GET).get("other", "").strip()
    other = None
    problem = ""
    if typed:
        try:
            found = record_by_number(registration_number=registration_number_valid(typed))
        except DomainError as error:
            problem = error.message
        else:
            if found is None:
                problem = _("No record has this registration number.")
            elif found.pk == pk:
                problem = _("Choose two different records.")
            else:
                other = record_summary(member_id=found.pk)
    choices = [(s.member.pk, _label(s)) for s in (this, other) if s is not None]
    initial = {"other": typed, "kept": pk}
    form = MergeForm(data, initial=initial, choices=choices)
    if problem:
        form.add_error("other" if data else None, problem)
    if data is not None and other is not None and form.is_valid():
        kept_id = form.cleaned_data["kept"]
        other_id = other.member.pk if kept_id == pk else pk
        try:
            result = member_merge(
                actor=request.user,
                kept_id=kept_id,
                other_id=other_id,
                reason=form.cleaned_data["reason"],
                on=timezone.localdate(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            moved = result.moved
            messages.success(
                request,
                _(
                    "Records merged: %(dependants)s dependant(s), %(documents)s document(s), "
                    "%(contributions)s contribution(s) and %(sheets)s care sheet(s) moved to %(number)s; "
                    "%(old)s is closed."
                )
                % {
                    "dependants": len(moved["dependants"]),
                    "documents": len(moved["documents"]),
                    "contributions": len(moved["contributions"]),
                    "sheets": len(moved.get("claims", {}).get("care_sheets", [])),
                    "number": result.kept.registration_number,
                    "old": result.other.registration_number,
                },
            )
            if result.twins:
                messages.warning(
                    request,
                    _("The same dependant seems to be there twice now: check the dependants of %(number)s.")
                    % {"number": result.kept.registration_number},
                )
            return redirect("registry:member_detail", pk=result.kept.pk)
    context = {
        "this": this,
        "other": other,
        "form": form,
        "findings": list(merge_findings(member_id=pk, other_id=other.member.pk)) if other else [],
    }
    status = 400 if data is not None else 200
    return render(request, "registry/merge.html", context, status=status)
