"""The enrollment officers' queue of findings (filtered by kind, blocking or not, region and day found, paged
by key and exported as CSV or XLSX), closing a finding, and the register check of an enrollment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanad.common.errors import DomainError
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import can, capability_required
from sanad.common.scans import ScanField
from sanad.common.templatetags.sanad import region_name
from sanad.funds.active import active_profile
from sanad.registry.forms import DateInput
from sanad.registry.quality.selectors import FindingFilters, finding_list, findings_export
from sanad.registry.quality.services import (
    FindingEvidence,
    enrollment_quality_check,
    finding_close,
    finding_is_member_pair,
)
from sanad.registry.quality.statuses import (
    FINDING_VERDICTS,
    VERDICTS_WITH_DOCUMENT,
    FindingKind,
    FindingVerdict,
    V,
)


def _back(request: Any) -> str:
    """Where to go after a post: the page it came from (same site only), or the queue."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("registry:quality_queue")


BLOCKING_ONLY = "yes"
NOT_BLOCKING = "no"


class FindingFilterForm(forms.Form):
    """The queue of open findings: by kind, blocking or not, the member's region and the day found."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    blocking = forms.ChoiceField(label=gettext_lazy("Blocks the certificate"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    found_from = forms.DateField(label=gettext_lazy("Found from"), widget=DateInput, required=False)
    found_to = forms.DateField(label=gettext_lazy("Found until"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the regions' names and the labels in the reader's language.
        self.fields["kind"].choices = [("", gettext_lazy("All kinds")), *FindingKind.choices]
        self.fields["blocking"].choices = [
            ("", gettext_lazy("Blocking or not")),
            (BLOCKING_ONLY, gettext_lazy("Blocking only")),
            (NOT_BLOCKING, gettext_lazy("Not blocking only")),
        ]
        regions = sorted(active_profile().regions, key=lambda r: r.name.get_text())
        self.fields["region"].choices = [("", gettext_lazy("All regions"))] + [
            (r.code, r.name.get_text()) for r in regions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("found_from"), data.get("found_to")
        if start and end and end < start:
            self.add_error("found_to", gettext_lazy("The end of the period comes before its start."))
        return data

    def filters(self) -> FindingFilters:
        """The selector's filters; a form with errors filters nothing (its errors show by their fields)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        blocking = {BLOCKING_ONLY: True, NOT_BLOCKING: False}.get(data.get("blocking") or "")
        return FindingFilters(
            kind=data.get("kind") or "",
            blocking=blocking,
            region=data.get("region") or "",
            found_from=data.get("found_from"),
            found_to=data.get("found_to"),
        )


EXPORT_HEADER = (
    gettext_lazy("Kind"),
    gettext_lazy("Blocks the certificate"),
    gettext_lazy("Registration number"),
    gettext_lazy("Name"),
    gettext_lazy("Region"),
    gettext_lazy("Dependant"),
    gettext_lazy("Other member's registration number"),
    gettext_lazy("Other member"),
    gettext_lazy("Details"),
    gettext_lazy("Found on"),
    gettext_lazy("Enrollment due on"),
    gettext_lazy("Enrollment status"),
    gettext_lazy("Days left"),
)


def _export_row(finding: Any) -> list[Any]:
    member, other, enrollment = finding.member, finding.other_member, finding.enrollment
    return [
        finding.get_kind_display(),
        finding.blocking,
        member.registration_number,
        member.full_name,
        region_name(member.region),
        finding.dependant.full_name if finding.dependant is not None else "",
        other.registration_number if other is not None else "",
        other.full_name if other is not None else "",
        finding.text,
        finding.found_on,
        enrollment.due_on if enrollment is not None else None,
        enrollment.get_status_display() if enrollment is not None else "",
        finding.days_left,
    ]


@login_required
@capability_required("registry.review")
def queue(request: Any):
    """The open findings by number; `?export=csv|xlsx` downloads the filtered list."""
    today = timezone.localdate()
    form = FindingFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(f) for f in findings_export(user=request.user, filters=filters, today=today))
        title = _("Register checks")
        return export_response(fmt=fmt, title=title, header=EXPORT_HEADER, rows=rows, day=today)
    page = finding_list(
        user=request.user,
        filters=filters,
        today=today,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    for finding in page.rows:
        # The verdicts the register bears out for this kind; "same person" on two members is the merge.
        allowed = FINDING_VERDICTS.get(FindingKind(finding.kind), frozenset())
        finding.verdicts = [(v.value, v.label) for v in FindingVerdict if v in allowed and v != V.SAME_PERSON]
        finding.needs_document = bool(allowed & VERDICTS_WITH_DOCUMENT)
        finding.member_pair = finding_is_member_pair(finding)
        finding.correct_if_same = V.SAME_PERSON in allowed and not finding.member_pair
    context = {
        "form": form,
        "page": page,
        "query": filter_query(request.GET),
        "document_kinds": [(k.code, k.label.get_text()) for k in active_profile().identity.documents],
        # A person's name leads to the member's page for those who may read the register.
        "may_read_register": can(request.user, "registry.view"),
        **export_links(request.GET),
    }
    return render(request, "registry/quality/queue.html", context)


class CloseForm(forms.Form):
    verdict = forms.ChoiceField(label=gettext_lazy("Verdict"), choices=FindingVerdict.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    evidence_kind = forms.CharField(label=gettext_lazy("Document"), max_length=40, required=False)
    evidence_reference = forms.CharField(label=gettext_lazy("Document number"), max_length=60, required=False)
    evidence_scan = ScanField(label=gettext_lazy("Scan of the document"))


@require_POST
@login_required
@capability_required("registry.review")
def close(request: Any, pk: int):
    """Close a finding with a verdict; "different people" and "the dates are right" carry their document."""
    form = CloseForm(request.POST, request.FILES)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {errors[0]}")
        return redirect(_back(request))
    data = form.cleaned_data
    evidence = FindingEvidence(
        kind=data["evidence_kind"], reference=data["evidence_reference"], scan=data.get("evidence_scan")
    )
    try:
        finding = finding_close(
            actor=request.user,
            finding_id=pk,
            verdict=data["verdict"],
            reason=data["reason"],
            evidence=evidence,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(kind)s, %(number)s: %(status)s.")
            % {
                "kind": finding.get_kind_display(),
                "number": finding.member.registration_number,
                "status": finding.get_status_display(),
            },
        )
    return redirect(_back(request))


@require_POST
@login_required
@capability_required("registry.review")
def check(request: Any, enrollment_id: int):
    """Run the register check on an enrollment; it becomes "checked" when nothing blocking is open."""
    try:
        run = enrollment_quality_check(
            actor=request.user, enrollment_id=enrollment_id, on=timezone.localdate()
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if run.passed:
            messages.success(request, _("Register check passed: no blocking finding."))
        else:
            messages.warning(
                request,
                _("Register check: %(count)s blocking finding(s) to resolve.") % {"count": run.blocking_open},
            )
    return redirect(_back(request))
