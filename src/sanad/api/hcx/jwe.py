"""JWE as HCX uses it (jwcrypto): compact serialization, RSA-OAEP to the recipient's public key, A256GCM;
the protocol headers (`x-hcx-*`) in the protected header, so that tampering with them fails decryption."""

from __future__ import annotations

import json
from typing import Any

from jwcrypto import jwe, jwk

ALG, ENC = "RSA-OAEP", "A256GCM"


class JweError(Exception):
    """A payload that is not a compact JWE of RSA-OAEP/A256GCM, or that does not decrypt."""


def jwe_encrypt(payload: dict[str, Any], *, key: jwk.JWK, headers: dict[str, Any]) -> str:
    protected = {"alg": ALG, "enc": ENC, **headers}
    token = jwe.JWE(
        json.dumps(payload, ensure_ascii=False).encode(), recipient=key, protected=json.dumps(protected)
    )
    return token.serialize(compact=True)


def jwe_read(compact: str) -> tuple[jwe.JWE, dict[str, Any]]:
    """The token parsed (not yet decrypted) and its protected header; JweError if it is not a compact JWE
    of the expected algorithms."""
    token = jwe.JWE()
    token.allowed_algs = [ALG, ENC]
    try:
        token.deserialize(compact)
        header = json.loads(token.objects["protected"])
    except Exception as error:  # jwcrypto raises several types for a malformed token
        raise JweError(str(error)) from error
    if not isinstance(header, dict) or header.get("alg") != ALG or header.get("enc") != ENC:
        raise JweError("algorithm")
    return token, header


def jwe_decrypt(token: jwe.JWE, key: jwk.JWK) -> bytes:
    try:
        token.decrypt(key)
    except Exception as error:  # a wrong key, a tampered header, cipher text or tag
        raise JweError(str(error)) from error
    return token.payload
