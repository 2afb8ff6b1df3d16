"""Fixtures of the outbox tests: tasks run at once, SMS land in a throw-away file, a member with a phone."""

from __future__ import annotations

import datetime
import json

import pytest

from sanad.registry.models import Member

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run in the test's own process as soon as they are enqueued."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def sms_file(settings, tmp_path):
    """The file transport, writing to a fresh file; call it to read the lines sent so far."""
    settings.SMS_TRANSPORT = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms-outbox.jsonl")

    def lines() -> list[dict]:
        path = tmp_path / "sms-outbox.jsonl"
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []

    return lines


@pytest.fixture
def member(db):
    """Aminetou, a member of the register with a Mauritanian mobile number."""
    return Member.objects.create(
        registration_number="MR0000011",
        first_name="Aminetou",
        last_name="Mint Ahmed",
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        population="national",
        nationality="MR",
        phone="+22236123456",
        region="MR-01",
        enrolled_on=datetime.date(2026, 11, 23),
    )


class FailingTransport:
    """A gateway that is down: every send raises, and the tries are counted."""

    name = "failing"

    def __init__(self) -> None:
        self.tries = 0

    def send(self, sms):
        from sanad.notifications.transports import TransportError

        self.tries += 1
        raise TransportError("gateway answered HTTP 503")


class RecordingTransport:
    name = "recording"

    def __init__(self) -> None:
        self.sent = []

    def send(self, sms):
        self.sent.append(sms)
        return f"rec-{len(self.sent)}"
