"""The money of the claims (issue 20, §1): billed, accepted (the fund's share), left to the patient,
rejected, penalties, paid, recovered, and what the fund owes and has not paid yet.

Billed, accepted, patient share, rejected and penalties come from the decisions that settled a file that day
(`claims.decisions_final`): on each, fund share + patient share = billed, to the cent (DESIGN.md). Paid and
recovered come from the payment orders the bank confirmed paid that day (seed 000: "validation et
liquidation paiement des factures"). What the fund still owes at the end of the day is the payables list's
rule (`payments.selectors.paid_lists.payable_decisions`), read from dates: the day before's rows plus the
files decided or paid that day, or, when the day before is not computed, every validated file. Indexes:
those of `claims` (the day's decisions, the day's orders); the rejected lines are read by their decision,
the first column of LineOutcome's key; the files of the day's changes by the decisions' file index.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import FileDecision, LineOutcome
from sanad.claims.statuses import Outcome
from sanad.funds.types import FundProfile
from sanad.payments.models import RecoveryOffset, Supplement
from sanad.payments.models.recoveries import Recovery, RecoveryReason
from sanad.payments.selectors.paid_lists import payable_decisions
from sanad.payments.statuses import OrderStatus
from sanad.reports.compute import FigureRow
from sanad.reports.compute.claims import (
    FACILITY,
    FINANCE,
    decided_link,
    decisions_final,
    dimensions,
    dims_of,
    list_query,
    paid_files,
    paid_link,
)
from sanad.reports.indicators import Area, Indicator, Measure, Selection, register
from sanad.reports.models import ComputedDay, Figure, Grain

_ZERO = Decimal("0.00")


def amount_of(value: Any) -> Decimal:
    # SQLite may give a sum as a float or an int: back to exact cents.
    return _ZERO if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def summed(rows: Any, *, indicator: str, file_path: str, amount: str, key: str = "") -> Iterator[FigureRow]:
    """One figure per combination of dimensions (and `key`, a field of `rows`) of `rows`, read through
    the billing file at `file_path`: how many rows, and the sum of their `amount` field."""
    grouped = (
        rows.values(*([key] if key else []), **dimensions(file_path))
        .annotate(n=Count("pk"), total=Sum(amount))
        .order_by()
    )
    for row in grouped:
        yield FigureRow(
            indicator=indicator,
            count=row["n"],
            amount=amount_of(row["total"]),
            key=row[key] if key else "",
            **dims_of(row),
        )


def decided_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """Billed, accepted, patient share and penalties of the day's decisions: one query, one row per
    combination of dimensions; count is the files (for penalties: the files with one)."""
    rows = (
        decisions_final(day=day)
        .values(**dimensions("billing_file"))
        .annotate(
            n=Count("pk"),
            total_billed=Sum("billed"),
            fund=Sum("fund_share"),
            patient=Sum("patient_share"),
            total_penalty=Sum("penalty"),
            penalised=Count("pk", filter=Q(penalty__gt=0)),
        )
        .order_by()
    )
    for row in rows:
        dims = dims_of(row)
        yield FigureRow(
            indicator="money_billed", count=row["n"], amount=amount_of(row["total_billed"]), **dims
        )
        yield FigureRow(indicator="money_accepted", count=row["n"], amount=amount_of(row["fund"]), **dims)
        yield FigureRow(
            indicator="money_patient_share", count=row["n"], amount=amount_of(row["patient"]), **dims
        )
        if row["penalised"]:
            yield FigureRow(
                indicator="money_penalties",
                count=row["penalised"],
                amount=amount_of(row["total_penalty"]),
                **dims,
            )


def rejected_lines(*, day: datetime.date):
    """The lines rejected by the day's decisions (their whole billed amount is refused)."""
    return LineOutcome.objects.filter(decision__in=decisions_final(day=day), status=Outcome.REJECTED)


def rejected_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    lines = rejected_lines(day=day)
    yield from summed(lines, indicator="money_rejected", file_path="decision__billing_file", amount="billed")


def paid_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """The fund's share of the files settled in orders paid that day, and the supplements those orders
    paid on files settled before; count is the files."""
    paid = paid_files(day=day)
    yield from summed(paid, indicator="money_paid", file_path="billing_file", amount="fund_share")
    supplements = Supplement.objects.filter(order__paid_on=day, order__status=OrderStatus.PAID)
    yield from summed(supplements, indicator="money_paid", file_path="billing_file", amount="amount")


