"""Ed25519 signing of certificate payloads and the URL-safe token a QR code carries.

Token = base64url (no padding) of `payload bytes + 64-byte signature`. Anyone holding the fund's public key
(`sanad signing_public_key`) can check a token offline: decode it, split off the last 64 bytes, verify
them over the rest with Ed25519.
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SIGNATURE_BYTES = 64


class TokenError(ValueError):
    """A token is not base64url or too short to hold a signature (malformed), or its signature fails."""

    def __init__(self, reason: str) -> None:
        self.reason = reason  # "malformed" or "tampered"
        super().__init__(reason)


@lru_cache(maxsize=4)
def _private_key(encoded: str) -> Ed25519PrivateKey:
    if not encoded:
        raise ImproperlyConfigured(
            "SANAD_SIGNING_KEY is not set: give it the base64 of a 32-byte Ed25519 private key "
            "(the certificates' QR codes are signed with it)."
        )
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured("SANAD_SIGNING_KEY is not valid base64.") from error
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"SANAD_SIGNING_KEY must decode to 32 bytes (an Ed25519 private key), not {len(raw)}."
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def signing_key() -> Ed25519PrivateKey:
    """The fund's private key, from settings.SANAD_SIGNING_KEY."""
    return _private_key(getattr(settings, "SANAD_SIGNING_KEY", "") or "")


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_base64() -> str:
    """The raw 32-byte public key in base64: what facilities configure to check codes offline."""
    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token_sign(payload: bytes) -> str:
    """The token of `payload`: base64url of the payload followed by its signature."""
    return _b64url(payload + signing_key().sign(payload))


def token_open(token: str) -> bytes:
    """The payload of a genuine token; TokenError("malformed") or TokenError("tampered") otherwise."""
    token = token.strip()
    if not token or len(token) > 2000 or not token.isascii():
        raise TokenError("malformed")
    try:
        data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError) as error:
        raise TokenError("malformed") from error
    if len(data) <= SIGNATURE_BYTES:
        raise TokenError("malformed")
    # Base64 ignores the spare bits of its last character; a token must be the one encoding of its bytes.
    if _b64url(data) != token:
        raise TokenError("tampered")
    payload, signature = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
    try:
        public_key().verify(signature, payload)
    except InvalidSignature as error:
        raise TokenError("tampered") from error
    return payload
