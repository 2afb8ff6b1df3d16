"""The enrollment officers' queue of findings, closing a finding, and the register check of an enrollment."""

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
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile
from sanad.registry.forms import ScanField
from sanad.registry.quality.selectors import finding_queue
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
    for finding in page.rows:
        # The verdicts the register bears out for this kind; "same person" on two members is the merge.
        allowed = FINDING_VERDICTS.get(FindingKind(finding.kind), frozenset())
        finding.verdicts = [(v.value, v.label) for v in FindingVerdict if v in allowed and v != V.SAME_PERSON]
        finding.needs_document = bool(allowed & VERDICTS_WITH_DOCUMENT)
        finding.member_pair = finding_is_member_pair(finding)
        finding.correct_if_same = V.SAME_PERSON in allowed and not finding.member_pair
    context = {
        "page": page,
        "kind": kind if kind in FindingKind.values else "",
        "kinds": FindingKind.choices,
        "document_kinds": [(k.code, k.label.get_text()) for k in active_profile().identity.documents],
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
