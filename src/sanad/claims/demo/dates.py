"""The demo's past, dated: the services and the engine stamp what they record with the moment the demo is
loaded; this puts each audit event, decision, document and record on the day its step took place in the
demo's story (the care, the billing, the batch's submission and receipt, the decision, the request,
the answer), in office hours, and the engine's runs at night."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from sanad.claims.models import (
    Batch,
    BillingFile,
    CareSheet,
    Complaint,
    FileDecision,
    FileDocument,
    InfoRequest,
)
from sanad.claims.statuses import Channel, DecisionSource
from sanad.common.bulk_sql import is_postgres
from sanad.common.models import AuditEvent

_DAY = datetime.timedelta(days=1)
Day = datetime.date | None


def audit_mark() -> tuple[int, datetime.datetime]:
    """Where the demo's claims start in the audit trail: the last event's id and the moment."""
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0, timezone.now()


class _Facts:
    """What dates the events: read in a handful of queries for every object they name."""

    def __init__(self, events: list[tuple], today: datetime.date) -> None:
        self.today = today
        ids: dict[str, set[int]] = {"file": set(), "sheet": set(), "batch": set()}
        decisions, requests = set(), set()
        for _pk, _action, kind, object_id, after in events:
            if kind == BillingFile._meta.label_lower:
                ids["file"].add(int(object_id))
            elif kind == CareSheet._meta.label_lower:
                ids["sheet"].add(int(object_id))
            elif kind == Batch._meta.label_lower:
                ids["batch"].add(int(object_id))
            if isinstance(after, dict):
                if isinstance(after.get("decision"), int):
                    decisions.add(after["decision"])
                if isinstance(after.get("request"), int):
                    requests.add(after["request"])
        self.decided = dict(FileDecision.objects.filter(pk__in=decisions).values_list("pk", "decided_on"))
        self.requests = {
            pk: (asked, answered)
            for pk, asked, answered in InfoRequest.objects.filter(pk__in=requests).values_list(
                "pk", "asked_on", "answered_on"
            )
        }
        self.files = {
            pk: (received, submitted, billed_day(care, discharge, today))
            for pk, received, submitted, care, discharge in BillingFile.objects.filter(
                pk__in=ids["file"]
            ).values_list(
                "pk",
                "received_on",
                "batch__submitted_on",
                "care_sheet__care_date",
                "care_sheet__discharge_date",
            )
        }
        self.sheets = dict(CareSheet.objects.filter(pk__in=ids["sheet"]).values_list("pk", "care_date"))
        self.batches = {
            pk: (submitted, received)
            for pk, submitted, received in Batch.objects.filter(pk__in=ids["batch"]).values_list(
                "pk", "submitted_on", "received_on"
            )
        }
        self.complaints = dict(Complaint.objects.values_list("number", "answered_on"))


def billed_day(care: datetime.date, discharge: Day, today: datetime.date) -> datetime.date:
    """The demo's facilities bill the day after the care, or after the discharge of a stay."""
    return min(today, (discharge or care) + _DAY)


def _date(value: Any) -> Day:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


Rule = Callable[[_Facts, int, dict], Day]
_FILE_RULES: dict[str, tuple[int, Rule]] = {
    "billing_file_create": (11, lambda f, pk, a: f.files[pk][2]),
    "file_document_upload": (12, lambda f, pk, a: f.files[pk][2]),
    "billing_file_submit": (9, lambda f, pk, a: f.files[pk][1]),
    "billing_file_receive": (10, lambda f, pk, a: _date(a.get("received_on"))),
    "billing_file_register": (10, lambda f, pk, a: f.files[pk][0]),
    "reimbursement_register": (10, lambda f, pk, a: f.files[pk][0]),
    "billing_files_adjudicate": (22, lambda f, pk, a: f.decided.get(a.get("decision"))),
    "billing_file_validate": (15, lambda f, pk, a: f.decided.get(a.get("decision"))),
    "billing_file_reject": (15, lambda f, pk, a: f.decided.get(a.get("decision"))),
    "billing_file_review": (15, lambda f, pk, a: f.decided.get(a.get("decision"))),
    "billing_file_info_request": (14, lambda f, pk, a: f.requests.get(a.get("request"), (None,))[0]),
    "info_request_answer": (16, lambda f, pk, a: f.requests.get(a.get("request"), (None, None))[1]),
    "billing_file_route_medical_review": (14, lambda f, pk, a: _date(a.get("on"))),
    "billing_file_reopen": (15, lambda f, pk, a: f.complaints.get(a.get("complaint"))),
}
_OTHER_RULES: dict[str, tuple[int, Rule]] = {
    "care_sheet_open": (9, lambda f, pk, a: f.sheets.get(pk)),
    "batch_create": (8, lambda f, pk, a: (f.batches[pk][0] or f.today) - _DAY),
    "batch_files_add": (8, lambda f, pk, a: (f.batches[pk][0] or f.today) - _DAY),
    "batch_submit": (9, lambda f, pk, a: _date(a.get("submitted_on"))),
    "batch_receive": (10, lambda f, pk, a: _date(a.get("received_on"))),
    "complaint_register": (11, lambda f, pk, a: _date(a.get("received_on"))),
    "complaint_answer": (15, lambda f, pk, a: _date(a.get("answered_on"))),
}


