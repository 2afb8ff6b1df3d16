"""Bank account pages: a facility's account and its history, where a change is proposed and a second
finance officer approves it (four eyes); the changes waiting; a member's account, entered at the counter
and approved by an enrollment officer who did not enter it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.common.errors import DomainError
from sanad.common.permissions import can, capability_required
from sanad.payments.forms_accounts import AccountProposeForm, AccountRefuseForm
from sanad.payments.models import AccountChangeStatus, FacilityAccountChange
from sanad.payments.selectors.accounts import account_history, facility_account_on, member_accounts_on
from sanad.payments.services.accounts import (
    facility_account_approve,
    facility_account_propose,
    facility_account_refuse,
    may_propose_account,
)
from sanad.providers.models import Facility
from sanad.registry.models import Member, MemberBankAccount
from sanad.registry.services.bank_accounts import (
    member_bank_account_approve,
    member_bank_account_propose,
    member_bank_account_refuse,
)


def _propose(request: Any, form: AccountProposeForm, act: Any) -> bool:
    """Run `act` with the form's data; a broken rule goes back on the form's field."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        act(account=data["account"], valid_from=data["valid_from"], certificate=data.get("certificate"))
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else "account", error.message)
        return False
    return True


@login_required
@capability_required("payments.view")
def account_changes(request: Any):
    """The facilities' account changes waiting for approval, and the last ones decided."""
    rows = FacilityAccountChange.objects.select_related("facility", "proposed_by", "decided_by")
    context = {
        "waiting": rows.filter(status=AccountChangeStatus.PROPOSED).order_by("proposed_at"),
        "decided": rows.exclude(status=AccountChangeStatus.PROPOSED).order_by("-decided_at")[:50],
        "code": request.GET.get("code", "").strip(),
    }
    if context["code"]:
        facility = Facility.objects.filter(code__iexact=context["code"]).first()
        if facility is not None:
            return redirect("payments:facility_account", pk=facility.pk)
        messages.error(request, _("No facility has this code."))
    return render(request, "payments/accounts/changes.html", context)


@login_required
@capability_required("payments.view")
def facility_account(request: Any, pk: int):
    facility = get_object_or_404(Facility, pk=pk)
    may_propose = may_propose_account(request.user)
    form = AccountProposeForm(initial={"valid_from": timezone.localdate()})
    if request.method == "POST":
        if not may_propose:
            raise PermissionDenied("payments.prepare")
        form = AccountProposeForm(request.POST, request.FILES)
        act = lambda **data: facility_account_propose(actor=request.user, facility_id=pk, **data)  # noqa: E731
        if _propose(request, form, act):
            messages.success(request, _("The change is proposed: another finance officer approves it."))
            return redirect("payments:facility_account", pk=pk)
    today = timezone.localdate()
    context = {
        "facility": facility,
        "account_now": facility_account_on(facility, today),
        "history": account_history(FacilityAccountChange, facility=facility),
        "form": form,
        "refuse_form": AccountRefuseForm(),
        "may_propose": may_propose,
        "may_decide": can(request.user, "payments.approve"),
    }
    return render(request, "payments/accounts/facility.html", context, status=400 if form.errors else 200)


def _decided(request: Any, act: Any, done: str) -> None:
    try:
        act()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@require_POST
@login_required
@capability_required("payments.approve")
def facility_account_decide(request: Any, pk: int):
    change = get_object_or_404(FacilityAccountChange, pk=pk)
    if request.POST.get("decision") == "approve":
        act = lambda: facility_account_approve(actor=request.user, change_id=pk)  # noqa: E731
        _decided(request, act, _("The new bank account is approved."))
    else:
        reason = request.POST.get("reason", "")
        act = lambda: facility_account_refuse(actor=request.user, change_id=pk, reason=reason)  # noqa: E731
        _decided(request, act, _("The change is refused."))
    return redirect("payments:facility_account", pk=change.facility_id)


@login_required
@capability_required("registry.view")
def member_account(request: Any, pk: int):
    member = get_object_or_404(Member, pk=pk)
    may_enter = can(request.user, "registry.enroll")
    form = AccountProposeForm(initial={"valid_from": timezone.localdate()})
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied("registry.enroll")
        form = AccountProposeForm(request.POST, request.FILES)
        act = lambda **data: member_bank_account_propose(actor=request.user, member_id=pk, **data)  # noqa: E731
        if _propose(request, form, act):
            messages.success(request, _("The bank account is entered: another person approves it."))
            return redirect("payments:member_account", pk=pk)
    context = {
        "member": member,
        "account_now": member_accounts_on([member.pk], timezone.localdate()).get(member.pk, ""),
        "history": account_history(MemberBankAccount, member=member),
        "form": form,
        "refuse_form": AccountRefuseForm(),
        "may_propose": may_enter,
        "may_decide": can(request.user, "registry.review"),
    }
    return render(request, "payments/accounts/member.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
@capability_required("registry.review")
def member_account_decide(request: Any, pk: int):
    entry = get_object_or_404(MemberBankAccount, pk=pk)
    if request.POST.get("decision") == "approve":
        act = lambda: member_bank_account_approve(actor=request.user, entry_id=pk)  # noqa: E731
        _decided(request, act, _("The bank account is approved."))
    else:
        reason = request.POST.get("reason", "")
        act = lambda: member_bank_account_refuse(actor=request.user, entry_id=pk, reason=reason)  # noqa: E731
        _decided(request, act, _("The bank account is refused."))
    return redirect("payments:member_account", pk=entry.member_id)
