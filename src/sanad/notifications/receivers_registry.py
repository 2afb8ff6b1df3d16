"""The member's message when a payment of theirs is corrected at the counter.

Received, as every register event, INSIDE the correction's transaction: the outbox row is written with the
correction or not at all, and sent once both have committed. A failure is logged and never undoes it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sanad.notifications.receivers import _queue
from sanad.notifications.services import receiver_guarded
from sanad.notifications.texts import CorrectionTemplate
from sanad.registry import signals
from sanad.registry.models import CorrectionKind


@receiver_guarded
def on_contribution_corrected(sender: Any, *, correction: Any, **kwargs: Any) -> None:
    contribution = correction.contribution
    member = contribution.member
    if correction.kind == CorrectionKind.REDATE and correction.replacement is not None:
        period = correction.replacement.rights_period
        template = CorrectionTemplate.REDATED
        params = {
            "receipt": contribution.receipt_number,
            "paid_on": correction.paid_on,
            "start": period.start,
            "end": period.end,
        }
    else:
        last = member.rights_periods.filter(end__gte=timezone.localdate()).order_by("-end").first()
        template = CorrectionTemplate.CANCELLED_COVERED if last else CorrectionTemplate.CANCELLED_UNCOVERED
        params = {
            "receipt": contribution.receipt_number,
            "amount": contribution.amount,
            "currency": contribution.currency,
        }
        if last:
            params["end"] = last.end
    _queue(template, member=member, about=correction, params=params, dedupe_key=f"correction:{correction.pk}")


def receivers_connect() -> None:
    signals.contribution_corrected.connect(on_contribution_corrected, dispatch_uid="notifications.correction")