class _Moments:
    def __init__(self) -> None:
        self._sqlite = not is_postgres()

    def at(self, day: datetime.date, hour: int) -> Any:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        return connection.ops.adapt_datetimefield_value(moment) if self._sqlite else moment


def _update(table: str, column: str, rows: list[tuple[Any, int]]) -> None:
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE id = %s", rows)  # noqa: S608


def past_dated(*, since: int, started: datetime.datetime, today: datetime.date) -> int:
    """Date the claims' audit events recorded since `since` at `started` or later (by services and the
    engine), and the decisions, documents and records made with them; returns how many events moved."""
    events = list(
        AuditEvent.objects.filter(id__gt=since, at__gte=started, object_type__startswith="claims.")
        .order_by("id")
        .values_list("id", "action", "object_type", "object_id", "after")
    )
    facts = _Facts(events, today)
    moments = _Moments()
    moved = []
    for pk, action, kind, object_id, after in events:
        rules = _FILE_RULES if kind == BillingFile._meta.label_lower else _OTHER_RULES
        rule = rules.get(action)
        if rule is None or not object_id.isdigit():
            continue
        hour, find = rule
        try:
            day = find(facts, int(object_id), after if isinstance(after, dict) else {})
        except KeyError:
            day = None
        if day is not None:
            moved.append((moments.at(min(day, today), hour), pk))
    _update(AuditEvent._meta.db_table, "at", moved)
    _records_dated(started, today, moments)
    return len(moved)


def _records_dated(started: datetime.datetime, today: datetime.date, moments: _Moments) -> None:
    """The decisions, documents, sheets, files and batches the services stamped with the load's moment."""
    _update(
        FileDecision._meta.db_table,
        "decided_at",
        [
            (moments.at(day, 22 if source == DecisionSource.ENGINE else 15), pk)
            for pk, day, source in FileDecision.objects.filter(decided_at__gte=started).values_list(
                "pk", "decided_on", "source"
            )
        ],
    )
    _update(
        CareSheet._meta.db_table,
        "created_at",
        [
            (moments.at(day, 9), pk)
            for pk, day in CareSheet.objects.filter(created_at__gte=started).values_list("pk", "care_date")
        ],
    )
    files = BillingFile.objects.filter(created_at__gte=started)
    _update(
        BillingFile._meta.db_table,
        "created_at",
        [
            (moments.at(billed_day(care, discharge, today), 11), pk)
            for pk, care, discharge in files.values_list(
                "pk", "care_sheet__care_date", "care_sheet__discharge_date"
            )
        ],
    )
    _update(
        FileDocument._meta.db_table,
        "uploaded_at",
        [
            # A reimbursement's papers are handed in with it; a facility files its papers when it bills.
            (
                moments.at(
                    received if channel == Channel.REIMBURSEMENT else billed_day(care, end, today), 12
                ),
                pk,
            )
            for pk, care, end, received, channel in FileDocument.objects.filter(
                uploaded_at__gte=started
            ).values_list(
                "pk",
                "billing_file__care_sheet__care_date",
                "billing_file__care_sheet__discharge_date",
                "billing_file__received_on",
                "billing_file__channel",
            )
        ],
    )
    _update(
        Batch._meta.db_table,
        "created_at",
        [
            (moments.at((submitted or today) - _DAY, 8), pk)
            for pk, submitted in Batch.objects.filter(created_at__gte=started).values_list(
                "pk", "submitted_on"
            )
        ],
    )
