"""The HCX protocol headers of a request (in the JWE's protected header): the mandatory ones present,
well formed, addressed to this fund; and the headers of an answer."""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.api.hcx.errors import HcxError

SENDER, RECIPIENT = "x-hcx-sender_code", "x-hcx-recipient_code"
API_CALL_ID, CORRELATION_ID = "x-hcx-api_call_id", "x-hcx-correlation_id"
TIMESTAMP, WORKFLOW_ID, STATUS = "x-hcx-timestamp", "x-hcx-workflow_id", "x-hcx-status"
ERROR_DETAILS = "x-hcx-error_details"
MANDATORY = (SENDER, RECIPIENT, API_CALL_ID, CORRELATION_ID, TIMESTAMP)
_ID = re.compile(r"[A-Za-z0-9._:@/+-]{1,64}")
COMPLETE, ERROR = "response.complete", "response.error"


@dataclass(frozen=True, slots=True)
class Headers:
    sender: str
    api_call_id: str
    correlation_id: str
    workflow_id: str


def _text(header: dict[str, Any], name: str) -> str:
    value = header.get(name)
    return value.strip() if isinstance(value, str) else ""


def headers_read(header: dict[str, Any]) -> Headers:
    """The request's protocol headers, or the HcxError of the first fault."""
    for name in MANDATORY:
        if not _text(header, name):
            message = _("The protocol header %(name)s is missing.") % {"name": name}
            raise HcxError(400, "ERR_MANDATORY_HEADER_MISSING", message)
    if _text(header, RECIPIENT) != settings.SANAD_HCX_PARTICIPANT_CODE:
        message = _("This request is addressed to another participant than this fund.")
        raise HcxError(400, "ERR_INVALID_RECIPIENT", message)
    for name, code in (
        (API_CALL_ID, "ERR_INVALID_API_CALL_ID"),
        (CORRELATION_ID, "ERR_INVALID_CORRELATION_ID"),
    ):
        if not _ID.fullmatch(_text(header, name)):
            message = _("The protocol header %(name)s is not a valid identifier.") % {"name": name}
            raise HcxError(400, code, message)
    workflow = _text(header, WORKFLOW_ID)
    if workflow and not _ID.fullmatch(workflow):
        message = _("The protocol header %(name)s is not a valid identifier.") % {"name": WORKFLOW_ID}
        raise HcxError(400, "ERR_INVALID_WORKFLOW_ID", message)
    try:
        datetime.datetime.fromisoformat(_text(header, TIMESTAMP).replace("Z", "+00:00"))
    except ValueError:
        message = _("The protocol header %(name)s is not a date and time.") % {"name": TIMESTAMP}
        raise HcxError(400, "ERR_INVALID_TIMESTAMP", message) from None
    return Headers(
        sender=_text(header, SENDER),
        api_call_id=_text(header, API_CALL_ID),
        correlation_id=_text(header, CORRELATION_ID),
        workflow_id=workflow,
    )


def answer_headers(
    *, recipient: str, correlation_id: str, workflow_id: str, status: str, error: dict[str, Any] | None
) -> dict[str, Any]:
    """The protected headers of an answer: from this fund to the participant, in the same correlation."""
    headers: dict[str, Any] = {
        SENDER: settings.SANAD_HCX_PARTICIPANT_CODE,
        RECIPIENT: recipient,
        API_CALL_ID: str(uuid.uuid4()),
        CORRELATION_ID: correlation_id,
        TIMESTAMP: timezone.now().isoformat(timespec="seconds"),
        STATUS: status,
    }
    if workflow_id:
        headers[WORKFLOW_ID] = workflow_id
    if error is not None:
        headers[ERROR_DETAILS] = error
    return headers
