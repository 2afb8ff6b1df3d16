"""/metrics: requests and latency, queues read at each scrape, readable only from allowed addresses or with
the token."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sanad.operations.heartbeat import WORKER, heartbeat_beat

TOKEN = "a-long-random-metrics-token-0123456789"


def _value(text: str, sample: str) -> float:
    match = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    assert match, f"{sample} not in the metrics"
    return float(match.group(1))


def test_it_counts_the_requests_by_view_and_status(db, client, immediate_tasks):
    client.get("/health/live")
    before = _value(
        client.get("/metrics").content.decode(),
        'sanad_http_requests_total{method="GET",status="200",view="operations:live"}',
    )

    client.get("/health/live")
    text = client.get("/metrics").content.decode()

    assert (
        _value(text, 'sanad_http_requests_total{method="GET",status="200",view="operations:live"}')
        == before + 1
    )
    assert 'sanad_http_request_duration_seconds_bucket{le="0.01",method="GET",view="operations:live"}' in text


def test_it_reads_the_queues_the_outbox_lag_and_the_worker_heartbeat(client, immediate_tasks, queued_sms):
    queued_sms(minutes=10)

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert _value(text, "sanad_database_up") == 1
    assert _value(text, 'sanad_outbox_messages{status="queued"}') == 1
    assert _value(text, "sanad_outbox_lag_seconds") >= 600
    assert _value(text, "sanad_worker_heartbeat_age_seconds") >= 0
    assert "# TYPE sanad_tasks gauge" in text


def test_the_runner_s_remaining_work_is_the_received_files(demo, client, immediate_tasks):
    from sanad.claims.models import BillingFile

    received = BillingFile.objects.filter(status="received").count()

    text = client.get("/metrics").content.decode()

    assert _value(text, 'sanad_billing_files{status="received"}') == received


def test_the_pending_tasks_are_counted_per_queue(db, client, database_tasks):
    from sanad.operations.tasks import worker_heartbeat

    heartbeat_beat(name=WORKER)  # a fresh beat: the scrape asks the worker for none
    worker_heartbeat.enqueue()
    worker_heartbeat.enqueue()

    text = client.get("/metrics").content.decode()

    assert _value(text, 'sanad_tasks{queue="default",status="ready"}') == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        # Through the reverse proxy, the address is the proxy's own: it proves nothing.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong"},
    ],
)
def test_it_is_refused_to_other_addresses_and_wrong_tokens(db, settings, headers):
    settings.SANAD_METRICS_TOKEN = TOKEN

    assert Client().get("/metrics", **headers).status_code == 403


def test_the_token_opens_it_from_anywhere(db, settings, immediate_tasks):
    settings.SANAD_METRICS_TOKEN = TOKEN

    response = Client().get(
        "/metrics",
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )

    assert response.status_code == 200


def test_an_allowed_network_opens_it_without_token(db, settings, immediate_tasks):
    settings.SANAD_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]

    assert Client().get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403
