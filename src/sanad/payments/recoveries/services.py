"""Recoveries (issue §6, seed 000: the finance department liquidates what is due, and only that): a file
found wrong after payment leaves its payee owing the difference, deducted from the payee's next payment
orders, never making one negative, the rest carried over, or paid back by the payee.

Claims cannot call payments (payments stands above it): a file decided again after payment (an upheld
complaint, a medical review) is found by comparing, when a run is prepared, what each paid file was settled
on with its current decision. A file paid twice (a duplicate) is recorded by the finance officer.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from sanad.claims.statuses import FileStatus
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import require
from sanad.payments.models import (
    PaymentOrder,
    Recovery,
    RecoveryOffset,
    RecoveryReason,
    RecoveryStatus,
    SettledFile,
    SettlementRun,
)
from sanad.payments.recoveries.supplements import decided_again, paid_on_files
from sanad.payments.statuses import OrderStatus, RunStatus

ZERO = Decimal("0.00")
# Runs whose orders are committed: the money of their files is paid or on its way.
COMMITTED = (RunStatus.APPROVED, RunStatus.SENT, RunStatus.PARTLY_REJECTED, RunStatus.PAID)
# A file decided again is compared once its new decision is final.
_DECIDED = (FileStatus.VALIDATED, FileStatus.REJECTED)


def _payee_of(settled: SettledFile) -> dict[str, Any]:
    order = settled.order
    return {
        "payee_key": order.payee_key,
        "payee_kind": order.payee_kind,
        "facility_id": order.facility_id,
        "member_id": order.member_id,
    }


def recoveries_detect(*, on: datetime.date) -> list[Recovery]:
    """A paid file whose current decision gives the fund's share lower than what was paid on it (an upheld
    complaint or a medical review decided it again) owes the difference back, found once per decision;
    what was paid is what was settled, less what is already recovered, plus the supplements paid on it
    (`supplements`). Called in the caller's transaction."""
    found = [s for s in decided_again() if s.file_status in _DECIDED]
    if not found:
        return []
    known = set(
        Recovery.objects.filter(
            billing_file_id__in=[s.billing_file_id for s in found], decision__isnull=False
        ).values_list("billing_file_id", "decision_id")
    )
    ids = [s.billing_file_id for s in found]
    paid = paid_on_files(ids, {s.billing_file_id: s.fund_share for s in found})
    supplemented = paid_on_files(ids, {s.billing_file_id: s.fund_share for s in found}, less_recovered=False)
    new = []
    for settled in found:
        if (settled.billing_file_id, settled.now_id) in known:
            continue
        amount = paid[settled.billing_file_id] - Decimal(settled.now_share)
        if amount <= 0:
            continue
        new.append(
            Recovery(
                billing_file_id=settled.billing_file_id,
                reason=RecoveryReason.DECIDED_AGAIN,
                decision_id=settled.now_id,
                paid=supplemented[settled.billing_file_id],
                amount=amount,
                found_on=on,
                **_payee_of(settled),
            )
        )
    Recovery.objects.bulk_create(new)
    for recovery in new:
        audit_record(
            actor=None,
            action="recovery_found",
            obj=recovery,
            after={"billing_file": recovery.billing_file_id, "amount": recovery.amount},
        )
    return new


def _outstanding(recoveries: list[Recovery]) -> dict[int, Decimal]:
    """What each recovery still asks: its amount less what was offset and what was paid back."""
    offset = dict(
        RecoveryOffset.objects.filter(recovery__in=recoveries)
        .values("recovery")
        .annotate(total=Sum("amount"))
        .values_list("recovery", "total")
    )
    return {r.pk: r.amount - r.paid_back - (offset.get(r.pk) or ZERO) for r in recoveries}


