"""The certificate download (staff of the register, or the insured person themself) and the public check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sanad.common.errors import DomainError, ErrorCode
from sanad.registry.certificates.document import certificate_download
from sanad.registry.certificates.services import certificate_verify
from sanad.registry.certificates.signing import public_key_pem


@require_GET
@login_required
def download(request, registration_number: str):
    """The PDF certificate; another member's number is 404 for an insured person."""
    try:
        name, pdf = certificate_download(user=request.user, registration_number=registration_number)
    except DomainError as error:
        if error.code in (ErrorCode.NOT_FOUND, ErrorCode.INVALID):
            raise Http404(error.message) from error
        messages.error(request, error.message)
        return redirect("home")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@never_cache
def verify(request, token: str):
    """Public, no login: is the certificate genuine, and are its beneficiaries covered today. `token` is the
    QR code's signed token or the SMS's short code."""
    verification = certificate_verify(token)
    response = render(request, "registry/certificate/verify.html", {"verification": verification})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def public_key(request):
    """The fund's public key (PEM), for facilities that check certificates offline."""
    return HttpResponse(public_key_pem(), content_type="application/x-pem-file")
