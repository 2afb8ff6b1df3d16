"""The list of the queue tickets handed out at the branches (issue 20): by day, branch, hour of issue and
how far each went, paged by key; `?export=csv|xlsx` downloads the filtered list. The counters' figures link
here with their period, branch and hour. No visitor's name is shown: a ticket is a number."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import capability_required
from sanad.common.templatetags.sanad import region_name
from sanad.funds.active import active_profile
from sanad.registry.forms import DateInput
from sanad.registry.models import QueueTicket
from sanad.registry.selectors.ticket_list import (
    CALLED,
    SERVED,
    TicketFilters,
    ticket_list_issued,
    tickets_export_issued,
)

_MINUTE = Decimal(60)


class TicketFilterForm(forms.Form):
    day_from = forms.DateField(label=gettext_lazy("Issued from"), widget=DateInput, required=False)
    day_to = forms.DateField(label=gettext_lazy("Issued until"), widget=DateInput, required=False)
    branch = forms.ChoiceField(label=gettext_lazy("Branch"), required=False)
    hour = forms.IntegerField(label=gettext_lazy("Hour of issue"), min_value=0, max_value=23, required=False)
    stage = forms.ChoiceField(label=gettext_lazy("Tickets"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = sorted(active_profile().regions, key=lambda r: r.name.get_text())
        self.fields["branch"].choices = [("", gettext_lazy("Every branch"))] + [
            (r.code, r.name.get_text()) for r in regions
        ]
        self.fields["stage"].choices = [
            ("", gettext_lazy("Every ticket issued")),
            (CALLED, gettext_lazy("Called to a counter")),
            (SERVED, gettext_lazy("Served at a counter")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("day_from"), data.get("day_to")
        if start and end and end < start:
            self.add_error("day_to", gettext_lazy("The end of the period comes before its start."))
        return data

    def filters(self) -> TicketFilters:
        # A form with errors filters nothing: the page shows the errors next to their fields.
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return TicketFilters(
            day_from=data.get("day_from"),
            day_to=data.get("day_to"),
            branch=data.get("branch") or "",
            hour=data.get("hour"),
            stage=data.get("stage") or "",
        )


def _minutes(start: Any, end: Any) -> Decimal | None:
    if start is None or end is None:
        return None
    return (Decimal((end - start).total_seconds()) / _MINUTE).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _local(moment: Any) -> Any:
    return None if moment is None else timezone.localtime(moment)


def _row(ticket: QueueTicket) -> dict[str, Any]:
    return {
        "ticket": ticket,
        "branch": region_name(ticket.branch),
        "issued": _local(ticket.issued_at),
        "called": _local(ticket.called_at),
        "served": _local(ticket.served_at),
        "wait": _minutes(ticket.issued_at, ticket.called_at),
        "service": _minutes(ticket.called_at, ticket.served_at),
    }


EXPORT_HEADER = (
    gettext_lazy("Branch"),
    gettext_lazy("Day"),
    gettext_lazy("Number"),
    gettext_lazy("Service asked"),
    gettext_lazy("Issued at"),
    gettext_lazy("Called at"),
    gettext_lazy("Served at"),
    gettext_lazy("Counter"),
    gettext_lazy("Wait (minutes)"),
    gettext_lazy("Service time (minutes)"),
)


def _export_row(ticket: QueueTicket) -> list[Any]:
    row = _row(ticket)
    return [
        row["branch"],
        ticket.day,
        ticket.label,
        ticket.get_service_display(),
        row["issued"],
        row["called"],
        row["served"],
        ticket.counter,
        row["wait"],
        row["service"],
    ]


@login_required
@capability_required("registry.view")
def ticket_list(request: Any):
    """The queue tickets issued, oldest first."""
    form = TicketFilterForm(request.GET or None)
    filters = form.filters()
    title = _("Queue tickets")
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(t) for t in tickets_export_issued(user=request.user, filters=filters))
        return export_response(
            fmt=fmt, title=title, header=EXPORT_HEADER, rows=rows, day=timezone.localdate()
        )
    page = ticket_list_issued(user=request.user, filters=filters, after=request.GET.get("after", ""))
    context = {
        "title": title,
        "form": form,
        "page": page,
        "rows": [_row(t) for t in page.rows],
        "query": filter_query(request.GET),
        **export_links(request.GET),
    }
    return render(request, "registry/queue/ticket_list.html", context)