def recoveries_offset(run: SettlementRun) -> Decimal:
    """Deduct the open recoveries of each payee of the run from its order, oldest first, never more than the
    order's fund share (the rest is carried over to the payee's next run); orders left with nothing to pay
    are closed. Returns the run's total recovered. Idempotent: the run's offsets are made afresh."""
    RecoveryOffset.objects.filter(order__run=run).delete()
    open_ = list(
        Recovery.objects.select_for_update().filter(status=RecoveryStatus.OPEN).order_by("found_on", "id")
    )
    by_payee: dict[str, list[Recovery]] = defaultdict(list)
    for recovery in open_:
        by_payee[recovery.payee_key].append(recovery)
    orders = PaymentOrder.objects.filter(run=run, payee_key__in=list(by_payee)).filter(
        Q(fund_share__gt=0) | Q(supplement__gt=0)
    )
    left = _outstanding(open_)
    offsets, changed = [], []
    for order in orders:
        room = order.due
        for recovery in by_payee[order.payee_key]:
            take = min(room, left[recovery.pk])
            if take <= 0:
                continue
            offsets.append(RecoveryOffset(recovery=recovery, order=order, amount=take))
            room -= take
            left[recovery.pk] -= take
        order.recovered = order.due - room
        changed.append(order)
    RecoveryOffset.objects.bulk_create(offsets)
    PaymentOrder.objects.bulk_update(changed, ["recovered"])
    done = [pk for pk, rest in left.items() if rest <= 0]
    Recovery.objects.filter(pk__in=done).update(status=RecoveryStatus.RECOVERED)
    PaymentOrder.objects.filter(
        run=run, status=OrderStatus.TO_PAY, recovered=F("fund_share") + F("supplement")
    ).update(status=OrderStatus.NOTHING_DUE)
    return sum((order.recovered for order in changed), ZERO)


def recoveries_release(run: SettlementRun) -> None:
    """A run cancelled gives back what it had deducted: its recoveries are due again (its offsets go with
    its orders)."""
    ids = list(RecoveryOffset.objects.filter(order__run=run).values_list("recovery_id", flat=True))
    RecoveryOffset.objects.filter(order__run=run).delete()
    Recovery.objects.filter(pk__in=ids, status=RecoveryStatus.RECOVERED).update(status=RecoveryStatus.OPEN)


@transaction.atomic
def recovery_duplicate(*, actor: Any, billing_file_id: int, on: datetime.date, note: str = "") -> Recovery:
    """A file paid although it duplicates another: its payee owes back what was paid on it and not yet
    recovered."""
    require(actor, "payments.prepare")
    settled = (
        SettledFile.objects.select_related("order", "billing_file")
        .filter(billing_file_id=billing_file_id, run__status__in=COMMITTED)
        .first()
    )
    if settled is None:
        raise DomainError(ErrorCode.INVALID, _("This file has not been paid."), field="billing_file")
    if Recovery.objects.filter(billing_file_id=billing_file_id, reason=RecoveryReason.DUPLICATE).exists():
        raise DomainError(
            ErrorCode.CONFLICT, _("This file is already recorded as paid twice."), field="billing_file"
        )
    paid = paid_on_files([billing_file_id], {billing_file_id: settled.fund_share}, less_recovered=False)
    amount = paid_on_files([billing_file_id], {billing_file_id: settled.fund_share})[billing_file_id]
    if amount <= 0:
        raise DomainError(
            ErrorCode.INVALID, _("Nothing is left to recover on this file."), field="billing_file"
        )
    recovery = Recovery.objects.create(
        billing_file_id=billing_file_id,
        reason=RecoveryReason.DUPLICATE,
        paid=paid[billing_file_id],
        amount=amount,
        found_on=on,
        created_by=actor,
        note=note.strip(),
        **_payee_of(settled),
    )
    audit_record(actor=actor, action="recovery_found", obj=recovery, after={"amount": amount, "note": note})
    return recovery


@transaction.atomic
def recovery_paid_back(*, actor: Any, recovery_id: int, on: datetime.date) -> Recovery:
    """The payee paid back what was left to recover: nothing more is deducted from its orders."""
    require(actor, "payments.prepare")
    recovery = Recovery.objects.select_for_update().get(pk=recovery_id)
    if recovery.status != RecoveryStatus.OPEN:
        raise DomainError(ErrorCode.CONFLICT, _("Nothing is left to recover on this file."), field=None)
    rest = _outstanding([recovery])[recovery.pk]
    recovery.paid_back += rest
    recovery.paid_back_on = on
    recovery.status = RecoveryStatus.PAID_BACK
    recovery.save(update_fields=["paid_back", "paid_back_on", "status"])
    audit_record(actor=actor, action="recovery_paid_back", obj=recovery, after={"paid_back": rest, "on": on})
    return recovery
