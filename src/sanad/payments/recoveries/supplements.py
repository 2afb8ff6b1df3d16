"""Supplements (issue §6's other side; seed 000: the finance department liquidates what is due, all of it):
a paid file whose current decision gives the fund's share more than what was paid on it (an upheld
complaint, a review after payment) is paid the difference by the next run, on its payee's order there.

Never the whole amount again: what was paid on a file is what its run settled, less what was recovered on
it, plus the supplements already made; one supplement per decision (a database constraint), found when a
run is prepared, like recoveries (claims cannot call payments).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum

from sanad.claims.models import FileDecision
from sanad.claims.statuses import FileStatus
from sanad.common.audit import audit_record
from sanad.payments.models import PaymentOrder, Recovery, SettledFile, SettlementRun, Supplement
from sanad.payments.statuses import RunStatus

ZERO = Decimal("0.00")
COMMITTED = (RunStatus.APPROVED, RunStatus.SENT, RunStatus.PARTLY_REJECTED, RunStatus.PAID)


def _sums(model, file_ids: list[int]) -> dict[int, Decimal]:
    rows = (
        model.objects.filter(billing_file_id__in=file_ids)
        .values("billing_file_id")
        .annotate(total=Sum("amount"))
        .values_list("billing_file_id", "total")
    )
    return {file_id: Decimal(str(total)).quantize(Decimal("0.01")) for file_id, total in rows}


def paid_on_files(
    file_ids: list[int], settled: dict[int, Decimal], *, less_recovered: bool = True
) -> dict[int, Decimal]:
    """What was paid on each file: its settled fund share, plus its supplements, less what was recovered
    on it (unless not `less_recovered`)."""
    supplemented = _sums(Supplement, file_ids)
    recovered = _sums(Recovery, file_ids) if less_recovered else {}
    return {
        file_id: share - recovered.get(file_id, ZERO) + supplemented.get(file_id, ZERO)
        for file_id, share in settled.items()
    }


def decided_again() -> list[SettledFile]:
    """Files settled by a committed run whose current decision is not the one settled, with its id and fund
    share annotated (`now_id`, `now_share`)."""
    current = FileDecision.objects.filter(billing_file_id=OuterRef("billing_file_id"), is_current=True)
    money = DecimalField(max_digits=14, decimal_places=2)
    return list(
        SettledFile.objects.filter(run__status__in=COMMITTED)
        .annotate(
            now_id=Subquery(current.values("pk")[:1]),
            now_share=Subquery(current.values("fund_share")[:1], output_field=money),
            file_status=F("billing_file__status"),
        )
        .exclude(now_id=F("decision_id"))
        .exclude(now_id__isnull=True)
        .select_related("order")
    )


def _order_of(run: SettlementRun, settled: SettledFile, orders: dict[str, PaymentOrder]) -> PaymentOrder:
    """The run's order of the file's payee, made when the payee has no file in this run."""
    key = settled.order.payee_key
    if key not in orders:
        orders[key], _created = PaymentOrder.objects.get_or_create(
            run=run,
            payee_key=key,
            defaults={
                "payee_kind": settled.order.payee_kind,
                "facility_id": settled.order.facility_id,
                "member_id": settled.order.member_id,
            },
        )
    return orders[key]


def supplements_gather(run: SettlementRun) -> Decimal:
    """Pay on `run` the difference owed on every paid file decided again for more, on its payee's order
    (made when needed); returns the run's total of supplements. Called in the run's last transaction;
    made afresh if called again."""
    Supplement.objects.filter(run=run).delete()
    found = [s for s in decided_again() if s.file_status == FileStatus.VALIDATED]
    known = set(
        Supplement.objects.filter(billing_file_id__in=[s.billing_file_id for s in found]).values_list(
            "billing_file_id", "decision_id"
        )
    )
    paid = paid_on_files([s.billing_file_id for s in found], {s.billing_file_id: s.fund_share for s in found})
    orders = {o.payee_key: o for o in PaymentOrder.objects.filter(run=run)}
    new, per_order = [], defaultdict(lambda: ZERO)
    for settled in found:
        if (settled.billing_file_id, settled.now_id) in known:
            continue
        now = Decimal(settled.now_share).quantize(Decimal("0.01"))
        amount = now - paid[settled.billing_file_id]
        if amount <= 0:
            continue
        order = _order_of(run, settled, orders)
        new.append(
            Supplement(
                billing_file_id=settled.billing_file_id,
                decision_id=settled.now_id,
                run=run,
                order=order,
                paid=paid[settled.billing_file_id],
                now_due=now,
                amount=amount,
            )
        )
        per_order[order.pk] += amount
    Supplement.objects.bulk_create(new)
    PaymentOrder.objects.filter(run=run).update(supplement=ZERO)
    for order_id, amount in per_order.items():
        PaymentOrder.objects.filter(pk=order_id).update(supplement=amount)
    for supplement in new:
        audit_record(
            actor=None,
            action="supplement_found",
            obj=supplement,
            after={"billing_file": supplement.billing_file_id, "amount": supplement.amount},
        )
    return sum(per_order.values(), ZERO)
