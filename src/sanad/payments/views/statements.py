"""Facilities' statements of settlement: facility staff list and download their own facility's; the finance
department and managers download any facility's from the run's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from sanad.common.permissions import can
from sanad.common.tabular import CONTENT_TYPES
from sanad.payments.statements.papers import statement_name, statement_pdf, statement_xlsx
from sanad.payments.statements.selectors import statement_of, statement_order_get, statement_page
from sanad.payments.views.papers import _attachment
from sanad.providers.selectors import facility_of_user


@login_required
def statement_list(request: Any):
    page = statement_page(user=request.user, older=request.GET.get("older", ""))
    facility = None if can(request.user, "payments.view") else facility_of_user(user=request.user)
    return render(request, "payments/statements/list.html", {"page": page, "facility": facility})


@login_required
def statement_download(request: Any, pk: int, fmt: str):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    order = statement_order_get(user=request.user, order_id=pk)
    statement = statement_of(order=order, today=timezone.localdate())
    name = statement_name(statement)
    if fmt == "pdf":
        return _attachment(statement_pdf(statement), "application/pdf", f"{name}.pdf")
    return _attachment(statement_xlsx(statement), CONTENT_TYPES["xlsx"], f"{name}.xlsx")
