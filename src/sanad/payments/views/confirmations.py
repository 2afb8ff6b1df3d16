"""Importing the bank's confirmations (pain.002, camt.054); managers read what was imported."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError
from sanad.common.permissions import can, capability_required, require
from sanad.payments import services
from sanad.payments.forms import ConfirmationForm
from sanad.payments.selectors.runs import confirmations_recent


@login_required
@capability_required("payments.view")
def confirmations(request: Any):
    form = ConfirmationForm()
    if request.method == "POST":
        require(request.user, "payments.prepare")
        form = ConfirmationForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imported = services.confirmation_import(
                    actor=request.user, content=upload.read(), file_name=upload.name
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                record = imported.record
                if imported.repeated:
                    messages.info(request, _("This confirmation was imported before: nothing was changed."))
                else:
                    messages.success(
                        request,
                        _("Confirmation imported: %(paid)s paid, %(rejected)s rejected, %(unknown)s unknown.")
                        % {"paid": record.paid, "rejected": record.rejected, "unknown": len(record.unknown)},
                    )
                return redirect("payments:confirmations")
    context = {
        "form": form,
        "imports": confirmations_recent(user=request.user),
        "may_import": can(request.user, "payments.prepare"),
    }
    return render(request, "payments/confirmations.html", context, status=400 if form.errors else 200)
