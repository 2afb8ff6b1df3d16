"""Search as you type in the reimbursement form (htmx fragments): the facilities of the fund's list, the
care and medicines of the catalog in force on the date of care, the illnesses (ICD-10) by words of their
label. For the branch counter and the insured person; every search is bounded."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from sanad.catalog.selectors.lookup import LOOKUP_LIMIT, diagnosis_search, item_search
from sanad.claims.forms_reimbursement import MAX_LINES, facility_groups
from sanad.claims.selectors.reimbursement_choices import FACILITY_FIND_LIMIT, reimbursement_facilities
from sanad.claims.statuses import LineKind
from sanad.common.permissions import can
from sanad.common.vocabulary import Sector


def _language() -> str:
    return (get_language() or "fr").split("-")[0]


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def _may_file(request: Any) -> None:
    """The lists behind the form: for the counter (claims.reimburse) and the insured (self.view) alone."""
    if not (can(request.user, "claims.reimburse") or can(request.user, "self.view")):
        raise PermissionDenied("claims.reimburse")


_TYPED = 100  # characters of a search read at most
_ROW_PREFIX = "lines-"


@require_GET
@login_required
def facility_options(request: Any):
    """The facility list narrowed to what is typed (code or part of the name), the choice kept."""
    _may_file(request)
    text = request.GET.get("facility_find", "")[:_TYPED]
    found = reimbursement_facilities(text=text, limit=FACILITY_FIND_LIMIT if text.strip() else None)
    region = request.GET.get("region", "")[:32]  # the family's region: its facilities come first
    context = {
        "groups": facility_groups(found, language=_language(), first_region=region),
        "chosen": request.GET.get("facility", ""),
        "searched": bool(text.strip()),
    }
    return render(request, "claims/reimbursements/_facility_select.html", context)


@require_GET
@login_required
def care_options(request: Any):
    """The acts, medicines or devices (the line's kind) of the catalog in force on the date of care whose
    name holds what is typed (or whose code starts with it): to choose from, the label first."""
    _may_file(request)
    row = request.GET.get("row", "")
    index = row[len(_ROW_PREFIX) :]
    if not (row.startswith(_ROW_PREFIX) and index.isdigit() and int(index) < MAX_LINES):
        return HttpResponseBadRequest()
    kind = request.GET.get(f"{row}-kind", LineKind.ACT)
    text = request.GET.get(f"{row}-find", "")[:_TYPED]
    day = _date(request.GET.get("care_date")) or timezone.localdate()
    found = item_search(
        kind=kind if kind in LineKind.values else LineKind.ACT,
        text=text,
        day=day,
        sector=Sector.PRIVATE,
        language=_language(),
        limit=LOOKUP_LIMIT,
    )
    context = {"row": row, "items": found, "searched": bool(text.strip()), "day": day, "picked": ""}
    return render(request, "claims/reimbursements/_found_items.html", context)


@require_GET
@login_required
def illness_options(request: Any):
    """ICD-10 illnesses whose label holds the words typed (or whose code starts with them)."""
    _may_file(request)
    text = request.GET.get("diagnosis_find", "")[:_TYPED]
    day = _date(request.GET.get("care_date")) or timezone.localdate()
    found = diagnosis_search(text=text, day=day, language=_language(), limit=LOOKUP_LIMIT)
    context = {"diagnoses": found, "searched": bool(text.strip()), "picked": ""}
    return render(request, "claims/reimbursements/_found_illnesses.html", context)
