"""The fund-wide list of contributions paid (issue 20): by period, payment channel, member's region and
status, paged by key; `?export=csv|xlsx` downloads the filtered list. The contributions indicator links
here with its period, region and channel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.templatetags.sanad import region_name
from sanad.funds.active import active_profile
from sanad.registry.forms import DateInput
from sanad.registry.models import Contribution, ContributionStatus
from sanad.registry.selectors.contributions_list import (
    ANY_STATUS,
    ContributionFilters,
    contribution_list_paid,
    contributions_export_paid,
    may_read_contributions,
)
from sanad.registry.vocabulary import PaymentMethod


class ContributionFilterForm(forms.Form):
    paid_from = forms.DateField(label=gettext_lazy("Paid from"), widget=DateInput, required=False)
    paid_to = forms.DateField(label=gettext_lazy("Paid until"), widget=DateInput, required=False)
    method = forms.ChoiceField(label=gettext_lazy("Payment channel"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Member's region"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = sorted(active_profile().regions, key=lambda r: r.name.get_text())
        self.fields["region"].choices = [("", gettext_lazy("All regions"))] + [
            (r.code, r.name.get_text()) for r in regions
        ]
        self.fields["method"].choices = [("", gettext_lazy("Every channel")), *PaymentMethod.choices]
        others = [(v, label) for v, label in ContributionStatus.choices if v != ContributionStatus.RECORDED]
        self.fields["status"].choices = [
            ("", gettext_lazy("Still opening rights")),
            (ANY_STATUS, gettext_lazy("Any status")),
            *others,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("paid_from"), data.get("paid_to")
        if start and end and end < start:
            self.add_error("paid_to", gettext_lazy("The end of the period comes before its start."))
        return data

    def filters(self) -> ContributionFilters:
        # A form with errors filters nothing: the page shows the errors next to their fields.
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return ContributionFilters(
            paid_from=data.get("paid_from"),
            paid_to=data.get("paid_to"),
            method=data.get("method") or "",
            region=data.get("region") or "",
            status=data.get("status") or "",
        )


EXPORT_HEADER = (
    gettext_lazy("Receipt number"),
    gettext_lazy("Paid on"),
    gettext_lazy("Registration number"),
    gettext_lazy("Member"),
    gettext_lazy("Member's region"),
    gettext_lazy("Payment channel"),
    gettext_lazy("Period start"),
    gettext_lazy("Period end"),
    gettext_lazy("Amount"),
    gettext_lazy("Currency"),
    gettext_lazy("Status"),
)


def _export_row(contribution: Contribution) -> list[Any]:
    member = contribution.member
    return [
        contribution.receipt_number,
        contribution.paid_on,
        member.registration_number,
        member.full_name,
        region_name(member.region),
        contribution.get_method_display(),
        contribution.period_start,
        contribution.period_end,
        contribution.amount,
        contribution.currency,
        contribution.get_status_display(),
    ]


@login_required
def contribution_list(request: Any):
    """Contributions paid across the fund, oldest first."""
    if not may_read_contributions(request.user):
        raise PermissionDenied
    form = ContributionFilterForm(request.GET or None)
    filters = form.filters()
    title = _("Contributions paid")
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(c) for c in contributions_export_paid(user=request.user, filters=filters))
        return export_response(
            fmt=fmt, title=title, header=EXPORT_HEADER, rows=rows, day=timezone.localdate()
        )
    page = contribution_list_paid(
        user=request.user,
        filters=filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    context = {
        "title": title,
        "form": form,
        "page": page,
        "rows": page.rows,
        "query": filter_query(request.GET),
        **export_links(request.GET),
    }
    return render(request, "registry/contribution_list.html", context)
