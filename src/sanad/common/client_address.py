"""The address of the client behind a request, trusting X-Forwarded-For only as far as the site says."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry the outermost trusted proxy added.

    With SANAD_TRUSTED_PROXIES = n > 0, each of the n proxies in front of Sanad appends the address it saw,
    so the n-th entry from the right is the client as seen by the outermost proxy; entries further left
    were written by the client itself and prove nothing (an attacker would rotate them to escape the
    login and SMS limits). With 0 (the default), the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "SANAD_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < proxies:
        return remote
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
