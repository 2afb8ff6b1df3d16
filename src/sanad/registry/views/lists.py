"""The register's lists: the enrollments, filtered by region, status, name or registration number and day of
submission, paged by key and exported as CSV or XLSX with the same filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import capability_required
from sanad.common.templatetags.sanad import region_name
from sanad.funds.active import active_profile
from sanad.registry.forms import DateInput
from sanad.registry.selectors import enrollment as reads
from sanad.registry.statuses import ENROLLMENT_CLOCK_RUNNING, EnrollmentStatus

WAITING = ""  # the list's first view: the enrollments whose clock runs
ANY_STATUS = "any"


class EnrollmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or registration number"), max_length=120, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    submitted_from = forms.DateField(label=_("Submitted from"), widget=DateInput, required=False)
    submitted_to = forms.DateField(label=_("Submitted until"), widget=DateInput, required=False)
    decided_from = forms.DateField(label=_("Decided from"), widget=DateInput, required=False)
    decided_to = forms.DateField(label=_("Decided until"), widget=DateInput, required=False)
    overdue = forms.BooleanField(label=_("Only the overdue ones"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the regions' names and the labels in the reader's language.
        regions = sorted(active_profile().regions, key=lambda r: r.name.get_text())
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.code, r.name.get_text()) for r in regions
        ]
        self.fields["status"].choices = [
            (WAITING, _("Waiting for a decision")),
            (ANY_STATUS, _("Any status")),
            *EnrollmentStatus.choices,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", _("The end of the period comes before its start."))
        start, end = data.get("decided_from"), data.get("decided_to")
        if start and end and end < start:
            self.add_error("decided_to", _("The end of the period comes before its start."))
        return data

    def filters(self) -> reads.EnrollmentFilters:
        """The selector's filters; a form with errors filters nothing but its status default."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status") or WAITING
        statuses = {WAITING: ENROLLMENT_CLOCK_RUNNING, ANY_STATUS: None}.get(status, {status})
        return reads.EnrollmentFilters(
            statuses=statuses,
            region=data.get("region") or "",
            text=data.get("q") or "",
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
            decided_from=data.get("decided_from"),
            decided_to=data.get("decided_to"),
            overdue=bool(data.get("overdue")),
        )


def _export_row(enrollment: Any) -> list[Any]:
    member = enrollment.member
    return [
        member.registration_number,
        member.full_name,
        member.full_name_ar,
        region_name(member.region),
        enrollment.get_status_display(),
        enrollment.submitted_on,
        enrollment.due_on,
        enrollment.days_left,
    ]


EXPORT_HEADER = (
    _("Registration number"),
    _("Name"),
    _("Name in Arabic"),
    _("Region"),
    _("Status"),
    _("Submitted on"),
    _("Due on"),
    _("Days left"),
)


@login_required
@capability_required("registry.view")
def enrollment_list(request: Any):
    """The enrollments, waiting ones first by due date; `?export=csv|xlsx` downloads the filtered list."""
    today = timezone.localdate()
    form = EnrollmentFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (
            _export_row(e) for e in reads.enrollments_export(user=request.user, filters=filters, today=today)
        )
        return export_response(fmt=fmt, title=_("Enrollments"), header=EXPORT_HEADER, rows=rows, day=today)
    page = reads.enrollment_list(
        user=request.user,
        filters=filters,
        today=today,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    context = {
        "form": form,
        "page": page,
        "overdue": filters.overdue,
        "query": filter_query(request.GET),
        **export_links(request.GET),
    }
    return render(request, "registry/enrollment_list.html", context)
