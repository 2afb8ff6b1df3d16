"""The keys of the exchange (jwcrypto): the fund's own key pair, whose private half decrypts what
participants send (`SANAD_HCX_PRIVATE_KEY_FILE`, PEM or JWK), and each participant's public key, to which
the answers are encrypted. On a developer's machine without a key file, one is made in var/ once."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jwcrypto import jwk

_KEY_BITS = 2048


def key_parse(text: str) -> jwk.JWK:
    """A key given as a JWK (JSON) or PEM; ValueError if it is neither."""
    text = text.strip()
    try:
        if text.startswith("{"):
            return jwk.JWK.from_json(text)
        return jwk.JWK.from_pem(text.encode())
    except Exception as error:  # jwcrypto raises several types for a bad key
        raise ValueError(str(error)) from error


def public_key_parse(text: str) -> jwk.JWK:
    """A participant's RSA public key; ValueError for anything else (a private key is refused: the fund
    must never hold it)."""
    key = key_parse(text)
    if key.get("kty") != "RSA":
        raise ValueError("not an RSA key")
    if key.has_private:
        raise ValueError("a private key")
    return key


def _generated(path: Path) -> None:
    key = jwk.JWK.generate(kty="RSA", size=_KEY_BITS)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key.export_to_pem(private_key=True, password=None))
    path.chmod(0o600)


@functools.cache
def _fund_key(name: str) -> jwk.JWK:
    path = Path(name) if name else Path(settings.VAR_DIR) / "hcx-private.pem"
    if not path.exists():
        if name or not settings.DEBUG:
            raise ImproperlyConfigured(f"SANAD_HCX_PRIVATE_KEY_FILE: no key at {path}")
        _generated(path)
    return key_parse(path.read_text())


def fund_private_key() -> jwk.JWK:
    """The fund's private key (read once per file)."""
    return _fund_key(settings.SANAD_HCX_PRIVATE_KEY_FILE)


def fund_public_key_pem() -> str:
    """What participants encrypt to: the fund's public key, as PEM (shown to administrators)."""
    return fund_private_key().export_to_pem().decode()
