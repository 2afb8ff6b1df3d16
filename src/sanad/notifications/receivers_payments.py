"""The insured person's SMS when the fund pays them a reimbursement: their payment order is marked paid by
the bank's confirmation.

Received INSIDE the confirmation's transaction (the payment order's `post_save`, sent when the import saves
the order's new status): the outbox row is written with the status change or not at all, and sent once both
have committed. A failure to queue is logged and never undoes the confirmation.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from sanad.funds.active import active_profile
from sanad.notifications.services import message_queue_guarded
from sanad.notifications.texts import PaymentTemplate, message_language
from sanad.payments.models import PaymentOrder
from sanad.payments.statuses import OrderStatus, PayeeKind


def on_order_saved(sender: Any, *, instance: PaymentOrder, update_fields: Any = None, **kwargs: Any) -> None:
    # Only a change of status to paid (the import saves `status` alone with `paid_on`), to an insured person.
    if update_fields is None or "status" not in update_fields:
        return
    if instance.status != OrderStatus.PAID or instance.payee_kind != PayeeKind.INSURED:
        return
    member = instance.member
    if member is None or not member.phone:
        return
    profile = active_profile()
    message_queue_guarded(
        template=PaymentTemplate.REIMBURSEMENT_PAID,
        recipient=member.phone,
        language=message_language(profile, member),
        params={
            "fund": profile.short_name,
            "amount": instance.amount,
            "currency": instance.run.currency,
            "date": instance.paid_on,
        },
        about=instance,
        member_id=member.pk,
        dedupe_key=f"payments.paid:{instance.pk}",
    )


def receivers_connect() -> None:
    post_save.connect(on_order_saved, sender=PaymentOrder, dispatch_uid="notifications.order_paid")
