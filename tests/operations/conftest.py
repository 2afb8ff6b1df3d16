"""Fixtures of the operations tests: the task backends and a queued SMS of a given age."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sanad.notifications.models import Message

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PHONE = "+22246123456"


@pytest.fixture
def immediate_tasks(settings):
    """A worker that runs each task as soon as it is enqueued."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database for `sanad db_worker`, which no one runs unless the test does."""
    settings.TASKS = DATABASE


@pytest.fixture
def queued_sms(db):
    """Queue an SMS that has waited `minutes`."""

    def queue(minutes: int) -> Message:
        return Message.objects.create(
            recipient=PHONE,
            language="fr",
            template="registration_number",
            text="Votre numéro d'immatriculation",
            object_type="registry.member",
            object_id="1",
            created_at=timezone.now() - datetime.timedelta(minutes=minutes),
        )

    return queue
