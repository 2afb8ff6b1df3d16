"""The HTTP call to a participant's callback: `{"payload": "<compact JWE>"}` POSTed as JSON. Tests replace
`callback_post` with a stub."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings


class CallbackError(Exception):
    """The callback did not accept the answer: no answer (status 0) or a status other than 2xx."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def callback_post(url: str, payload: str, headers: dict[str, str] | None = None) -> int:
    """POST the encrypted answer; its HTTP status if 2xx, else CallbackError."""
    if not url.startswith(("https://", "http://")):  # registered so (participant_register); never file:
        raise CallbackError(0, "not an http(s) address")
    body = json.dumps({"payload": payload}).encode()
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, data=body, method="POST", headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SANAD_HCX_CALLBACK_TIMEOUT) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        raise CallbackError(error.code, f"HTTP {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise CallbackError(0, f"{type(error).__name__}: {error}") from error


def hook_send(method: str, url: str, body: bytes, headers: dict[str, str]) -> int:
    """Send a subscription's notification (a FHIR rest-hook); its HTTP status if 2xx, else CallbackError.
    Tests replace it, or answer it from a local server."""
    if not url.startswith(("https://", "http://")):  # checked when subscribed; never file:
        raise CallbackError(0, "not an http(s) address")
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.SANAD_HCX_CALLBACK_TIMEOUT) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        raise CallbackError(error.code, f"HTTP {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise CallbackError(0, f"{type(error).__name__}: {error}") from error
