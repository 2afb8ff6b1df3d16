"""The workflow board, the overdue list and the letters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sanad.common.errors import DomainError
from sanad.funds.active import active_profile
from sanad.providers import selectors
from sanad.providers.letters import letter_html, letter_pdf
from sanad.providers.models import AgreementRequest


@login_required
def board(request):
    return render(request, "providers/board.html", {"columns": selectors.agreement_board(user=request.user)})


@login_required
def overdue(request):
    today = timezone.localdate()
    rows = selectors.agreement_overdue_list(user=request.user, today=today, profile=active_profile())
    return render(request, "providers/overdue.html", {"rows": rows, "today": today})


@login_required
def letter(request, pk: int, kind: str):
    """A workflow letter as PDF, or as a printable page with ?format=html; facility staff see their own."""
    req = AgreementRequest.objects.select_related("facility").filter(pk=pk).first()
    if req is None:
        raise Http404
    try:
        selectors.facility_get(user=request.user, code=req.facility.code)
        if request.GET.get("format") == "html":
            return HttpResponse(letter_html(request=req, kind=kind, fund=active_profile()))
        pdf = letter_pdf(request=req, kind=kind, fund=active_profile())
    except DomainError as error:
        raise Http404(error.message) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{req.reference}-{kind}.pdf"'
    return response
