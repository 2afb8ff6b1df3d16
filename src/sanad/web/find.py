"""The search box of every staff page: whatever the caller has in hand (a registration number, a phone, a
name, a facility's code or name, an invoice number), the persons, facilities and files it names, among
those the user may read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sanad.claims.selectors.facility import billing_files_by_invoice
from sanad.common.permissions import can
from sanad.providers.selectors import facility_list
from sanad.registry.search.selectors import person_search

SHOWN = 10  # of each kind; the persons' own page goes further
FINDERS = ("registry.view", "providers.view", "claims.view", "claims.submit")


def may_find(user: Any) -> bool:
    """Who gets the search box: the staff who read the register, the network or billing files."""
    return any(
        can(user, need) for need in ("registry.view", "providers.view", "claims.view", "claims.submit")
    )


@login_required
def find(request: Any):
    text = request.GET.get("q", "").strip()[:120]
    user = request.user
    context: dict[str, Any] = {"q": text, "searched": bool(text)}
    if text:
        if can(user, "registry.view"):
            context["people"] = person_search(text=text, on=timezone.localdate(), size=SHOWN)
        if can(user, "providers.view"):
            context["facilities"] = facility_list(user=user, q=text, limit=SHOWN).rows
        if can(user, "claims.view") or can(user, "claims.submit"):
            context["files"] = billing_files_by_invoice(user=user, invoice_number=text, limit=SHOWN)
            context["fund_side"] = can(user, "claims.view")
    return render(request, "web/find.html", context)
