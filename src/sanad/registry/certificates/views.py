"""The certificate download (staff of the register, or the insured person themself) and the public check."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
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


# Other papers signed with the fund's key are checked at the same address: an app above the register names
# the first field of its payloads and the page that checks them, in its ready() (the register imports none).
VERIFY_KINDS: dict[str, Callable[[HttpRequest, str], HttpResponse]] = {}


def verify_kind_register(kind: str, view: Callable[[HttpRequest, str], HttpResponse]) -> None:
    """Send the tokens whose payload starts with `kind|` to `view(request, token)`, which checks them."""
    VERIFY_KINDS[kind] = view


def _payload_kind(token: str) -> str:
    """The first field of a token's payload, read before any check (the page of its kind checks it all)."""
    text = token.strip()
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return ""
    return data.split(b"|", 1)[0].decode("ascii", "replace")


@require_GET
@never_cache
def verify(request, token: str):
    """Public, no login: is the certificate genuine, and are its beneficiaries covered today. `token` is the
    QR code's signed token or the SMS's short code; a token of another kind of paper goes to its own page."""
    other = VERIFY_KINDS.get(_payload_kind(token))
    if other is not None:
        return other(request, token)
    verification = certificate_verify(token)
    response = render(request, "registry/certificate/verify.html", {"verification": verification})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def public_key(request):
    """The fund's public key (PEM), for facilities that check certificates offline."""
    return HttpResponse(public_key_pem(), content_type="application/x-pem-file")
