"""The bank's confirmations: a payment status report (pain.002) or a debit notification (camt.054), imported
once; each transfer it names by its end-to-end reference is marked paid or rejected, and its order with it.

A rejected order waits for its payee's bank details to be corrected, then goes in the run's next bank file
(`bank_file_issue`): the same order, paid again, never a second one. News that contradicts what is known (a
rejection of a transfer already paid) changes nothing and is counted as unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import require
from sanad.payments.iso20022.reports import PAID, REJECTED, News, ReportError, report_read
from sanad.payments.models import ConfirmationImport, SettlementRun, Transfer
from sanad.payments.statuses import (
    OrderStatus,
    RunStatus,
    TransferStatus,
    order_step_allowed,
    run_step_check,
)


@dataclass(frozen=True, slots=True)
class Imported:
    record: ConfirmationImport
    # The same message was imported before: `record` is that first import, nothing was written.
    repeated: bool = False


def _unreadable() -> DomainError:
    return DomainError(
        ErrorCode.INVALID,
        _("This file is neither a payment status report (pain.002) nor a debit notification (camt.054)."),
        field="file",
    )


def _news_of_rejected_messages(report: Any) -> list[News]:
    """A status report rejecting a whole bank file rejects each of its transfers still sent."""
    news = []
    for message_id, code in report.rejected_messages:
        for reference in Transfer.objects.filter(bank_file__message_id=message_id).values_list(
            "end_to_end_id", flat=True
        ):
            news.append(News(reference, REJECTED, code))
    return news


def _apply(news: list[News], record: ConfirmationImport, today: Any) -> set[int]:
    """Mark the transfers and their orders; the ids of the runs touched."""
    by_reference = {
        t.end_to_end_id: t
        for t in Transfer.objects.select_for_update()
        .filter(end_to_end_id__in=[n.end_to_end_id for n in news])
        .select_related("order")
    }
    latest = dict(
        Transfer.objects.filter(order__in={t.order_id for t in by_reference.values()})
        .values("order")
        .annotate(last=Max("attempt"))
        .values_list("order", "last")
    )
    runs: set[int] = set()
    for item in news:
        transfer = by_reference.get(item.end_to_end_id)
        if transfer is None:
            record.unknown.append(item.end_to_end_id)
            continue
        order = transfer.order
        step = {PAID: "order_paid", REJECTED: "order_rejected"}.get(item.outcome)
        if step is None or transfer.status != TransferStatus.SENT:
            record.unchanged += 1
            continue
        transfer.status = TransferStatus.PAID if item.outcome == PAID else TransferStatus.REJECTED
        transfer.reason_code, transfer.reason_text = item.reason_code[:8], item.reason_text
        transfer.confirmed_on = item.on or today
        transfer.confirmation = record
        transfer.save()
        # Only the order's latest transfer speaks for it: news of an earlier attempt leaves the order as is.
        if latest.get(order.pk) == transfer.attempt and order_step_allowed(step, order.status):
            order.status = OrderStatus.PAID if item.outcome == PAID else OrderStatus.REJECTED
            order.paid_on = transfer.confirmed_on if item.outcome == PAID else None
            order.save(update_fields=["status", "paid_on"])
            runs.add(order.run_id)
        if item.outcome == PAID:
            record.paid += 1
        else:
            record.rejected += 1
    return runs


def run_status_refresh(run_ids: set[int]) -> None:
    """A run sent is paid when every order is paid (or owed nothing), partly rejected while an order is."""
    for run in SettlementRun.objects.select_for_update().filter(pk__in=run_ids).order_by("pk"):
        statuses = defaultdict(int)
        for status in run.payment_orders.values_list("status", flat=True):
            statuses[status] += 1
        settled = statuses[OrderStatus.PAID] + statuses[OrderStatus.NOTHING_DUE]
        if settled == sum(statuses.values()):
            run.status = run_step_check("settlement_run_paid", run.status)
        elif statuses[OrderStatus.REJECTED] and run.status == RunStatus.SENT:
            run.status = run_step_check("settlement_run_partly_rejected", run.status)
        run.save(update_fields=["status"])


def confirmation_import(*, actor: Any, content: bytes, file_name: str = "") -> Imported:
    """Import a confirmation file of the bank. Imported again, the same message writes nothing and gives
    back the first import."""
    require(actor, "payments.prepare")
    try:
        report = report_read(content)
    except ReportError:
        raise _unreadable() from None
    if not report.message_id:
        raise _unreadable()
    with transaction.atomic():
        first = (
            ConfirmationImport.objects.select_for_update()
            .filter(kind=report.kind, message_id=report.message_id[:35])
            .first()
        )
        if first is not None:
            return Imported(first, repeated=True)
        record = ConfirmationImport.objects.create(
            kind=report.kind,
            message_id=report.message_id[:35],
            file_name=file_name[:200],
            imported_by=actor,
            content=content.decode("utf-8", "replace"),
        )
        news = _news_of_rejected_messages(report) + report.news
        runs = _apply(news, record, timezone.localdate())
        record.save(update_fields=["paid", "rejected", "unchanged", "unknown"])
        run_status_refresh(runs)
        audit_record(
            actor=actor,
            action="confirmation_import",
            obj=record,
            after={"paid": record.paid, "rejected": record.rejected, "unknown": len(record.unknown)},
        )
    return Imported(record)
