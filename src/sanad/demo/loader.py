"""Loads the demo data of every app, in the order the layers allow, in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from sanad.authorizations.demo import authorizations_load
from sanad.catalog.demo import catalog_load
from sanad.claims import signals as claims_signals
from sanad.claims.demo.load import claims_load
from sanad.common.demo import DemoContext
from sanad.common.demo.users import DEMO_USERS, users_load
from sanad.credentials.demo import api_client_load
from sanad.funds import load_profile
from sanad.notifications import receivers_claims
from sanad.payments.demo import payments_load
from sanad.providers.demo import facilities_load
from sanad.registry.demo import members_load
from sanad.registry.models import Member
from sanad.reports.tasks import reports_history_task

# The notifications' receivers of the claims events (their dispatch uids, see notifications.receivers_claims).
_CLAIMS_MESSAGES = (
    (claims_signals.billing_files_received, "notifications.files_received"),
    (claims_signals.billing_files_decided, "notifications.files_decided"),
    (claims_signals.complaint_answered, "notifications.complaint_answered"),
)


def demo_is_loaded() -> bool:
    return Member.objects.exists()


@contextmanager
def _past_without_messages() -> Iterator[None]:
    """The demo's claims are its past, told to the insured at the time: loading them queues no SMS now.
    The claims services announce their events inside their transaction, so the receivers come back only
    once the demo's transaction is over."""
    for signal, uid in _CLAIMS_MESSAGES:
        signal.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        receivers_claims.receivers_connect()


def demo_load(*, fund: str, members: int, seed: int, today: datetime.date) -> DemoContext:
    """Create the demo data for `fund`; all or nothing."""
    with _past_without_messages():
        return _demo_load(fund=fund, members=members, seed=seed, today=today)


@transaction.atomic
def _demo_load(*, fund: str, members: int, seed: int, today: datetime.date) -> DemoContext:
    ctx = DemoContext(profile=load_profile(fund), seed=seed, members=members, today=today)
    users_load(ctx)
    facilities_load(ctx)
    catalog_load(ctx)
    members_load(ctx)
    authorizations_load(ctx)
    claims_load(ctx)
    payments_load(ctx)
    api_client_load(ctx)
    # The dashboards' figures of the last year, computed by the background worker (`make run` starts it),
    # queued with the data so that a demo loaded is a demo whose figures come.
    reports_history_task.enqueue(
        since=(ctx.today - datetime.timedelta(days=365)).isoformat(), until=ctx.today.isoformat()
    )
    return ctx


def demo_logins() -> list[tuple[str, str]]:
    """(role label, username) of every demo account, in role order."""
    return [(str(role.label), username) for role, username in DEMO_USERS.items()]
