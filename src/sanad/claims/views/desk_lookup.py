"""Search as you type at the facility's desk (htmx fragments of the care sheet's page): acts, drugs and
devices of the catalog with their tariff on the date of care, the amount billed filled from the tariff and
a warning when it exceeds it, and ICD-10 diagnoses by code or label. Every search is bounded; the views only
parse what the row holds and render what the selectors found."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from sanad.catalog.selectors.lookup import LOOKUP_LIMIT, diagnosis_label, diagnosis_search, item_search
from sanad.claims import forms_desk as forms
from sanad.claims.selectors import facility as read
from sanad.claims.selectors.tariffs import line_hint
from sanad.claims.services.sheet_rules import MAX_QUANTITY
from sanad.claims.statuses import LineKind
from sanad.common.errors import DomainError
from sanad.common.guards import amount_from_text
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile

_ROW = re.compile(r"lines-(\d{1,3})")
_TYPED = 100  # characters of a search read at most


def _facility(request: Any) -> Any:
    try:
        return read.own_facility(user=request.user)
    except DomainError as error:
        raise PermissionDenied(error.message) from error


def _language() -> str:
    return (get_language() or "fr").split("-")[0]


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


class _Row:
    """What a row of the sheet's lines holds, read leniently from the request (the form checks it when
    the sheet is sent): its prefix and index, kind, code, quantity, coefficient, amount and day."""

    def __init__(self, request: Any) -> None:
        found = _ROW.fullmatch(request.GET.get("row", ""))
        self.valid = found is not None and int(found[1]) < forms.MAX_LINES
        self.prefix = found[0] if found else ""
        self.index = int(found[1]) if found else 0
        get = request.GET.get
        kind = get(f"{self.prefix}-kind", "")
        self.kind = kind if kind in LineKind.values else LineKind.ACT.value
        self.code = get(f"{self.prefix}-code", "")[:_TYPED].strip()
        quantity = get(f"{self.prefix}-quantity", "")
        self.quantity = min(max(int(quantity), 1), MAX_QUANTITY) if quantity.isdigit() else 1
        coefficient = amount_from_text(get(f"{self.prefix}-coefficient", ""))
        self.coefficient = coefficient if coefficient is not None and coefficient > 0 else None
        self.billed = amount_from_text(get(f"{self.prefix}-billed", ""))
        self.service_date = _date(get(f"{self.prefix}-service_date"))
        self.day = self.service_date or _date(get("care_date")) or timezone.localdate()


def _hint(row: _Row, facility: Any, code: str, billed: Decimal | None) -> Any:
    return line_hint(
        kind=row.kind,
        code=code,
        day=row.day,
        sector=facility.sector,
        quantity=row.quantity,
        coefficient=row.coefficient,
        billed=billed,
        language=_language(),
    )


@require_GET
@login_required
@capability_required("claims.submit")
def items(request: Any):
    """The acts, drugs or devices (the row's kind) whose code starts with what is typed or whose label holds
    it, in force on the row's date, each with its tariff that day: buttons that fill the row."""
    facility = _facility(request)
    row = _Row(request)
    if not row.valid:
        return HttpResponseBadRequest()
    found = item_search(
        kind=row.kind,
        text=row.code,
        day=row.day,
        sector=facility.sector,
        language=_language(),
        limit=LOOKUP_LIMIT,
    )
    context = {
        "items": [(item, json.dumps({"row": row.prefix, "pick": item.code})) for item in found],
        "searched": bool(row.code),
        "currency": active_profile().currency,
        "day": row.day,
    }
    return render(request, "claims/desk/_found_items.html", context)


@require_GET
@login_required
@capability_required("claims.submit")
def line_pick(request: Any):
    """The row again with the item picked: its code, and the amount billed filled from the tariff in force
    on the row's date (for its quantity and coefficient), with the tariff shown beside it."""
    facility = _facility(request)
    row = _Row(request)
    pick = request.GET.get("pick", "")[:_TYPED].strip()
    if not row.valid or not pick:
        return HttpResponseBadRequest()
    hint = _hint(row, facility, pick, None)
    billed = hint.tariff if hint is not None and hint.tariff is not None else row.billed
    initial = {
        "kind": row.kind,
        "code": hint.item.code if hint is not None and hint.item is not None else pick,
        "coefficient": row.coefficient,
        "quantity": row.quantity,
        "billed": billed,
        "service_date": row.service_date or row.day,
    }
    form = forms.line_row(row.index, initial)
    form.hint = _hint(row, facility, initial["code"], billed)
    return render(request, "claims/desk/_line_row.html", {"row": form})


@require_GET
@login_required
@capability_required("claims.submit")
def line_tariff(request: Any):
    """The tariff of the row as it stands, and a warning when the amount billed exceeds it."""
    facility = _facility(request)
    row = _Row(request)
    if not row.valid:
        return HttpResponseBadRequest()
    hint = _hint(row, facility, row.code, row.billed)
    return render(request, "claims/desk/_line_tariff.html", {"hint": hint})


@require_GET
@login_required
@capability_required("claims.submit")
def diagnoses(request: Any):
    """ICD-10 categories and subcategories by code or by words of their label: buttons that fill the
    diagnosis."""
    _facility(request)
    text = request.GET.get("diagnosis", "")[:_TYPED]
    day = _date(request.GET.get("care_date")) or timezone.localdate()
    found = diagnosis_search(text=text, day=day, language=_language(), limit=LOOKUP_LIMIT)
    return render(
        request, "claims/desk/_found_diagnoses.html", {"diagnoses": found, "searched": bool(text.strip())}
    )


@require_GET
@login_required
@capability_required("claims.submit")
def diagnosis_pick(request: Any):
    """The diagnosis field again, filled with the code picked and showing its label."""
    _facility(request)
    code = request.GET.get("code", "")[:16].strip()
    day = _date(request.GET.get("care_date")) or timezone.localdate()
    form = forms.DiagnosisForm(initial={"diagnosis": code})
    label = diagnosis_label(code=code, day=day, language=_language()) if code else None
    return render(
        request, "claims/desk/_diagnosis_field.html", {"field": form["diagnosis"], "diagnosis_label": label}
    )
