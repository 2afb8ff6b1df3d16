"""Metrics for Prometheus at `/metrics`: requests and their latency, counted as they are served, and the
state of the queues read from the database at each scrape (tasks, SMS outbox, worker heartbeat, billing
files per status, whose received count is the claims runner's remaining work).

Under gunicorn, each worker process counts its own requests: set PROMETHEUS_MULTIPROC_DIR (an empty
folder, see deploy/) and every scrape adds up all processes. Only the allowed addresses or a bearer token
(`SANAD_METRICS_TOKEN`) may read them.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import logging
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from sanad.operations.heartbeat import worker_heartbeat_age
from sanad.operations.observed import billing_files_by_status, database_ping, outbox_read, tasks_open

logger = logging.getLogger(__name__)

# The classic text format that generate_latest writes, which every Prometheus version reads.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REQUESTS = Counter(
    "sanad_http_requests",
    "HTTP requests served, by method, view and status code.",
    ["method", "view", "status"],
)
LATENCY = Histogram(
    "sanad_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and view.",
    ["method", "view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


class QueuesCollector(Collector):
    """Gauges read from the database when Prometheus scrapes; a part that cannot be read is left out
    (and logged), the scrape still answers."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("sanad_database_up", "1 when the database answers, 0 otherwise.")
        try:
            database_ping()
        except Exception as error:  # a scrape reports the database down, never fails
            logger.warning("metrics: the database does not answer: %s", error)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for part in (_tasks, _outbox, _heartbeat, _billing_files):
            try:
                families = list(part())
            except Exception as error:  # one unreadable part must not hide the others
                logger.warning("metrics: %s cannot be read: %s", part.__name__.strip("_"), error)
                continue
            yield from families


def _tasks() -> Iterator[Metric]:
    tasks = GaugeMetricFamily(
        "sanad_tasks", "Background tasks waiting (READY) or running, per queue.", labels=["queue", "status"]
    )
    for (queue, status), count in sorted(tasks_open().items()):
        tasks.add_metric([queue, status.lower()], count)
    yield tasks


def _outbox() -> Iterator[Metric]:
    outbox = outbox_read()
    messages = GaugeMetricFamily("sanad_outbox_messages", "SMS queued or given up on.", labels=["status"])
    messages.add_metric(["queued"], outbox.queued)
    messages.add_metric(["failed"], outbox.failed)
    yield messages
    yield GaugeMetricFamily(
        "sanad_outbox_lag_seconds", "How long the oldest queued SMS has waited.", value=outbox.lag_seconds
    )


def _heartbeat() -> Iterator[Metric]:
    age = worker_heartbeat_age()
    yield GaugeMetricFamily(
        "sanad_worker_heartbeat_age_seconds",
        "Seconds since the background worker last ran its heartbeat task (NaN: never).",
        value=float("nan") if age is None else age,
    )


def _billing_files() -> Iterator[Metric]:
    files = GaugeMetricFamily(
        "sanad_billing_files", "Billing files per status (received: the runner's work).", labels=["status"]
    )
    for status, count in sorted(billing_files_by_status().items()):
        files.add_metric([status], count)
    yield files


@functools.lru_cache(maxsize=8)
def _networks(allowed: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in allowed)


def metrics_allowed(request: HttpRequest) -> bool:
    """The bearer token, when one is set, or a direct connection from an allowed address. A request that
    came through the reverse proxy (it adds X-Forwarded-For) needs the token: its address is the proxy's."""
    token = settings.SANAD_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(settings.SANAD_METRICS_ALLOWED_IPS)))


def exposition() -> bytes:
    """The text format: request metrics (of every gunicorn process if multiprocess), then the queues."""
    if settings.PROMETHEUS_MULTIPROC_DIR:
        processes = CollectorRegistry()
        MultiProcessCollector(processes, path=settings.PROMETHEUS_MULTIPROC_DIR)
        served = generate_latest(processes)
    else:
        served = generate_latest(REGISTRY)
    queues = CollectorRegistry()
    queues.register(QueuesCollector())
    return served + generate_latest(queues)


@csrf_exempt
@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE)
