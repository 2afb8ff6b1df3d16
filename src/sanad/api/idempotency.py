"""`Idempotency-Key` on the API's writes: a retry of a request that succeeded gets the same answer and
changes nothing.

Facilities' software sends care sheets over networks that drop answers; resending a request whose answer
was lost must not open a second sheet. A POST, PUT, PATCH or DELETE under /api/ that carries the header
(1 to 255 printable ASCII characters, quoted or not, as the IETF draft "The Idempotency-Key HTTP Header
Field" writes it) is claimed under its user and key before it runs:
- first time: it runs; a success (2xx) is kept for a day with its answer, anything else frees the key
  (nothing was written, the client may fix the request and send it again under the same key);
- again, same method, path and body, after a success: the kept answer, marked `Idempotent-Replayed`;
- again while the first is still running: 409; with another request: 422, naming the header.
A claim left by a process that died is taken over after five minutes.

Nothing is claimed nor replayed before the request proved who sends it: a signed-in session that passed
the anti-forgery (CSRF) check, the same check the API's session authentication makes. A request without a
session, or without the session's CSRF token, goes on to the API, which refuses it (401, 403) whatever key
it carries: a kept answer is never given to a request the API would refuse. An API client's key (issue
19) is checked before this middleware (`credentials.middleware` sets the user and, a machine call carrying
no cookie, exempts it from the CSRF check).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.utils import check_csrf

from sanad.api.models import IdempotentRequest
from sanad.api.rate_limits import rate_count
from sanad.common.errors import ErrorCode
from sanad.common.middleware_api import too_many

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT = datetime.timedelta(hours=24)
ABANDONED = datetime.timedelta(minutes=5)
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_PREFIX = "/api/"


def _error(status: int, code: ErrorCode, message: str) -> JsonResponse:
    return JsonResponse({"code": code.value, "field": HEADER, "message": message}, status=status)


def _too_many(wait: int) -> JsonResponse:
    code, message = too_many(wait)
    response = JsonResponse({"code": code.value, "field": None, "message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


def key_of(header: str) -> str | None:
    """The key of the header's value (an sf-string's quotes removed), or None if it is not one."""
    key = header.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
        return None
    return key


def _digest(request: HttpRequest) -> str:
    """What identifies the request's content. An upload is read as the view will read it (its fields, then
    its files chunk by chunk, a scan may exceed what a body may hold in memory); anything else as its body."""
    found = hashlib.sha256(request.content_type.encode() + b"\n")
    if request.content_type != "multipart/form-data":
        found.update(request.body)
        return found.hexdigest()
    for name, values in sorted(request.POST.lists()):
        found.update(repr((name, values)).encode())
    for name, files in sorted(request.FILES.lists()):
        for upload in files:
            found.update(repr((name, upload.name, upload.size)).encode())
            for chunk in upload.chunks():
                found.update(chunk)
            upload.seek(0)
    return found.hexdigest()


def key_claim(request: HttpRequest, key: str) -> IdempotentRequest | HttpResponse:
    """The new claim on `key` for this request, or the answer to give instead of running it."""
    user, now, digest = request.user, timezone.now(), _digest(request)
    try:
        with transaction.atomic():
            held = IdempotentRequest.objects.select_for_update().filter(user=user, key=key).first()
            if held is not None and (
                held.created_at < now - KEPT or (held.status is None and held.created_at < now - ABANDONED)
            ):
                held.delete()
                held = None
            if held is None:
                # Expired keys go as new ones come (an index on the date): the table holds about a day.
                IdempotentRequest.objects.filter(created_at__lt=now - KEPT).delete()
                return IdempotentRequest.objects.create(
                    user=user,
                    key=key,
                    method=request.method,
                    path=request.path,
                    digest=digest,
                    created_at=now,
                )
    except IntegrityError:  # another request with this key claimed it in between
        return _error(
            409, ErrorCode.CONFLICT, _("A request with this Idempotency-Key is still being processed.")
        )
    if (held.method, held.path, held.digest) != (request.method, request.path, digest):
        return _error(
            422, ErrorCode.CONFLICT, _("This Idempotency-Key was already used for a different request.")
        )
    if held.status is None:
        return _error(
            409, ErrorCode.CONFLICT, _("A request with this Idempotency-Key is still being processed.")
        )
    replay = HttpResponse(bytes(held.body), status=held.status, content_type=held.content_type or None)
    replay[REPLAYED] = "true"
    return replay


def key_settle(claim: IdempotentRequest, response: HttpResponse) -> None:
    if 200 <= response.status_code < 300 and not response.streaming:
        claim.status = response.status_code
        claim.content_type = response.get("Content-Type", "")[:100]
        claim.body = response.content
        claim.save(update_fields=["status", "content_type", "body"])
    else:
        claim.delete()


def _session_unproven(request: HttpRequest) -> bool:
    """Whether a request signed in by its session cookie lacks the session's CSRF token (Django's own
    check, as django-ninja's session authentication runs it)."""
    return check_csrf(request) is not None


class IdempotencyMiddleware:
    """Applies `Idempotency-Key` to the API's writes by signed-in users (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get(HEADER)
        if (
            header is None
            or request.method not in _WRITES
            or not request.path_info.startswith(_PREFIX)
            or not request.user.is_authenticated
        ):
            return self.get_response(request)
        if _session_unproven(request):
            return self.get_response(request)  # the API refuses it in its own words (403)
        key = key_of(header)
        if key is None:
            return _error(
                400,
                ErrorCode.INVALID,
                _("The Idempotency-Key header must be 1 to 255 printable ASCII characters."),
            )
        if (wait := rate_count(request)) is not None:
            return _too_many(wait)  # a replay costs a call too
        claim = key_claim(request, key)
        if isinstance(claim, HttpResponse):
            return claim
        response = self.get_response(request)
        key_settle(claim, response)
        return response
