"""The member page, contributions and their printable receipt, and the enrollments' 30-day clock."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sanad.common.errors import DomainError
from sanad.common.permissions import can, capability_required
from sanad.registry.forms import CertificateAddForm, ContributionCorrectionForm, ContributionForm
from sanad.registry.forms_enrollment import add_domain_error
from sanad.registry.inputs import CertificateInput
from sanad.registry.models import (
    ContributionCorrection,
    ContributionStatus,
    CorrectionStatus,
    Dependant,
    Enrollment,
    SupportingCertificate,
)
from sanad.registry.selectors import pages as reads
from sanad.registry.selectors.record_reads import member_document_read, member_reads, member_record_read
from sanad.registry.services import contribution_record
from sanad.registry.services.certify import enrollment_certify as certify
from sanad.registry.services.documents import certificate_add as certificate_file


def _member(pk: int):
    member = reads.member_get(pk=pk)
    if member is None:
        raise Http404
    return member


def _detail(
    request: Any,
    member,
    form: ContributionForm | None = None,
    status: int = 200,
    certificate_form: CertificateAddForm | None = None,
    correction_form: ContributionCorrectionForm | None = None,
):
    today = timezone.localdate()
    # Every showing of the full record is a read audited (issue 16, §2), and the page lists the latest.
    member_record_read(actor=request.user, member=member)
    context = reads.member_page(member=member, today=today)
    context["reads"] = member_reads(member=member)
    context["may_record"] = can(request.user, "registry.enroll")
    context["may_review"] = can(request.user, "registry.review")
    context["form"] = form or ContributionForm(initial={"paid_on": today})
    # Each dependant with their rights today and, for the counter, the form to file a certificate later.
    rows = []
    for dependant, rights in context["dependants"]:
        add = None
        if context["may_record"]:
            bound = certificate_form is not None and certificate_form.dependant.pk == dependant.pk
            add = certificate_form if bound else CertificateAddForm(dependant=dependant)
            if not add.fields["kind"].choices:
                add = None
        rows.append((dependant, rights, add))
    context["dependants"] = rows
    context["contribution_rows"] = _contribution_rows(
        context["contributions"], context["may_record"], correction_form
    )
    return render(request, "registry/member_detail.html", context, status=status)


def _contribution_rows(contributions, may_record: bool, bound: ContributionCorrectionForm | None):
    """Each payment with the correction waiting on it, and the form to correct it while it stands."""
    pending = {
        c.contribution_id: c
        for c in ContributionCorrection.objects.filter(
            contribution__in=contributions, status=CorrectionStatus.PENDING
        ).select_related("requested_by")
    }
    rows = []
    for contribution in contributions:
        form = None
        if (
            may_record
            and contribution.status == ContributionStatus.RECORDED
            and contribution.pk not in pending
        ):
            same = bound is not None and bound.contribution.pk == contribution.pk
            form = bound if same else ContributionCorrectionForm(contribution=contribution)
        rows.append((contribution, pending.get(contribution.pk), form))
    return rows


def member_page_render(request: Any, member_id: int, *, status: int = 200, **forms: Any):
    """The member page with the forms of a refused entry bound, their errors next to their fields."""
    return _detail(request, _member(member_id), status=status, **forms)


@login_required
@capability_required("registry.view")
def member_detail(request: Any, pk: int):
    return _detail(request, _member(pk))


@login_required
@capability_required("registry.enroll")
def contribution_fields(request: Any, pk: int):
    """The fields of the chosen way of paying (htmx swaps them in when the method changes)."""
    form = ContributionForm(initial={"method": request.GET.get("method", "")})
    return render(request, "registry/_method_fields.html", {"form": form})


@require_POST
@login_required
@capability_required("registry.enroll")
def contribution_add(request: Any, pk: int):
    member = _member(pk)
    form = ContributionForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            contribution = contribution_record(actor=request.user, member_id=member.pk, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Contribution recorded: receipt %(n)s.") % {"n": contribution.receipt_number}
            )
            return redirect("registry:receipt", pk=contribution.pk)
    messages.error(request, _("Please correct the errors below."))
    return _detail(request, member, form=form, status=400)


@require_POST
@login_required
@capability_required("registry.enroll")
def certificate_add(request: Any, pk: int):
    """File a dependant's supporting certificate after the enrollment (school year, medical control)."""
    dependant = Dependant.objects.filter(pk=pk).only("pk", "member_id", "relationship", "disabled").first()
    if dependant is None:
        raise Http404
    member = _member(dependant.member_id)
    form = CertificateAddForm(request.POST, request.FILES, dependant=dependant)
    if form.is_valid():
        data = form.cleaned_data
        certificate = CertificateInput(
            kind=data["kind"],
            issued_on=data["issued_on"],
            expires_on=data.get("expires_on"),
            reference=data.get("reference") or "",
            scan=data.get("scan"),
        )
        try:
            row = certificate_file(actor=request.user, dependant_id=dependant.pk, certificate=certificate)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Certificate filed: %(kind)s.") % {"kind": row.get_kind_display()})
            return redirect("registry:member_detail", pk=member.pk)
    messages.error(request, _("Please correct the errors below."))
    return _detail(request, member, status=400, certificate_form=form)


def _may_see_scan(user: Any, certificate: SupportingCertificate) -> bool:
    """Staff of the register, or the insured person of the dependant's own family."""
    if can(user, "registry.view"):
        return True
    return can(user, "self.view") and certificate.dependant.member.user_id == user.pk


@never_cache
@require_GET
@login_required
def certificate_scan(request: Any, pk: int):
    """A certificate's scan, personal data: served through this check only, never from MEDIA_URL.

    Anyone else gets 404, so that the answer does not tell whether the certificate exists.
    """
    certificate = SupportingCertificate.objects.select_related("dependant__member").filter(pk=pk).first()
    if certificate is None or not certificate.scan or not _may_see_scan(request.user, certificate):
        raise Http404
    try:
        handle = certificate.scan.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    member_document_read(actor=request.user, certificate=certificate)
    name = PurePosixPath(certificate.scan.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, filename=name, content_type=content_type)


@require_POST
@login_required
@capability_required("registry.review")
def enrollment_certify(request: Any, pk: int):
    """The officer certifies a checked enrollment: the certificate is issued and sent by SMS (seed 003)."""
    enrollment = Enrollment.objects.select_related("member").filter(pk=pk).first()
    if enrollment is None:
        raise Http404
    try:
        certify(actor=request.user, enrollment_id=enrollment.pk, on=timezone.localdate())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Enrollment certified: the rights certificate is sent by SMS to the member's phone.")
            if enrollment.member.phone
            else _("Enrollment certified. The member has no phone number: hand the certificate over."),
        )
    return redirect("registry:member_detail", pk=enrollment.member_id)


@login_required
@capability_required("registry.view")
def receipt(request: Any, pk: int):
    """The receipt of a payment, to print, with its PDF; a payment voided, refunded or replaced says so."""
    from sanad.registry.selectors.papers import contribution_paper

    paper = contribution_paper(pk=pk, user=request.user)
    if paper is None:
        raise Http404
    return render(request, "registry/receipt.html", {"c": paper.contribution, "paper": paper})
