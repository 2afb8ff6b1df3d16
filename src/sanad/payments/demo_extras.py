"""What the demo adds around its settlement runs, for each fund: insured persons' bank accounts (most
reimbursed members have one, entered at the counter and approved by an enrollment officer; the others'
orders wait for their bank details), a facility's account changed through the four-eyes page and another
change waiting for approval, recoveries (a file found paid twice, offset against the next run; one paid
back), and the facilities' global invoices (accepted, returned with reasons, waiting). All through the
services, by the demo's users."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from sanad.claims.models import FileDecision
from sanad.claims.statuses import FileStatus
from sanad.common.demo import DemoContext
from sanad.common.errors import DomainError
from sanad.common.permissions import Role
from sanad.payments.invoices.services import invoice_decide, invoice_receive
from sanad.payments.models import GlobalInvoice, PaymentOrder, SettledFile, SettlementRun
from sanad.payments.recoveries.services import recovery_duplicate, recovery_paid_back
from sanad.payments.services import facility_account_approve, facility_account_propose
from sanad.payments.statuses import PayeeKind
from sanad.registry.services.bank_accounts import (
    member_bank_account_approve,
    member_bank_account_propose,
)

_YEAR = datetime.timedelta(days=365)


def _rib_key(digits22: str) -> str:
    return f"{97 - (int(digits22) * 100) % 97:02d}"


def demo_account(rng: random.Random, country: str) -> str:
    """A valid account: a Moroccan RIB, or elsewhere an IBAN around a BBAN with its national key."""
    body = "".join(str(rng.randint(0, 9)) for _ in range(22 if country == "MA" else 21))
    if country == "MA":
        return body + _rib_key(body)
    bban = body + _rib_key(body)
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


def member_accounts_make(ctx: DemoContext) -> int:
    """Two reimbursed members in three get an approved account, valid for a year already; one in five of
    the others has one entered, waiting for approval."""
    agent, officer = ctx.users.get(Role.COUNTER_AGENT.value), ctx.users.get(Role.ENROLLMENT_OFFICER.value)
    if agent is None or officer is None:
        return 0
    rng = random.Random(f"{ctx.seed}:member-accounts")
    rows = FileDecision.objects.filter(
        is_current=True, payee=PayeeKind.INSURED, billing_file__status=FileStatus.VALIDATED
    ).values_list("billing_file__care_sheet__member_id", "billing_file__care_sheet__dependant__member_id")
    members = sorted({member or via for member, via in rows if member or via})
    made = 0
    for member_id in members:
        draw = rng.random()
        if draw >= 2 / 3 and draw < 0.9:
            continue
        entry = member_bank_account_propose(
            actor=agent,
            member_id=member_id,
            account=demo_account(rng, ctx.profile.country),
            valid_from=ctx.today - _YEAR,
        )
        if draw < 2 / 3:
            member_bank_account_approve(actor=officer, entry_id=entry.pk)
        made += 1
    return made


def facility_accounts_make(ctx: DemoContext, officers: tuple[Any, Any]) -> None:
    """A facility paid by the runs changed its account a year ago (approved by the second finance officer);
    another has a change proposed, waiting for approval."""
    preparer, approver = officers
    # The runs are not made yet: among the facilities whose validated files they will pay.
    facility_ids = list(
        FileDecision.objects.filter(
            is_current=True, payee=PayeeKind.FACILITY, billing_file__status=FileStatus.VALIDATED
        )
        .values_list("billing_file__facility_id", flat=True)
        .distinct()
        .order_by("billing_file__facility_id")[:2]
    )
    rng = random.Random(f"{ctx.seed}:facility-accounts")
    for index, facility_id in enumerate(facility_ids):
        change = facility_account_propose(
            actor=preparer,
            facility_id=facility_id,
            account=demo_account(rng, ctx.profile.country),
            valid_from=ctx.today - _YEAR if index == 0 else ctx.today + datetime.timedelta(days=15),
        )
        if index == 0:
            facility_account_approve(actor=approver, change_id=change.pk)


def recoveries_make(run: SettlementRun, *, actor: Any, on: datetime.date) -> None:
    """After the paid run: two of its facility files are found paid twice; the first facility pays its
    debt back, the other's is offset against its next run."""
    files = list(
        SettledFile.objects.filter(run=run, order__payee_kind=PayeeKind.FACILITY, fund_share__gt=0)
        .order_by("order__facility_id", "billing_file_id")
        .distinct()
        .values_list("order__facility_id", "billing_file_id")
    )
    chosen, seen = [], set()
    for facility_id, file_id in files:
        if facility_id not in seen:
            seen.add(facility_id)
            chosen.append(file_id)
        if len(chosen) == 2:
            break
    for index, file_id in enumerate(chosen):
        try:
            recovery = recovery_duplicate(
                actor=actor, billing_file_id=file_id, on=on, note="Facture présentée deux fois"
            )
        except DomainError:
            continue
        if index == 0:
            recovery_paid_back(actor=actor, recovery_id=recovery.pk, on=on)


def invoices_make(ctx: DemoContext, officers: tuple[Any, Any]) -> int:
    """The facilities paid by the first run send their global invoice for its period: the first is
    accepted, the second returned (its total claims more than the fund accepts), the others wait."""
    run = SettlementRun.objects.order_by("id").first()
    if run is None:
        return 0
    orders = PaymentOrder.objects.filter(run=run, payee_kind=PayeeKind.FACILITY).order_by("facility_id")[:4]
    for index, order in enumerate(orders):
        accepted = SettledFile.objects.filter(order=order).aggregate(total=Sum("fund_share"))["total"] or 0
        total = Decimal(str(accepted)) + (Decimal("1250.00") if index == 1 else 0)
        invoice = invoice_receive(
            actor=None,
            facility_id=order.facility_id,
            number=f"FG-{run.period_end:%Y%m}-{index + 1:03d}",
            issued_on=run.period_end,
            total=total,
            period_start=run.period_start,
            period_end=run.period_end,
        )
        if index < 2:
            invoice_decide(
                actor=officers[index],
                invoice_id=invoice.pk,
                accept=index == 0,
                reasons="" if index == 0 else "Le total dépasse les montants acceptés des dossiers.",
                on=min(ctx.today, run.on),
            )
    return GlobalInvoice.objects.count()