def recovered_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """Sums paid wrongly before and got back that day: offset against the orders paid that day, or paid
    back by the payee (recorded that day); count is the recoveries, key their reason."""
    offsets = RecoveryOffset.objects.filter(order__paid_on=day, order__status=OrderStatus.PAID)
    yield from summed(
        offsets,
        indicator="money_recovered",
        file_path="recovery__billing_file",
        amount="amount",
        key="recovery__reason",
    )
    paid_back = Recovery.objects.filter(paid_back_on=day, paid_back__gt=0)
    yield from summed(
        paid_back, indicator="money_recovered", file_path="billing_file", amount="paid_back", key="reason"
    )


PAYABLES = "payables_outstanding"
# Files looked up at once by the day's changes (well under SQLite's limit of variables in a query).
_CHUNK = 500


def _owed_rows(parts: Iterable[Any], *, sign: int = 1) -> Iterator[FigureRow]:
    for part in parts:
        for row in summed(part, indicator=PAYABLES, file_path="billing_file", amount="fund_share"):
            yield row if sign > 0 else replace(row, count=-row.count, amount=-row.amount)


def payables_from_dates(*, day: datetime.date) -> Iterator[FigureRow]:
    """What the fund owed at the end of the day, read from dates (`payable_decisions`: the payables list's
    rule): the fund's share of the decision then in force of each validated file not paid by then."""
    yield from _owed_rows(payable_decisions(day=day))


def payables_changes(*, day: datetime.date) -> Iterator[FigureRow]:
    """What the day changed in what the fund owes (negative counts and amounts for what it owes no more):
    each file decided that day owes what it owes at the end of the day (`payable_decisions`) less what it
    owed the day before; each other file paid that day (in an order confirmed paid on it, or in an order
    owing nothing of a run of that day) owes no more what it owed the day before. Every other file owes
    the same on both days: its decision in force and its payment are dated before. Read by the decisions'
    day index, the orders' paid day index (a day's runs are few) and the files' keys."""
    before = day - datetime.timedelta(days=1)
    decided = sorted(
        set(FileDecision.objects.filter(decided_on=day).values_list("billing_file_id", flat=True))
    )
    # By chunks of files named by their key: the planner then reads each one by its index.
    for start in range(0, len(decided), _CHUNK):
        chunk = decided[start : start + _CHUNK]
        yield from _owed_rows(part.filter(billing_file_id__in=chunk) for part in payable_decisions(day=day))
        then = (part.filter(billing_file_id__in=chunk) for part in payable_decisions(day=before))
        yield from _owed_rows(then, sign=-1)
    # The files paid that day, not decided that day: joined through their settlement to the day's orders,
    # which the planner counts better than a list of files (a payment day pays a run's thousands).
    settled = "billing_file__settlement__"
    paid = Q(**{f"{settled}order__status": OrderStatus.PAID, f"{settled}order__paid_on": day}) | Q(
        **{f"{settled}order__status": OrderStatus.NOTHING_DUE, f"{settled}run__on": day}
    )
    then = (
        part.filter(paid).exclude(billing_file__decisions__decided_on=day)
        for part in payable_decisions(day=before)
    )
    yield from _owed_rows(then, sign=-1)


def _stored(day: datetime.date) -> Iterator[FigureRow]:
    """The day's stored rows of the figure."""
    fields = ("count", "amount", "region", "facility_id", "facility_kind", "care_type", "key")
    for row in Figure.objects.filter(grain=Grain.DAY, day=day, indicator=PAYABLES).values(*fields):
        yield FigureRow(indicator=PAYABLES, **row)


def _netted(rows: Iterable[FigureRow]) -> Iterator[FigureRow]:
    """Rows of the same dimensions added up; a combination left with nothing is dropped."""
    total: dict[tuple[Any, ...], FigureRow] = {}
    for row in rows:
        dims = (row.region, row.facility_id, row.facility_kind, row.care_type, row.key)
        known = total.get(dims)
        if known is not None:
            row = replace(known, count=known.count + row.count, amount=known.amount + row.amount)
        total[dims] = row
    for row in total.values():
        if row.count or row.amount:
            yield row


