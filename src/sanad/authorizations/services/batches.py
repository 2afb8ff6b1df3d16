"""Batches of requests (seed 002, CNOPS oncology centres: "par lots de 30 au maximum, avant l'acte"): the
facility groups its requests awaiting a decision, at most the profile's `request_batch_max`, hands them in
and gets the fund's numbered receipt on the spot. Each request's timeline records it; audited."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.authorizations.models import AuthorizationRequest, RequestBatch
from sanad.authorizations.services._events import step, user_or_none
from sanad.authorizations.statuses import OPEN
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.selectors import facility_of_user


def _number(now: datetime.datetime) -> str:
    """The receipt's number: the year and the batch's rank in it (`LD-2026-00001`)."""
    year = timezone.localtime(now).year
    prefix = f"LD-{year}-"
    last = (
        RequestBatch.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    rank = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{rank:05d}"


@transaction.atomic
def authorization_batch_hand_in(
    *,
    actor: Any,
    references: Sequence[str],
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> RequestBatch:
    """Hand in the facility's requests `references` as one batch: at least one, at most the profile's
    batch size, each its own, awaiting a decision and in no other batch."""
    profile = profile or active_profile()
    facility = facility_of_user(user=actor) if can(actor, "authorizations.submit") else None
    if facility is None:
        raise DomainError(ErrorCode.FORBIDDEN, field=None)
    wanted = list(dict.fromkeys(r.strip() for r in references if r and r.strip()))
    if not wanted:
        raise DomainError(ErrorCode.REQUIRED, _("Choose the requests of the batch."), field="references")
    limit = profile.authorizations.request_batch_max
    if len(wanted) > limit:
        raise DomainError(
            ErrorCode.INVALID,
            _("A batch holds at most %(limit)s requests; this one has %(count)s.")
            % {"limit": limit, "count": len(wanted)},
            field="references",
        )
    found = list(
        AuthorizationRequest.objects.select_for_update()
        .filter(facility=facility, reference__in=wanted)
        .order_by("id")
    )
    known = {r.reference for r in found}
    unknown = [r for r in wanted if r not in known]
    if unknown:
        raise DomainError(
            ErrorCode.NOT_FOUND,
            _("No such request: %(list)s.") % {"list": ", ".join(unknown)},
            field="references",
        )
    closed = [r.reference for r in found if r.status not in OPEN or r.batch_id is not None]
    if closed:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("Already decided or already handed in: %(list)s.") % {"list": ", ".join(closed)},
            field="references",
        )
    now = now or timezone.now()
    batch = RequestBatch.objects.create(
        number=_number(now), facility=facility, handed_in_at=now, handed_in_by=user_or_none(actor)
    )
    for request in found:
        step(
            request,
            action="authorization_batch_hand_in",
            actor=actor,
            at=now,
            reason=batch.number,
            data={"batch": batch.number},
            changes={"batch_id": batch.pk},
        )
    return batch
