"""Settlement runs: started by a finance officer, gathered chunk after chunk (a run killed at any point goes
on where it stopped when started again), approved by another finance officer, or cancelled.

Seed 000 (CNASS): "Validation et liquidation paiement des factures", by the finance and accounting
department. Each chunk is one transaction: the files it settles, the orders it adds them to and the run's
key move together, so a chunk is written whole or not at all and never twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.bulk_sql import quote, rows_insert, table_of
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import conflict_error
from sanad.common.permissions import require
from sanad.common.vocabulary import FacilityKind
from sanad.funds.active import active_profile
from sanad.payments.gathering import Scope, files_next, files_preview
from sanad.payments.models import PaymentOrder, SettledFile, SettlementRun
from sanad.payments.recoveries.services import recoveries_detect, recoveries_offset, recoveries_release
from sanad.payments.recoveries.supplements import supplements_gather
from sanad.payments.statuses import DONE, OrderStatus, PayeeKind, RunStatus, run_step_check

# Files per transaction: large enough that a chunk's queries cost little per file, small enough that its
# transaction (and the files it locks) stays short.
CHUNK = 5000
ZERO = Decimal(0)
_SETTLED_COLUMNS = (
    "billing_file",
    "run",
    "order",
    "decision",
    "billed",
    "fund_share",
    "patient_share",
    "penalty",
)
_SUMS = ("files", "billed", "fund_share", "patient_share", "penalty")


def _scope_check(*, period_start: datetime.date, period_end: datetime.date, region: str, kind: str) -> None:
    if period_end < period_start:
        raise DomainError(
            ErrorCode.INVALID, _("The end of the period comes before its start."), field="period_end"
        )
    if region and region not in {r.code for r in active_profile().regions}:
        raise DomainError(ErrorCode.INVALID, _("Unknown region."), field="region")
    if kind and kind not in FacilityKind.values:
        raise DomainError(ErrorCode.INVALID, _("Unknown kind of facility."), field="facility_kind")


def _run_started_elsewhere() -> DomainError:
    other = SettlementRun.objects.filter(status=RunStatus.PREPARING).first()
    advice = _("Only one run is prepared at a time: wait until it is prepared, or resume it from its page.")
    if other is None:
        return DomainError(ErrorCode.CONFLICT, advice, field="period_start")
    said = {"settlement_run_start": DONE["settlement_run_start"]}
    error = conflict_error(objects=[other], said=said, field="period_start", advice=advice)
    error.message = f"{other.number}: {error.message}"
    return error


def settlement_run_start(
    *,
    actor: Any,
    period_start: datetime.date,
    period_end: datetime.date,
    region: str = "",
    facility_kind: str = "",
    on: datetime.date,
) -> SettlementRun:
    """Open a run over the validated files received from `period_start` to `period_end` (of `region` and
    `facility_kind` when given) not settled yet; `settlement_run_gather` settles them. One run is prepared
    at a time: a second one started meanwhile is refused, naming the first."""
    if actor is not None:
        require(actor, "payments.prepare")
    _scope_check(period_start=period_start, period_end=period_end, region=region, kind=facility_kind)
    scope = Scope(start=period_start, end=period_end, region=region, facility_kind=facility_kind)
    expected = files_preview(scope).files
    if not expected:
        raise DomainError(
            ErrorCode.INVALID,
            _("No validated file received in this period waits for settlement."),
            field="period_start",
        )
    try:
        with transaction.atomic():
            run = SettlementRun.objects.create(
                period_start=period_start,
                period_end=period_end,
                region=region,
                facility_kind=facility_kind,
                on=on,
                currency=active_profile().currency,
                prepared_by=actor if getattr(actor, "is_authenticated", False) else None,
                files_expected=expected,
            )
            audit_record(
                actor=actor,
                action="settlement_run_start",
                obj=run,
                after={"period_start": period_start, "period_end": period_end, "files_expected": expected},
            )
    except IntegrityError:
        raise _run_started_elsewhere() from None
    return run


def _payee(row: tuple) -> tuple[str, str, int]:
    """(payee key, kind, id) of a file: its facility, or for a reimbursement the member."""
    payee, facility_id, member_id = row[3:6]
    if payee == PayeeKind.INSURED:
        if member_id is None:
            raise DomainError(ErrorCode.INVALID, _("A reimbursement file has no member to pay."))
        return f"M{member_id}", PayeeKind.INSURED, member_id
    return f"F{facility_id}", PayeeKind.FACILITY, facility_id


def _orders_of(run: SettlementRun, payees: dict[str, tuple[str, int]]) -> dict[str, int]:
    """The run's order of each payee of the chunk, created when new; {payee key: order id}. Their sums are
    the sums of their files, written when the run ends (`_finish`): nothing to add to at every chunk."""
    ids = dict(
        PaymentOrder.objects.filter(run=run, payee_key__in=list(payees)).values_list("payee_key", "id")
    )
    new = [
        PaymentOrder(
            run=run,
            payee_key=key,
            payee_kind=kind,
            facility_id=payee_id if kind == PayeeKind.FACILITY else None,
            member_id=payee_id if kind == PayeeKind.INSURED else None,
        )
        for key, (kind, payee_id) in payees.items()
        if key not in ids
    ]
    PaymentOrder.objects.bulk_create(new)
    ids.update((order.payee_key, order.pk) for order in new)
    return ids


def _chunk_write(run: SettlementRun, rows: list[tuple]) -> None:
    """Settle the chunk's files: their items, their orders and the run's key, in the caller's transaction."""
    payees: dict[str, tuple[str, int]] = {}
    keys = []
    for row in rows:
        billed, fund, patient = row[6:9]
        if fund + patient != billed:
            # The engine's invariant (DESIGN.md): a decision that breaks it is never paid.
            raise DomainError(
                ErrorCode.INVALID, _("A decision's shares do not add up to the billed amount."), field=None
            )
        key, kind, payee_id = _payee(row)
        keys.append(key)
        payees[key] = (kind, payee_id)
    order_ids = _orders_of(run, payees)
    rows_insert(
        SettledFile,
        _SETTLED_COLUMNS,
        (
            (row[0], run.pk, order_ids[key], row[2], row[6], row[7], row[8], row[9])
            for row, key in zip(rows, keys, strict=True)
        ),
    )
    run.after_received_on, run.after_file_id = rows[-1][1], rows[-1][0]
    run.files_done += len(rows)
    run.save(update_fields=["after_received_on", "after_file_id", "files_done"])


