"""Reading facilities' statements: which a user may read (facility staff their own facility's, once the run
is approved; the finance department and managers every facility's) and what one says, file by file."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sanad.claims.models import LineOutcome
from sanad.claims.selectors.texts import finding_texts_grouped
from sanad.claims.statuses import Outcome
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import can
from sanad.payments.models import PaymentOrder, SettledFile, Supplement
from sanad.payments.selectors.report import reason_label
from sanad.payments.statements.clock import Clock, processing_clock
from sanad.payments.statuses import PayeeKind, RunStatus
from sanad.providers.selectors import facility_of_user

ZERO = Decimal("0.00")
_TOP = str(2**62)  # a cursor above every id: the newest page
# A facility reads the statement of a run once a second finance officer approved it: a prepared run may
# still be cancelled, its files settled by another.
FACILITY_SEES = (RunStatus.APPROVED, RunStatus.SENT, RunStatus.PARTLY_REJECTED, RunStatus.PAID)
STAFF_SEES = (RunStatus.PREPARED, *FACILITY_SEES)


@dataclass(frozen=True, slots=True)
class StatementFile:
    invoice_number: str
    received_on: datetime.date
    billed: Decimal
    rejected: Decimal  # billed on the lines the fund rejected
    patient_share: Decimal
    penalty: Decimal
    fund_share: Decimal  # accepted: what the fund pays for the file
    reasons: list[str]
    clock: Clock


@dataclass(frozen=True, slots=True)
class ReasonTotal:
    text: str
    lines: int
    billed: Decimal


@dataclass(slots=True)
class Statement:
    order: PaymentOrder
    files: list[StatementFile] = field(default_factory=list)
    reasons: list[ReasonTotal] = field(default_factory=list)
    rejected: Decimal = ZERO
    # Differences paid on files settled before and decided again for more.
    supplements: list[Supplement] = field(default_factory=list)

    @property
    def run(self) -> Any:
        return self.order.run

    @property
    def facility(self) -> Any:
        return self.order.facility

    @property
    def recovered(self) -> Decimal:
        # Offsets of sums paid wrongly before (recoveries); zero while the order carries none.
        return getattr(self.order, "recovered", ZERO) or ZERO

    @property
    def net(self) -> Decimal:
        return self.order.fund_share + self.supplement - self.recovered

    @property
    def supplement(self) -> Decimal:
        return getattr(self.order, "supplement", ZERO) or ZERO


def _facility_orders(user: Any) -> QuerySet[PaymentOrder]:
    """The facility orders the user may read; PermissionDenied for a user with no statement to read."""
    rows = PaymentOrder.objects.filter(payee_kind=PayeeKind.FACILITY).select_related("run", "facility")
    if can(user, "payments.view"):
        return rows.filter(run__status__in=STAFF_SEES)
    facility = facility_of_user(user=user) if can(user, "claims.submit") else None
    if facility is None:
        raise PermissionDenied("payments.statements")
    return rows.filter(facility=facility, run__status__in=FACILITY_SEES)


def statement_page(*, user: Any, older: str = "", size: int = PAGE_SIZE) -> KeyPage[PaymentOrder]:
    """The statements the user may read, newest first, paged by key (`next_after`: the older page's
    cursor)."""
    page = key_page(_facility_orders(user), key="id", before=older if older.isdigit() else _TOP, size=size)
    return KeyPage(page.rows[::-1], next_after=page.prev_before)


def statement_order_get(*, user: Any, order_id: int) -> PaymentOrder:
    """One facility's order in a run, if the user may read its statement (404 otherwise: a facility never
    learns that another's exists)."""
    try:
        return _facility_orders(user).get(pk=order_id)
    except PaymentOrder.DoesNotExist:
        raise Http404 from None


def statement_of(*, order: PaymentOrder, today: datetime.date) -> Statement:
    """The statement of `order`: each file paid by invoice number with its amounts, the reasons its lines
    were rejected (in the reader's language) and its processing clock; the reasons totalled."""
    settled = list(
        SettledFile.objects.filter(order=order)
        .order_by("billing_file__received_on", "billing_file__invoice_number")
        .values_list(
            "decision_id",
            "billing_file__invoice_number",
            "billing_file__received_on",
            "billing_file__due_on",
            "billed",
            "patient_share",
            "penalty",
            "fund_share",
        )
    )
    rejected = list(
        LineOutcome.objects.filter(
            decision_id__in=[row[0] for row in settled], status=Outcome.REJECTED
        ).values_list("decision_id", "billed", "findings")
    )
    texts = finding_texts_grouped(findings for _d, _b, findings in rejected)
    by_decision: dict[int, list[tuple[Decimal, list[str]]]] = defaultdict(list)
    totals: dict[str, list[Any]] = {}
    for (decision, billed, findings), found in zip(rejected, texts, strict=True):
        words = [item["text"] for item in found] or ["—"]
        by_decision[decision].append((billed, words))
        # Totalled by rule (the run report's reasons), each file's lines keeping their full words.
        total = totals.setdefault(str(reason_label(findings)), [0, ZERO])
        total[0] += 1
        total[1] += billed
    statement = Statement(order=order)
    statement.supplements = list(
        Supplement.objects.filter(order=order).select_related("billing_file").order_by("billing_file_id")
    )
    for decision, invoice, received, due, billed, patient, penalty, fund in settled:
        lines = by_decision.get(decision, [])
        refused = sum((amount for amount, _w in lines), ZERO)
        reasons = list(dict.fromkeys(word for _a, words in lines for word in words))
        clock = processing_clock(received_on=received, due_on=due, paid_on=order.paid_on, today=today)
        statement.files.append(
            StatementFile(invoice, received, billed, refused, patient, penalty, fund, reasons, clock)
        )
        statement.rejected += refused
    statement.reasons = sorted(
        (ReasonTotal(text, n, amount) for text, (n, amount) in totals.items()),
        key=lambda row: (-row.billed, row.text),
    )
    return statement
