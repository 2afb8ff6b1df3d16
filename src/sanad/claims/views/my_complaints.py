"""The insured person's own complaints and their answers, and the form to file one online, about one of
the family's files named by its invoice (or receipt) number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanad.claims.selectors.complaints import complaint_clock, complaints_of_member, family_file_get
from sanad.claims.selectors.file_numbers import billing_files_numbered
from sanad.claims.services.complaints import complaint_file
from sanad.claims.views.complaints import show_error
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile
from sanad.registry.selectors import member_of_user


class MyComplaintForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Your complaint"), widget=forms.Textarea(attrs={"rows": 6}))
    invoice_number = forms.CharField(
        label=gettext_lazy("Invoice or receipt number of the file, if the complaint is about one"),
        max_length=40,
        required=False,
    )


@login_required
@capability_required("self.view")
def my_complaints(request: Any):
    """The insured person's own complaints and their answers."""
    member = member_of_user(user=request.user)
    if member is None:
        raise Http404(_("This account is not linked to a member record. Visit a branch of the fund."))
    today = timezone.localdate()
    profile = active_profile()
    rows = [
        {"complaint": c, "clock": complaint_clock(c, today=today, profile=profile)}
        for c in complaints_of_member(member=member)
    ]
    return render(request, "claims/complaints/my_list.html", {"rows": rows})


@login_required
@capability_required("self.view")
@require_http_methods(["GET", "POST"])
def my_complaint_new(request: Any):
    member = member_of_user(user=request.user)
    if member is None:
        raise Http404(_("This account is not linked to a member record. Visit a branch of the fund."))
    # Opened from one of the family's files (`?file=`, the form posting back to the same address): that
    # file, unless the number typed names another.
    wanted = request.GET.get("file", "")
    opened = family_file_get(member=member, pk=int(wanted)) if wanted.isdigit() else None
    if wanted and opened is None:
        raise Http404(_("No billing file has this number."))
    initial = {"invoice_number": opened.invoice_number if opened else ""}
    form = MyComplaintForm(request.POST or None, initial=initial)
    billing_file = opened
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["invoice_number"].strip()
        if opened is None or number != opened.invoice_number:
            billing_file = _my_file_named(form, member)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_file(
                actor=request.user,
                subject=form.cleaned_data["subject"],
                billing_file_id=getattr(billing_file, "pk", None),
                on=timezone.localdate(),
            )
        except DomainError as error:
            show_error(form, error, {"billing_file": "invoice_number"})
        else:
            messages.success(
                request,
                _("Your complaint %(n)s is registered. Your regional office answers by %(due)s.")
                % {"n": complaint.number, "due": date_format(complaint.due_on, "SHORT_DATE_FORMAT")},
            )
            return redirect("claims:my_complaints")
    status = 400 if request.method == "POST" else 200
    return render(request, "claims/complaints/my_form.html", {"form": form, "file": opened}, status=status)


def _my_file_named(form: forms.Form, member: Any) -> Any:
    """One of the family's files by the number typed (None for none typed, or when it names none of
    theirs or several: the form then says so beside the field)."""
    number = form.cleaned_data["invoice_number"]
    if not number.strip():
        return None
    found = billing_files_numbered(invoice_number=number, member=member)
    if len(found) == 1:
        return found[0]
    if found:
        message = _("Several of your files bear this number: complain from the file's own page, in My files.")
    else:
        message = _("None of your files has this number: copy it from the receipt or from My files.")
    form.add_error("invoice_number", message)
    return None
