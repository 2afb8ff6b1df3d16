"""One transport class per channel, as healthchecks does it: `send` delivers or raises TransportError.

Chosen by settings.SMS_TRANSPORT: `console` (development: logs a redacted line), `file` (appends one JSON
line per message, for demos and tests) and `http` (a generic SMS gateway: POST JSON with a bearer token).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from sanad.common.logging import redact

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Sms:
    """What a transport needs: no model, so that a transport can be tested alone."""

    recipient: str
    text: str
    sender: str
    reference: str  # our message id, echoed by gateways in delivery reports


class TransportError(Exception):
    """The message was not accepted; the worker retries it later."""


class Transport:
    name = ""

    def send(self, sms: Sms) -> str:
        """Deliver `sms`; return the provider's message id. Raise TransportError when it was not taken."""
        raise NotImplementedError


class Console(Transport):
    """Development: a log line with the phone number and the text masked (they are personal data)."""

    name = "console"

    def send(self, sms: Sms) -> str:
        logger.info("SMS %s to %s: %s", sms.reference, redact(sms.recipient), redact(sms.text))
        return f"console-{uuid.uuid4().hex[:12]}"


class File(Transport):
    """Appends one JSON line per message to settings.SMS_FILE_PATH (default var/sms-outbox.jsonl)."""

    name = "file"

    @staticmethod
    def path() -> Path:
        configured = getattr(settings, "SMS_FILE_PATH", "")
        return Path(configured) if configured else Path(settings.VAR_DIR) / "sms-outbox.jsonl"

    def send(self, sms: Sms) -> str:
        provider_id = f"file-{uuid.uuid4().hex[:12]}"
        line = json.dumps(
            {**asdict(sms), "id": provider_id, "at": timezone.now().isoformat()}, ensure_ascii=False
        )
        path = self.path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # One write of a whole line in append mode: lines of two workers do not interleave.
            with path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        except OSError as error:
            raise TransportError(f"cannot write {path.name}: {error.strerror}") from error
        return provider_id


class HttpGateway(Transport):
    """POST {"to", "from", "text", "reference"} to SMS_GATEWAY_URL with `Authorization: Bearer <token>`.

    Any 2xx is accepted (the gateway's `id` or `message_id` is kept); anything else, or no answer within
    SMS_GATEWAY_TIMEOUT seconds, is a failure to retry.
    """

    name = "http"

    def send(self, sms: Sms) -> str:
        url = settings.SMS_GATEWAY_URL
        if not url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an http(s) address of the SMS gateway.")
        body = json.dumps(
            {"to": sms.recipient, "from": sms.sender, "text": sms.text, "reference": sms.reference}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
        )
        timeout = float(getattr(settings, "SMS_GATEWAY_TIMEOUT", 10))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status, answer = response.status, response.read(65536)
        except urllib.error.HTTPError as error:
            raise TransportError(f"gateway answered HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise TransportError(f"gateway unreachable: {reason}") from error
        if not 200 <= status < 300:
            raise TransportError(f"gateway answered HTTP {status}")
        try:
            data = json.loads(answer or b"{}")
        except ValueError:
            data = {}
        provider_id = (data.get("id") or data.get("message_id")) if isinstance(data, dict) else None
        return str(provider_id or "")


TRANSPORTS: dict[str, type[Transport]] = {t.name: t for t in (Console, File, HttpGateway)}


def transport_get(name: str | None = None) -> Transport:
    """The transport named by settings.SMS_TRANSPORT (or `name`)."""
    name = name or settings.SMS_TRANSPORT
    try:
        return TRANSPORTS[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"SMS_TRANSPORT={name!r} is not one of: {', '.join(sorted(TRANSPORTS))}."
        ) from None
