"""The certificate as a printable page: French and Arabic side by side, with its QR code."""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from sanad.common.pdf import html_to_pdf
from sanad.funds.active import active_profile
from sanad.registry.certificates.access import member_visible
from sanad.registry.certificates.services import Certificate, certificate_issue


def qr_svg(text: str) -> str:
    """An inline SVG QR code (error correction M: still readable when a corner is worn)."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=3, border=2)


def certificate_html(certificate: Certificate) -> str:
    return render_to_string(
        "registry/certificate/certificate.html",
        {
            "certificate": certificate,
            "member": certificate.member,
            "payload": certificate.payload,
            "profile": active_profile(),
            "qr": mark_safe(qr_svg(certificate.url)),  # noqa: S308 - segno's own SVG, no user text
        },
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    return html_to_pdf(certificate_html(certificate))


def certificate_download(*, user: Any, registration_number: str) -> tuple[str, bytes]:
    """(file name, PDF) of the certificate of a member `user` may see; issuing it leaves an audit event."""
    member = member_visible(user=user, registration_number=registration_number)
    certificate = certificate_issue(actor=user, member_id=member.pk)
    name = f"certificate-{member.registration_number}-{certificate.payload.issued_on:%Y%m%d}.pdf"
    return name, certificate_pdf(certificate)
