"""The HTTP call to a participant's callback: `{"payload": "<compact JWE>"}` POSTed as JSON. Tests replace
`callback_post` with a stub."""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import urllib.error
import urllib.parse
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


def _addresses(host: str, port: int) -> list[str]:
    """Every address the host's name resolves to (an address written as such: itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise CallbackError(0, f"the name {host} does not resolve: {error}") from error
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def _address_refused(address: str, *, loopback_allowed: bool) -> bool:
    """An address a notification must not reach: a private network's or this machine's (unless sending to
    this machine is allowed, on a developer's machine or in the tests)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if loopback_allowed and ip.is_loopback:
        return False
    return not ip.is_global


def hook_send(
    method: str, url: str, body: bytes, headers: dict[str, str], *, loopback_allowed: bool = False
) -> int:
    """Send a subscription's notification (a FHIR rest-hook); its HTTP status if 2xx, else CallbackError.

    The client chose the address: the name is resolved here and refused if any of its addresses is a
    private network's (a public name may point inside), then the connection is made to the address that
    was checked (a second resolution could answer otherwise), the certificate still checked against the
    name; a redirect is not followed. Tests replace it, or answer it from a local server."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:  # checked when subscribed
        raise CallbackError(0, "not an http(s) address")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = _addresses(parts.hostname, port)
    refused = [a for a in addresses if _address_refused(a, loopback_allowed=loopback_allowed)]
    if refused or not addresses:
        raise CallbackError(0, f"the name {parts.hostname} leads to a private address ({', '.join(refused)})")
    timeout = settings.SANAD_HCX_CALLBACK_TIMEOUT
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, port, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
    checked = addresses[0]
    connection._create_connection = lambda _address, *args: socket.create_connection(  # type: ignore[attr-defined]
        (checked, port), *args
    )
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        connection.request(method, target, body=body, headers=headers)
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise CallbackError(0, f"{type(error).__name__}: {error}") from error
    finally:
        connection.close()
    if not 200 <= status < 300:
        raise CallbackError(status, f"HTTP {status}")
    return int(status)
