"""Reads of the workflows: the board by step, the overdue list and a facility's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sanad.common.permissions import require
from sanad.funds.calendar import working_days_between
from sanad.funds.types import FundProfile
from sanad.providers.models import AgreementEvent, AgreementRequest, DirectBillingEvent, Facility
from sanad.providers.statuses import (
    ACTION_LABELS,
    AGREEMENT_BOARD_STEPS,
    AGREEMENT_CLOCK_RUNNING,
    AgreementStatus,
    DirectBillingStatus,
)


@dataclass(frozen=True, slots=True)
class BoardColumn:
    status: str
    label: str
    requests: list[AgreementRequest]


def agreement_board(*, user: Any, limit: int = 50) -> list[BoardColumn]:
    """Requests in progress, one column per step of the workflow, the oldest first."""
    require(user, "providers.view")
    rows = (
        AgreementRequest.objects.filter(status__in=AGREEMENT_BOARD_STEPS)
        .select_related("facility")
        .order_by("due_on", "id")
    )
    by_status: dict[str, list[AgreementRequest]] = {step: [] for step in AGREEMENT_BOARD_STEPS}
    for request in rows:
        if len(by_status[request.status]) < limit:
            by_status[request.status].append(request)
    return [BoardColumn(s.value, str(s.label), by_status[s]) for s in AGREEMENT_BOARD_STEPS]


@dataclass(frozen=True, slots=True)
class OverdueRow:
    request: AgreementRequest
    days_late: int  # working days past the due date


def agreement_overdue_list(*, user: Any, today: date, profile: FundProfile) -> list[OverdueRow]:
    """Requests with no decision by their due date, the most late first."""
    require(user, "providers.view")
    rows = (
        AgreementRequest.objects.filter(status__in=AGREEMENT_CLOCK_RUNNING, due_on__lt=today)
        .select_related("facility")
        .order_by("due_on", "id")
    )
    return [OverdueRow(r, working_days_between(profile, r.due_on, today)) for r in rows]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    on: date
    workflow: str  # agreement or direct_billing
    reference: str
    action: str
    label: str
    status: str
    note: str


def facility_timeline(*, facility: Facility) -> list[TimelineEntry]:
    """Every dated step of the facility's agreement requests and direct-billing access, in date order.
    The caller has already checked that the user may see `facility`."""
    entries: list[tuple[date, str, int, TimelineEntry]] = []
    agreement_labels = dict(AgreementStatus.choices)
    for event in AgreementEvent.objects.filter(request__facility=facility).select_related("request"):
        label = agreement_labels.get(event.to_status, event.to_status)
        entry = TimelineEntry(
            event.on,
            "agreement",
            event.request.reference,
            event.action,
            str(ACTION_LABELS.get(event.action, event.action)),
            str(label),
            event.note,
        )
        entries.append((event.on, event.at.isoformat(), event.pk, entry))
    billing_labels = dict(DirectBillingStatus.choices)
    for event in DirectBillingEvent.objects.filter(access__facility=facility):
        label = billing_labels.get(event.to_status, event.to_status)
        entry = TimelineEntry(
            event.on,
            "direct_billing",
            f"TP-{event.access_id:05d}",
            event.action,
            str(ACTION_LABELS.get(event.action, event.action)),
            str(label),
            event.note,
        )
        entries.append((event.on, event.at.isoformat(), event.pk, entry))
    return [entry for *_key, entry in sorted(entries, key=lambda item: item[:3])]
