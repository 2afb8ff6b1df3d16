"""The enrollment officers' queue of findings, closing a finding, and the register check of an enrollment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.registry.quality.selectors import finding_queue
from sanad.registry.quality.services import enrollment_quality_check, finding_close
from sanad.registry.quality.statuses import FindingKind, FindingStatus


def _back(request: Any) -> str:
    """Where to go after a post: the page it came from (same site only), or the queue."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("registry:quality_queue")


@login_required
@capability_required("registry.review")
def queue(request: Any):
    kind = request.GET.get("kind", "")
    page = finding_queue(
        kind=kind,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        today=timezone.localdate(),
    )
    context = {
        "page": page,
        "kind": kind if kind in FindingKind.values else "",
        "kinds": FindingKind.choices,
        "outcomes": [(FindingStatus.RESOLVED, _("Resolve")), (FindingStatus.DISMISSED, _("Dismiss"))],
    }
    return render(request, "registry/quality/queue.html", context)


@require_POST
@login_required
@capability_required("registry.review")
def close(request: Any, pk: int):
    try:
        finding = finding_close(
            actor=request.user,
            finding_id=pk,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Finding %(id)s: %(status)s.") % {"id": finding.pk, "status": finding.get_status_display()},
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