def _orders_total(run: SettlementRun) -> list[tuple]:
    """Each order's sums from its files, written on the order; [(files, billed, fund, patient, penalty)]."""
    sums = [
        (row["files"], *(row[name] + ZERO for name in _SUMS[1:]), row["order"])
        for row in SettledFile.objects.filter(run=run)
        .values("order")
        .annotate(files=Count("pk"), **{name: Sum(name) for name in _SUMS[1:]})
        .order_by("order")
    ]
    columns = ", ".join(f"{quote(name)} = %s" for name in _SUMS)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table_of(PaymentOrder)} SET {columns} WHERE id = %s", sums)  # noqa: S608
    return [row[:-1] for row in sums]


def _finish(run: SettlementRun) -> None:
    """The run's totals, the sums of its orders' files; orders of nothing are closed."""
    orders = _orders_total(run)
    if not orders:
        # Another run settled these files first: nothing is left for this one.
        run.status = run_step_check("settlement_run_cancel", run.status)
        run.save(update_fields=["status"])
        audit_record(actor=None, action="settlement_run_cancel", obj=run, after={"files": 0})
        return
    if len(orders) != PaymentOrder.objects.filter(run=run).count():
        raise RuntimeError(f"run {run.pk}: an order has no file")
    files, *amounts = (sum(column) for column in zip(*orders, strict=True))
    # Files paid before and decided again for more: the difference is paid on their payee's order.
    run.supplement = supplements_gather(run)
    PaymentOrder.objects.filter(run=run, fund_share=0, supplement=0, status=OrderStatus.TO_PAY).update(
        status=OrderStatus.NOTHING_DUE
    )
    # Files found wrong after an earlier payment: what their payees owe is deducted from these orders.
    recoveries_detect(on=run.on)
    run.recovered = recoveries_offset(run)
    run.status = run_step_check("settlement_run_finish", run.status)
    run.files = files
    run.billed, run.fund_share, run.patient_share, run.penalty = (amount + ZERO for amount in amounts)
    run.orders = PaymentOrder.objects.filter(run=run).count()
    run.prepared_at = timezone.now()
    run.save()
    audit_record(
        actor=None,
        action="settlement_run_finish",
        obj=run,
        after={
            "files": run.files,
            "orders": run.orders,
            "fund_share": run.fund_share,
            "recovered": run.recovered,
            "supplement": run.supplement,
        },
    )


