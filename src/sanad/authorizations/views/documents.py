"""The decision document: its PDF for the facility and the fund's staff (from the request's page) and for
the insured person (from their own page), and its public check, reached through /verify/<token>/."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sanad.authorizations.decision_document.document import decision_document, document_pdf
from sanad.authorizations.decision_document.verify import decision_document_check
from sanad.authorizations.selectors.insured import INSURED_LIMIT, request_of_insured, requests_of_insured
from sanad.authorizations.statuses import APPROVALS
from sanad.authorizations.views.common import person_name, visible
from sanad.common.errors import DomainError
from sanad.common.permissions import can, capability_required


def pdf_response(request: Any, found: Any) -> HttpResponse:
    try:
        document = decision_document(request=found)
    except DomainError as error:
        raise Http404(error.message) from error
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def decision_pdf(request: Any, reference: str):
    """The approval's paper: to those who may see the request (the insured person: their family's only)."""
    if can(request.user, "self.view"):
        try:
            found = request_of_insured(user=request.user, reference=reference)
        except DomainError as error:
            raise Http404(error.message) from error
    else:
        found = visible(request, reference)
    return pdf_response(request, found)


@require_GET
@login_required
@capability_required("self.view")
def my_requests(request: Any):
    """The insured person's page: the requests made for their family, their answer, and the paper of each
    approval."""
    rows = list(requests_of_insured(user=request.user)[:INSURED_LIMIT])
    context = {
        "rows": [
            {"req": r, "person": person_name(r.dependant or r.member), "paper": r.status in APPROVALS}
            for r in rows
        ]
    }
    return render(request, "authorizations/mine.html", context)


@never_cache
def document_verify(request: Any, token: str) -> HttpResponse:
    """Public, no login (the register's /verify/ page sends decision tokens here): is the paper genuine, and
    is its decision still in force today."""
    check = decision_document_check(token)
    response = render(request, "authorizations/decision_document/verify.html", {"check": check})
    response["X-Robots-Tag"] = "noindex"
    return response
