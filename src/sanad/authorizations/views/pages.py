"""The list of requests (filtered, paged by key, exported as CSV or XLSX with the same filters), a request's
page with everything its reader may see, and its scans (the confidential report to advisers only)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sanad.authorizations import forms, selectors
from sanad.authorizations.models import RequestDocument
from sanad.authorizations.services.documents import medical_report_read
from sanad.authorizations.statuses import APPROVALS, OPEN, RequestStatus
from sanad.authorizations.templatetags.sanad_authorizations import (
    countdown,
    document_label,
    request_type_label,
)
from sanad.authorizations.views.common import person_name, visible
from sanad.authorizations.views.detail import detail_page
from sanad.common.export import (
    EXPORT_CHUNK,
    export_format,
    export_links,
    export_response,
    filter_query,
    rows_by_key,
)
from sanad.common.paging import key_page
from sanad.common.permissions import can
from sanad.common.templatetags.sanad import local_name
from sanad.funds.active import active_profile

EXPORT_HEADER = (
    gettext_lazy("Reference"),
    gettext_lazy("Facility"),
    gettext_lazy("Beneficiary"),
    gettext_lazy("Registration number"),
    gettext_lazy("Type of request"),
    gettext_lazy("Status"),
    gettext_lazy("Submitted on"),
    gettext_lazy("Answer due by"),
    gettext_lazy("Time left"),
    gettext_lazy("Valid to"),
)


def _export_row(profile: Any, row: Any, now: Any) -> list[Any]:
    countdown_row = selectors.request_row(profile, row, now)
    return [
        row.reference,
        f"{row.facility.code} {local_name(row.facility)}",
        person_name(row.dependant or row.member),
        row.member.registration_number,
        request_type_label(row.request_type),
        row.get_status_display(),
        timezone.localtime(row.submitted_at),
        timezone.localtime(row.due_at) if row.due_at and row.status in OPEN else None,
        countdown(countdown_row.left) if row.status in OPEN else "",
        row.decision.valid_to if row.decision and row.status in APPROVALS else None,
    ]


@require_GET
@login_required
def request_list(request: Any):
    """The requests the user may see, newest first, with their countdown; `?export=csv|xlsx` downloads the
    filtered list."""
    profile = active_profile()
    selectors.requests_visible(user=request.user)  # who may read which requests is settled first
    form = forms.FilterForm(request.GET or None)
    blank = [("", "—")]
    form.fields["status"].choices = blank + list(RequestStatus.choices)
    form.fields["request_type"].choices = blank + [
        (t.code, t.label.get_text()) for t in profile.authorization_requests.types
    ]
    fund_staff = can(request.user, "authorizations.view")
    if not fund_staff:
        del form.fields["facility"]
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    now = timezone.now()
    fmt = export_format(request.GET)
    if fmt:
        rows = rows_by_key(
            lambda after: key_page(
                selectors.request_rows(user=request.user, **filters), key="id", after=after, size=EXPORT_CHUNK
            )
        )
        return export_response(
            fmt=fmt,
            title=_("Prior authorizations"),
            header=EXPORT_HEADER,
            rows=(_export_row(profile, row, now) for row in rows),
            day=timezone.localdate(),
        )
    page = selectors.request_page(
        user=request.user, older=request.GET.get("older", ""), newer=request.GET.get("newer", ""), **filters
    )
    context = {
        "form": form,
        "rows": [selectors.request_row(profile, row, now) for row in page.rows],
        "page": page,
        "query": filter_query(request.GET),
        "fund_staff": fund_staff,
        "may_submit": can(request.user, "authorizations.submit"),
        **export_links(request.GET),
    }
    return render(request, "authorizations/list.html", context)


@require_GET
@login_required
def request_detail(request: Any, reference: str):
    return detail_page(request, visible(request, reference))


@require_GET
@login_required
def request_document(request: Any, reference: str, pk: int):
    """A scan of the request, to those who may see the request; the confidential report to advisers only."""
    found = visible(request, reference)
    document = RequestDocument.objects.filter(pk=pk, request=found).first()
    if document is None or (document.confidential and not can(request.user, "authorizations.confidential")):
        raise Http404(_("No such document."))
    if document.confidential:
        medical_report_read(actor=request.user, document=document)
    # Named after the request and the paper in the reader's language; the stored name is random.
    label = slugify(document_label(document.code), allow_unicode=True) or "document"
    suffix = PurePosixPath(document.scan.name).suffix
    response = FileResponse(document.scan.open("rb"), filename=f"{found.reference}-{label}{suffix}")
    response["Cache-Control"] = "private, no-store"
    return response
