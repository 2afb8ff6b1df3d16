"""The contribution papers: the quote of a family's next contribution before it pays (a page, the member
page's htmx fragment, and a printable PDF), and the PDF receipt of a recorded contribution.

Papers are printed in the reader's language (French, Arabic right to left, English) with WeasyPrint, as
the rights certificate is; a receipt whose payment was voided, refunded or replaced says so on its face.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sanad.common.errors import DomainError
from sanad.common.guards import AmountField
from sanad.common.pdf import html_to_pdf
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile
from sanad.registry.models import Member
from sanad.registry.selectors import pages as reads
from sanad.registry.selectors.papers import (
    ContributionPaper,
    ContributionQuote,
    contribution_paper,
    contribution_quote,
)


class QuoteForm(forms.Form):
    """The day of payment and, for a share of salary, the monthly salary: the names of the member page's
    contribution form, whose fields the quote button sends."""

    paid_on = forms.DateField(
        label=gettext_lazy("Day of payment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    salary = AmountField(label=gettext_lazy("Monthly salary"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if active_profile().contributions.salary is None:
            del self.fields["salary"]


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


def _paper_context(**values: Any) -> dict[str, Any]:
    """What every paper needs: the fund's name in the reader's language, the direction of its script."""
    profile = active_profile()
    lang = _language()
    return {
        "profile": profile,
        "fund_name": profile.name.get(lang),
        "lang": lang,
        "rtl": translation.get_language_bidi(),
        "salary_scheme": profile.contributions.salary is not None,
        **values,
    }


def _pdf(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# ---- The quote -------------------------------------------------------------------------------------------


def quote_html(quote: ContributionQuote) -> str:
    """The quote as a full HTML page for WeasyPrint, in the active language."""
    return render_to_string(
        "registry/papers/quote_pdf.html", _paper_context(quote=quote, made_on=timezone.localdate())
    )


def _member(pk: int) -> Member:
    member = reads.member_get(pk=pk)
    if member is None:
        raise Http404
    return member


def _quote(request: Any, member: Member) -> tuple[QuoteForm, ContributionQuote | None]:
    """The form read from the query (the day of payment is today when not given) and the quote."""
    data = request.GET.copy()
    if not data.get("paid_on"):
        data["paid_on"] = timezone.localdate().isoformat()
    form = QuoteForm(data)
    if not form.is_valid():
        return form, None
    try:
        quote = contribution_quote(
            member=member, paid_on=form.cleaned_data["paid_on"], salary=form.cleaned_data.get("salary")
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return form, None
    return form, quote


def _query(quote: ContributionQuote) -> str:
    values = {"paid_on": quote.paid_on.isoformat()}
    if quote.salary is not None:
        values["salary"] = str(quote.salary)
    return urlencode(values)


@never_cache
@require_GET
@login_required
@capability_required("registry.view")
def quote_page(request: Any, pk: int):
    """The quote of the member's next contribution: the whole page, or (htmx, from the member page's
    contribution form) only the quote."""
    member = _member(pk)
    form, quote = _quote(request, member)
    context = {"member": member, "form": form, "quote": quote, "query": _query(quote) if quote else ""}
    fragment = request.headers.get("HX-Request") == "true"
    template = "registry/papers/_quote.html" if fragment else "registry/papers/quote.html"
    # A fragment is swapped in whatever it says; a refused quote on its own page is a 400.
    status = 400 if form.errors and not fragment else 200
    return render(request, template, context, status=status)


@never_cache
@require_GET
@login_required
@capability_required("registry.view")
def quote_pdf(request: Any, pk: int):
    member = _member(pk)
    form, quote = _quote(request, member)
    if quote is None:
        context = {"member": member, "form": form, "quote": None, "query": ""}
        return render(request, "registry/papers/quote.html", context, status=400)
    name = f"quote-{member.registration_number}-{quote.period_start:%Y%m%d}.pdf"
    return _pdf(html_to_pdf(quote_html(quote)), name)


# ---- The receipt -----------------------------------------------------------------------------------------


def receipt_html(paper: ContributionPaper) -> str:
    """The receipt as a full HTML page for WeasyPrint, in the active language."""
    return render_to_string(
        "registry/papers/receipt_pdf.html",
        _paper_context(
            paper=paper, c=paper.contribution, member=paper.contribution.member, stamp=paper.stamp
        ),
    )


@never_cache
@require_GET
@login_required
def receipt_pdf(request: Any, pk: int):
    """The receipt of a contribution as a PDF: the register's staff, or the insured person of the member
    (anyone else: 404, so that the answer does not tell whether the receipt exists)."""
    paper = contribution_paper(pk=pk, user=request.user)
    if paper is None:
        raise Http404
    return _pdf(html_to_pdf(receipt_html(paper)), f"{paper.contribution.receipt_number}.pdf")
