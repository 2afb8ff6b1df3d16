"""The agreement requests decided in a period (issue 20): the list behind the agreements' clock, opened by
the indicator's link with its period and dimensions; `?export=csv|xlsx` downloads the filtered list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import capability_required
from sanad.common.templatetags.sanad import local_name
from sanad.common.vocabulary import FacilityKind
from sanad.funds.active import active_profile
from sanad.providers.models import AgreementRequest, Facility
from sanad.providers.selectors.agreements_decided import (
    AgreementDecidedFilters,
    agreement_list_decided,
    agreements_export_decided,
)
from sanad.providers.statuses import AgreementStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


def _ordered(form: forms.Form, start: str, end: str, message: Any) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first is not None and last is not None and last < first:
        form.add_error(end, message)


class AgreementDecidedFilterForm(forms.Form):
    decided_from = forms.DateField(label=gettext_lazy("Decided from"), widget=DateInput, required=False)
    decided_to = forms.DateField(label=gettext_lazy("Decided until"), widget=DateInput, required=False)
    facility = forms.CharField(label=gettext_lazy("Facility code"), max_length=32, required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    facility_kind = forms.ChoiceField(label=gettext_lazy("Kind of facility"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    days_from = forms.IntegerField(
        label=gettext_lazy("Days to the decision, from"), min_value=0, required=False
    )
    days_to = forms.IntegerField(
        label=gettext_lazy("Days to the decision, up to"), min_value=0, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [(r.code, r.name.get_text()) for r in active_profile().regions]
        self.fields["region"].choices = [("", gettext_lazy("Every region")), *regions]
        self.fields["facility_kind"].choices = [
            ("", gettext_lazy("Every kind of facility")),
            *FacilityKind.choices,
        ]
        self.fields["status"].choices = [("", gettext_lazy("All statuses")), *AgreementStatus.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(
            self, "decided_from", "decided_to", gettext_lazy("The end of the period comes before its start.")
        )
        _ordered(
            self, "days_from", "days_to", gettext_lazy("The upper number of days is below the lower one.")
        )
        return data

    def filters(self) -> AgreementDecidedFilters:
        # A form with errors filters nothing: the page shows the errors next to their fields.
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        code = (data.get("facility") or "").strip().upper()
        facility_ids = (
            tuple(Facility.objects.filter(code=code).values_list("pk", flat=True)) if code else None
        )
        return AgreementDecidedFilters(
            decided_from=data.get("decided_from"),
            decided_to=data.get("decided_to"),
            facility_ids=facility_ids,
            region=data.get("region") or "",
            facility_kind=data.get("facility_kind") or "",
            status=data.get("status") or "",
            days_from=data.get("days_from"),
            days_to=data.get("days_to"),
        )


EXPORT_HEADER = (
    gettext_lazy("Reference"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Request date"),
    gettext_lazy("Due on"),
    gettext_lazy("Decided on"),
    gettext_lazy("Days to the decision"),
    gettext_lazy("Within the processing time"),
    gettext_lazy("Status"),
)


def _days(request: AgreementRequest) -> int:
    return max((request.decided_on - request.requested_on).days, 0)


def _export_row(request: AgreementRequest) -> list[Any]:
    return [
        request.reference,
        request.facility.code,
        local_name(request.facility),
        request.requested_on,
        request.due_on,
        request.decided_on,
        _days(request),
        request.decided_on <= request.due_on,
        request.get_status_display(),
    ]


@login_required
@capability_required("providers.view")
def agreements_decided_list(request: Any):
    """Agreement requests decided in a period, oldest decided first."""
    form = AgreementDecidedFilterForm(request.GET or None)
    filters = form.filters()
    title = _("Agreement requests decided")
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(r) for r in agreements_export_decided(user=request.user, filters=filters))
        return export_response(
            fmt=fmt, title=title, header=EXPORT_HEADER, rows=rows, day=timezone.localdate()
        )
    page = agreement_list_decided(user=request.user, filters=filters, after=request.GET.get("after", ""))
    rows = [{"request": r, "days": _days(r), "on_time": r.decided_on <= r.due_on} for r in page.rows]
    context = {
        "title": title,
        "form": form,
        "page": page,
        "rows": rows,
        "query": filter_query(request.GET),
        **export_links(request.GET),
    }
    return render(request, "providers/agreements_decided.html", context)
