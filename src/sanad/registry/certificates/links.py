"""The links to a certificate's verification page, both under the one public address of the settings.

- the QR code's: `/verify/<token>/`, the whole signed token, which a facility also checks offline;
- the SMS's: `/verify/<code>/`, a short code standing for the token (`CertificateLink`), short enough for
  the message to stay within its parts (2 in French, 3 in Arabic). The code is random, 10 signs of 31
  (about 49 bits): it cannot be guessed or counted through, and names nothing (no id, no number).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings

from sanad.registry.models import CertificateLink

CODE_LENGTH = 10
# Lower-case letters and digits without the look-alikes (0 o, 1 l i): a code read aloud or retyped survives.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def public_url(path: str) -> str:
    """`path` under the public address (settings.SANAD_PUBLIC_URL), as QR codes and SMS print it."""
    return f"{settings.SANAD_PUBLIC_URL.rstrip('/')}/{path.lstrip('/')}"


def verify_url(key: str) -> str:
    """The verification page of a token or of a short code."""
    return public_url(f"verify/{key}/")


def link_code(text: str) -> bool:
    """Whether `text` has the shape of a short code (a token is over 80 signs long)."""
    return len(text) == CODE_LENGTH and all(c in CODE_ALPHABET for c in text)


def link_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def certificate_link_create(*, member: Any, token: str) -> str:
    """A new short code for a certificate's token (called inside the certificate's issue, which audits)."""
    code = link_code_new()
    # About 10^15 codes: a draw already taken is all but impossible, and is drawn again.
    while CertificateLink.objects.filter(code=code).exists():
        code = link_code_new()
    CertificateLink.objects.create(code=code, token=token, member=member)
    return code


def certificate_link_token(code: str) -> str:
    """The token a short code stands for; "" for a code never given (or anything else)."""
    if not link_code(code):
        return ""
    return CertificateLink.objects.filter(code=code).values_list("token", flat=True).first() or ""
