"""Demo settlement runs: the fund's validated files settled by runs in every state, oldest first: paid (the
bank's debit notification booked every transfer), partly rejected (its status report rejected one transfer),
sent to the bank, approved, and prepared awaiting approval.

A finance officer prepares every run and a second one approves them (four eyes); everything goes through
the services. Most reimbursed members have an approved bank account; the others' orders wait for their bank
details. Around the runs (`demo_extras`): a facility's account changed and another's change waiting,
recoveries after the paid run, and the facilities' global invoices.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test.utils import override_settings

from sanad.claims.models import BillingFile
from sanad.claims.statuses import FileStatus
from sanad.common.demo import DemoContext
from sanad.common.demo.names import NAMES, family_name_for
from sanad.common.errors import DomainError
from sanad.common.permissions import Role, role_groups_ensure
from sanad.payments.demo_bank import debit_notification, status_report
from sanad.payments.demo_extras import (
    facility_accounts_make,
    invoices_make,
    member_accounts_make,
    recoveries_make,
)
from sanad.payments.models import SettlementRun
from sanad.payments.services import (
    bank_file_issue,
    confirmation_import,
    settlement_run_approve,
    settlement_run_gather,
    settlement_run_start,
)
from sanad.payments.statuses import RunStatus

SECOND_OFFICER = "finance2"
# The runs' states from the oldest period to the newest.
STATES = (RunStatus.PAID, RunStatus.PARTLY_REJECTED, RunStatus.SENT, RunStatus.APPROVED, RunStatus.PREPARED)
_DAY = datetime.timedelta(days=1)


def _second_officer(ctx: DemoContext, first: Any) -> Any:
    """The finance officer who approves what the demo's finance officer prepares; same demo password (its
    hash is copied: hashing again would cost as much as the rest of this demo)."""
    rng = random.Random(f"{ctx.seed}:{SECOND_OFFICER}")
    names = NAMES[ctx.profile.country]
    family = family_name_for(ctx.profile.country, rng.choice(names["family"]), "F")[0]
    user, created = get_user_model().objects.get_or_create(
        username=SECOND_OFFICER,
        defaults={
            "password": first.password,
            "first_name": rng.choice(names["female"])[0],
            "last_name": family,
        },
    )
    if created:
        user.groups.add(role_groups_ensure()[Role.FINANCE_OFFICER])
    return user


def periods_split(
    days: list[tuple[datetime.date, int]], parts: int
) -> list[tuple[datetime.date, datetime.date]]:
    """Cut the days of receipt (day, files), in order, into at most `parts` periods of about as many files."""
    parts = min(parts, len(days))
    total = sum(n for _d, n in days)
    periods: list[tuple[datetime.date, datetime.date]] = []
    start, seen = None, 0
    for index, (day, count) in enumerate(days):
        start = start or day
        seen += count
        left_days, left_parts = len(days) - index - 1, parts - len(periods) - 1
        if left_parts and (seen * parts >= total * (len(periods) + 1) or left_days == left_parts):
            periods.append((start, day))
            start = None
    if start is not None:
        periods.append((start, days[-1][0]))
    return periods


def _confirm(run: SettlementRun, state: str, *, actor: Any, on: datetime.date, profile: Any) -> None:
    """The bank's answer to the run's bank file: every transfer booked, or the first one rejected."""
    bank_file = run.bank_files.get(sequence=1)
    transfers = list(bank_file.transfers.order_by("id"))
    if state == RunStatus.PAID:
        content = debit_notification(
            f"{bank_file.message_id}-N",
            [(t.end_to_end_id, t.amount) for t in transfers],
            account=profile.payments.debtor_account,
            currency=run.currency,
            on=on,
        )
        name = f"camt054-{run.number}.xml"
    else:
        statuses = [
            (t.end_to_end_id, "RJCT", "AC04", "Compte clos") if i == 0 else (t.end_to_end_id, "ACSC", "", "")
            for i, t in enumerate(transfers)
        ]
        content = status_report(f"{bank_file.message_id}-S", bank_file.message_id, statuses, on)
        name = f"pain002-{run.number}.xml"
    confirmation_import(actor=actor, content=content, file_name=name)


def _run_make(
    ctx: DemoContext, state: str, period: tuple[datetime.date, datetime.date], officers: tuple[Any, Any]
) -> SettlementRun:
    preparer, approver = officers
    on = min(ctx.today, period[1] + 10 * _DAY)
    run = settlement_run_start(actor=preparer, period_start=period[0], period_end=period[1], on=on)
    settlement_run_gather(run_id=run.pk)
    if state == RunStatus.PREPARED:
        return run
    settlement_run_approve(actor=approver, run_id=run.pk)
    if state == RunStatus.APPROVED:
        return run
    try:
        bank_file_issue(actor=preparer, run_id=run.pk, on=on)
    except DomainError:
        return run  # no order of the run can be paid to a bank account: it stays approved
    if state != RunStatus.SENT:
        _confirm(run, state, actor=preparer, on=min(ctx.today, on + 3 * _DAY), profile=ctx.profile)
    return run


def payments_load(ctx: DemoContext) -> None:
    """Load the demo runs of `ctx.profile` (after the claims); nothing without a finance officer account."""
    preparer = ctx.users.get(Role.FINANCE_OFFICER.value)
    if preparer is None:
        return
    days = list(
        BillingFile.objects.filter(status=FileStatus.VALIDATED, settlement__isnull=True)
        .values_list("received_on")
        .annotate(files=Count("pk"))
        .order_by("received_on")
    )
    # The services read the active profile: during the load it is the demo's, whatever the settings say.
    with override_settings(SANAD_FUND=ctx.profile.code):
        officers = (preparer, _second_officer(ctx, preparer))
        ctx.counts["member_bank_accounts"] = member_accounts_make(ctx)
        facility_accounts_make(ctx, officers)
        for state, period in zip(STATES, periods_split(days, len(STATES)), strict=False):
            run = _run_make(ctx, state, period, officers)
            if state == RunStatus.PAID:
                recoveries_make(run, actor=preparer, on=min(ctx.today, run.on + 5 * _DAY))
        ctx.counts["global_invoices"] = invoices_make(ctx, officers)
    ctx.counts["settlement_runs"] = SettlementRun.objects.count()