def settlement_run_gather(
    *,
    run_id: int,
    chunk: int = CHUNK,
    progress: Callable[[SettlementRun], Any] | None = None,
    chunks: int | None = None,
) -> SettlementRun:
    """Settle the run's files, `chunk` per transaction, from where it stands; then total it and offer it
    for approval. Started again after a kill it goes on from its last committed chunk and ends with the
    same orders and totals; a run no longer being prepared is returned as it is. `chunks` stops after that
    many chunks (the tests' kill)."""
    done = 0
    while chunks is None or done < chunks:
        with transaction.atomic():
            # Locked for the chunk: a second process resuming the same run waits, then reads its new key.
            run = SettlementRun.objects.select_for_update().get(pk=run_id)
            if run.status != RunStatus.PREPARING:
                return run
            rows = files_next(Scope.of(run), (run.after_received_on, run.after_file_id), chunk)
            if not rows:
                _finish(run)
                return run
            _chunk_write(run, rows)
        done += 1
        if progress is not None:
            progress(run)
    return SettlementRun.objects.get(pk=run_id)


@transaction.atomic
def settlement_run_approve(*, actor: Any, run_id: int) -> SettlementRun:
    """Four eyes: a finance officer approves a prepared run that someone else prepared."""
    require(actor, "payments.approve")
    run = SettlementRun.objects.select_for_update().get(pk=run_id)
    if run.prepared_by_id is not None and run.prepared_by_id == actor.pk:
        raise DomainError(
            ErrorCode.FORBIDDEN,
            _("You prepared this run: another finance officer approves it (four eyes)."),
            field="approved_by",
        )
    if run.status == RunStatus.APPROVED:
        raise conflict_error(objects=[run], said={"settlement_run_approve": DONE["settlement_run_approve"]})
    run.status = run_step_check("settlement_run_approve", run.status)
    run.approved_by = actor
    run.approved_at = timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(actor=actor, action="settlement_run_approve", obj=run, after={"status": run.status})
    return run


@transaction.atomic
def settlement_run_cancel(*, actor: Any, run_id: int) -> SettlementRun:
    """Cancel a run not yet approved: its files are given back, to be settled by another run."""
    require(actor, "payments.prepare")
    run = SettlementRun.objects.select_for_update().get(pk=run_id)
    run.status = run_step_check("settlement_run_cancel", run.status)
    recoveries_release(run)
    SettledFile.objects.filter(run=run).delete()
    PaymentOrder.objects.filter(run=run).delete()
    run.files_done = 0
    run.recovered = ZERO
    run.supplement = ZERO
    run.save(update_fields=["status", "files_done", "recovered", "supplement"])
    audit_record(actor=actor, action="settlement_run_cancel", obj=run, after={"status": run.status})
    return run
