"""A facility's batches of requests and the fund's receipt of one, printed on the spot (seed 002)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from sanad.authorizations.models import AuthorizationRequest, RequestBatch
from sanad.authorizations.selectors.calendar import contact_of, next_pickup
from sanad.authorizations.statuses import OPEN
from sanad.common.pdf import html_to_pdf
from sanad.funds.active import active_profile

BATCHES_SHOWN = 20  # the facility's latest batches on its page


def requests_to_batch(*, facility: Any) -> QuerySet[AuthorizationRequest]:
    """The facility's requests awaiting a decision and in no batch yet, oldest first."""
    return (
        AuthorizationRequest.objects.filter(facility=facility, status__in=OPEN, batch__isnull=True)
        .select_related("member", "dependant")
        .order_by("submitted_at", "id")
    )


def batches_of(*, facility: Any) -> QuerySet[RequestBatch]:
    return RequestBatch.objects.filter(facility=facility).order_by("-handed_in_at", "-id")[:BATCHES_SHOWN]


def batch_receipt_html(*, batch: RequestBatch) -> str:
    """The receipt: its number and date, the facility, and the requests it lists by reference; where the
    fund keeps a deposit calendar, the next pick-up slot and the facility's named contact."""
    profile = active_profile()
    lang = (translation.get_language() or "fr").split("-")[0]
    requests = list(batch.requests.select_related("member", "dependant").order_by("id"))
    pickup = contact = None
    if profile.authorization_requests.deposit_calendar:
        # Seed 002: the representative knows on the spot when to come back for the decisions, and to whom.
        pickup = next_pickup(facility=batch.facility, after=batch.handed_in_at)
        contact = contact_of(facility=batch.facility)
    return render_to_string(
        "authorizations/batches/receipt.html",
        {
            "batch": batch,
            "requests": requests,
            "facility": batch.facility,
            "fund_name": profile.name.get(lang),
            "profile": profile,
            "lang": lang,
            "rtl": translation.get_language_bidi(),
            "pickup": pickup,
            "contact": contact,
        },
    )


def batch_receipt_pdf(*, batch: RequestBatch) -> bytes:
    return html_to_pdf(batch_receipt_html(batch=batch))
