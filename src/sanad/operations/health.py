"""Liveness and readiness probes: JSON, no login, no personal data, never cached.

`/health/live` answers as long as the process serves requests (it touches nothing else);
`/health/ready` says whether this installation does its whole work: the database answers, the background
worker runs its tasks, and the SMS outbox is not falling behind. 200 when all hold, 503 otherwise.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from sanad.operations.heartbeat import heartbeat_max_age, worker_heartbeat_age
from sanad.operations.observed import database_ping, outbox_read

logger = logging.getLogger(__name__)

OK = "ok"
FAILING = "failing"
UNKNOWN = "unknown"


def _database() -> dict[str, Any]:
    try:
        database_ping()
    except Exception as error:  # any failure to reach the database makes the installation not ready
        logger.warning("readiness: the database does not answer: %s", error)
        return {"status": FAILING}
    return {"status": OK}


def _worker() -> dict[str, Any]:
    age = worker_heartbeat_age()
    limit = heartbeat_max_age().total_seconds()
    healthy = age is not None and age <= limit
    return {
        "status": OK if healthy else FAILING,
        "heartbeat_age_seconds": None if age is None else round(age),
        "max_age_seconds": round(limit),
    }


def _outbox() -> dict[str, Any]:
    outbox = outbox_read()
    limit = settings.SANAD_OUTBOX_MAX_LAG
    healthy = not limit or outbox.lag_seconds <= limit
    return {
        "status": OK if healthy else FAILING,
        "queued": outbox.queued,
        "lag_seconds": round(outbox.lag_seconds),
        "max_lag_seconds": limit,
    }


def readiness() -> dict[str, dict[str, Any]]:
    """Each check with its status and figures; the worker and outbox need the database first."""
    checks = {"database": _database()}
    for name, check in (("worker", _worker), ("outbox", _outbox)):
        if checks["database"]["status"] != OK:
            checks[name] = {"status": UNKNOWN}
            continue
        try:
            checks[name] = check()
        except Exception:  # a check that cannot run is a failing check, never a server error
            logger.exception("readiness: the %s check failed", name)
            checks[name] = {"status": FAILING}
    return checks


@csrf_exempt
@require_safe
@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": OK, "time": timezone.now().isoformat(timespec="seconds")})


@csrf_exempt
@require_safe
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    checks = readiness()
    failing = [name for name, check in checks.items() if check["status"] != OK]
    body = {"status": FAILING if failing else OK, "checks": checks}
    response = JsonResponse(body, status=503 if failing else 200)
    if failing:
        logger.warning("not ready: %s", ", ".join(failing))
        # An expected answer, logged above as a warning: not a server error for django.request to log.
        response._has_been_logged = True  # type: ignore[attr-defined]
    return response