def payables_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """The fund's share still owed at the end of the day (`payable_decisions`). When the day before is
    computed, its rows plus the day's changes (`payables_changes`): the same figure as read from dates,
    without reading every validated file. A payment recorded late (a bank's confirmation dated before the
    day it was imported) reaches its day when the nightly computation computes the last days again, the
    oldest first (the profile's `reports.nightly_days`)."""
    before = day - datetime.timedelta(days=1)
    if not ComputedDay.objects.filter(day=before).exists():
        yield from payables_from_dates(day=day)
        return
    yield from _netted([*_stored(before), *payables_changes(day=day)])


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    yield from decided_rows(day=day)
    yield from rejected_rows(day=day)
    yield from paid_rows(day=day)
    yield from recovered_rows(day=day)
    yield from payables_rows(day=day)


def _decided_link(selection: Selection) -> str | None:
    return None if selection.key else decided_link(selection)


def _penalties_link(selection: Selection) -> str:
    """The decisions of the period that deducted a penalty: the files the figure counts."""
    return decided_link(selection, penalty="on")


def _rejected_link(selection: Selection) -> str:
    """The decisions of the period holding a rejected line, with their rejected lines' number and amount:
    the lines the figure counts."""
    return decided_link(selection, rejected_line="on")


def _paid_link(selection: Selection) -> str:
    """The files settled in orders paid in the period and the supplements those orders paid."""
    return paid_link(selection)


def _recovered_link(selection: Selection) -> str:
    """The sums deducted from orders paid, or paid back, in the period; a key narrows them to its reason."""
    query = list_query(
        selection, start=selection.start.isoformat(), end=selection.end.isoformat(), reason=selection.key
    )
    return f"{reverse('payments:recovered_list')}?{query}"


def _payables_link(selection: Selection) -> str:
    """The files owed at the end of the period's last day (the state its figure counts): today's list, or
    the list of that evening for a period that ended before today."""
    before_today = selection.end < timezone.localdate()
    query = list_query(selection, end=selection.end.isoformat() if before_today else "")
    return f"{reverse('payments:payables_list')}{'?' if query else ''}{query}"


def _recovery_label(key: str) -> str:
    return str(RecoveryReason(key).label) if key in RecoveryReason.values else key


FACILITY_MONEY = FINANCE | FACILITY

register(
    Indicator(
        code="money_billed",
        label=_("Amount billed"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "What the facilities billed on the billing files decided that day (seed 002: the invoice "
            "states the fund's and the patient's shares)."
        ),
        roles=FACILITY_MONEY,
        link=_decided_link,
    ),
    Indicator(
        code="money_accepted",
        label=_("Fund share accepted"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "The fund's share of the billing files decided that day: what the fund accepted to pay "
            "(seed 000: validation and settlement)."
        ),
        roles=FACILITY_MONEY,
        link=_decided_link,
    ),
    Indicator(
        code="money_patient_share",
        label=_("Patient share"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "What is left to the patient on the billing files decided that day: the billed amount less "
            "the fund's share (seed 002: fund share and patient share on every invoice)."
        ),
        roles=FINANCE,
        link=_decided_link,
    ),
    Indicator(
        code="money_rejected",
        label=_("Amount rejected"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "The billed amount of the lines the fund rejected in the billing files decided that day, and "
            "how many lines (seeds 000, 002: administrative check and medical review)."
        ),
        roles=FACILITY_MONEY,
        link=_rejected_link,
    ),
    Indicator(
        code="money_penalties",
        label=_("Penalties"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "Penalties deducted from the billing files decided that day, such as for care outside the "
            "care pyramid (seed 000: the pyramid must be respected, or a penalty applies)."
        ),
        roles=FINANCE,
        link=_penalties_link,
    ),
    Indicator(
        code="money_paid",
        label=_("Amount paid"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "The fund's share of the billing files whose payment the bank confirmed that day, with the "
            "supplements paid on files decided again for more (seed 000: settlement and payment)."
        ),
        roles=FACILITY_MONEY,
        link=_paid_link,
    ),
    Indicator(
        code="money_recovered",
        label=_("Amount recovered"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "Sums paid wrongly before and got back that day, deducted from the payments confirmed that "
            "day or paid back by the payee, by reason."
        ),
        roles=FINANCE,
        link=_recovered_link,
        key_label=_recovery_label,
        key_name=_("reason"),
    ),
    Indicator(
        code="payables_outstanding",
        label=_("Still to pay"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "Validated billing files not paid yet at the end of the day, and the fund's share they are "
            "owed (seed 000: payment within 30 days of receipt)."
        ),
        roles=FINANCE,
        link=_payables_link,
        snapshot=True,
    ),
)
