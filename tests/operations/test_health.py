"""Liveness and readiness: JSON answers, 200 or 503, no login, no CSRF, no personal data, never cached."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sanad.operations.models import Heartbeat
from tests.operations.conftest import PHONE

HEARTBEAT_TASK = "sanad.operations.tasks.worker_heartbeat"


def test_it_answers_live_without_touching_the_database(client):
    # No `db` fixture: any query would fail the test.
    response = client.get("/health/live")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_it_is_ready_when_the_database_answers_and_the_worker_runs_its_tasks(db, client, immediate_tasks):
    response = client.get("/health/ready")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "worker": "ok",
        "outbox": "ok",
    }


def test_it_is_not_ready_while_the_worker_does_not_answer(db, client, database_tasks):
    Heartbeat.objects.create(name="worker", beaten_at=timezone.now() - datetime.timedelta(hours=1))

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["status"] == "failing"
    assert response.json()["checks"]["worker"]["heartbeat_age_seconds"] >= 3600
    assert DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK).count() == 1


def test_probes_ask_the_worker_once_until_it_answers(db, client, database_tasks):
    client.get("/health/ready")
    client.get("/health/ready")

    assert DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_becomes_ready_once_the_worker_has_run_the_heartbeat(client, database_tasks):
    assert client.get("/health/ready").status_code == 503

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert client.get("/health/ready").status_code == 200


def test_it_is_not_ready_when_the_oldest_queued_sms_waits_too_long(
    client, immediate_tasks, queued_sms, settings
):
    settings.SANAD_OUTBOX_MAX_LAG = 1800
    queued_sms(minutes=31)

    response = client.get("/health/ready")

    assert response.status_code == 503
    outbox = response.json()["checks"]["outbox"]
    assert outbox["status"] == "failing"
    assert outbox["queued"] == 1
    assert outbox["lag_seconds"] >= 31 * 60
    assert PHONE not in response.content.decode()


def test_a_recent_queued_sms_keeps_it_ready(client, immediate_tasks, queued_sms):
    queued_sms(minutes=2)

    assert client.get("/health/ready").status_code == 200


def test_it_is_not_ready_when_the_database_does_not_answer(db, client, monkeypatch):
    def down() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr("sanad.operations.health.database_ping", down)

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": {"status": "failing"},
        "worker": {"status": "unknown"},
        "outbox": {"status": "unknown"},
    }


def test_the_probes_need_no_login_nor_csrf_token_and_are_never_cached(db, immediate_tasks):
    client = Client(enforce_csrf_checks=True)

    for url in ("/health/live", "/health/ready"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "no-store" in response["Cache-Control"]
        assert client.head(url).status_code == 200
        assert client.post(url).status_code == 405
