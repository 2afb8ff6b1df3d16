"""The finance officer's list of validated files unpaid past their due date (the processing clock from
receipt to payment), with its filters and exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.paging import key_page
from sanad.common.permissions import capability_required
from sanad.common.templatetags.sanad import local_name
from sanad.funds.active import active_profile
from sanad.payments.forms import DateInput
from sanad.payments.statements.clock import OverdueFilters, files_unpaid_overdue, processing_clock

EXPORT_HEADER = (
    gettext_lazy("Invoice number"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Received on"),
    gettext_lazy("Due on"),
    gettext_lazy("Days since receipt"),
    gettext_lazy("Settlement run"),
    gettext_lazy("Payment order"),
)


class OverdueFilterForm(forms.Form):
    facility = forms.CharField(label=gettext_lazy("Facility code"), required=False, max_length=32)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    received_from = forms.DateField(label=gettext_lazy("Received from"), required=False, widget=DateInput)
    received_to = forms.DateField(label=gettext_lazy("Received until"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [(r.code, r.name.get_text()) for r in active_profile().regions]
        self.fields["region"].choices = [("", gettext_lazy("Every region")), *regions]

    def filters(self) -> OverdueFilters:
        if not self.is_bound or not self.is_valid():
            return OverdueFilters()
        data = self.cleaned_data
        return OverdueFilters(
            facility=data["facility"].strip(),
            region=data["region"],
            received_from=data["received_from"],
            received_to=data["received_to"],
        )


def _row(billing_file: Any, today: Any) -> dict[str, Any]:
    settled = getattr(billing_file, "settlement", None)
    clock = processing_clock(
        received_on=billing_file.received_on, due_on=billing_file.due_on, paid_on=None, today=today
    )
    return {
        "file": billing_file,
        "facility": local_name(billing_file.facility),
        "days": clock.days,
        "run": settled.run if settled else None,
        "order": settled.order.get_status_display() if settled else _("Not settled yet"),
    }


@login_required
@capability_required("payments.view")
def overdue_list(request: Any):
    """Validated files unpaid past their due date, oldest first; `?export=csv|xlsx` downloads them."""
    today = timezone.localdate()
    form = OverdueFilterForm(request.GET or None)
    rows = files_unpaid_overdue(today=today, filters=form.filters())
    fmt = export_format(request.GET)
    if fmt:
        cells = (
            [
                row["file"].invoice_number,
                row["file"].facility.code,
                row["facility"],
                row["file"].received_on,
                row["file"].due_on,
                row["days"],
                row["run"].number if row["run"] else "",
                row["order"],
            ]
            for row in (_row(f, today) for f in rows.iterator(chunk_size=1000))
        )
        title = _("Files unpaid past their due date")
        return export_response(fmt=fmt, title=title, header=EXPORT_HEADER, rows=cells, day=today)
    page = key_page(rows, key=("received_on", "id"), after=request.GET.get("after", ""))
    context = {
        "form": form,
        "page": page,
        "rows": [_row(f, today) for f in page.rows],
        "count": rows.count(),
        "query": filter_query(request.GET),
        **export_links(request.GET),
    }
    return render(request, "payments/overdue.html", context)
