"""The finance officer's home figures: what is ready to settle, awaiting approval, sent to the bank,
confirmed paid, and the validated files unpaid past their due date (counts and amounts)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from sanad.funds.active import active_profile
from sanad.payments.gathering import Scope, files_preview
from sanad.payments.models import SettlementRun
from sanad.payments.statements.clock import overdue_totals
from sanad.payments.statuses import RunStatus

_STAGES = {
    "awaiting_approval": (RunStatus.PREPARED,),
    "to_send": (RunStatus.APPROVED,),
    "sent": (RunStatus.SENT, RunStatus.PARTLY_REJECTED),
    "confirmed": (RunStatus.PAID,),
}


def finance_figures(*, today: datetime.date) -> dict[str, Any]:
    """{stage: {"count", "amount"}}: files for `ready` and `overdue`, runs (fund share) for the others."""
    ready = files_preview(Scope(start=datetime.date(1900, 1, 1), end=today))
    out: dict[str, Any] = {"ready": {"count": ready.files, "amount": ready.fund_share}}
    sums = {
        row["status"]: row
        for row in SettlementRun.objects.values("status").annotate(n=Count("pk"), amount=Sum("fund_share"))
    }
    for stage, statuses in _STAGES.items():
        rows = [sums[s] for s in statuses if s in sums]
        amount = sum((Decimal(r["amount"] or 0) for r in rows), Decimal(0)).quantize(Decimal("0.01"))
        out[stage] = {"count": sum(r["n"] for r in rows), "amount": amount}
    count, amount = overdue_totals(today=today)
    out["overdue"] = {"count": count, "amount": amount}
    out["currency"] = active_profile().currency
    return out
