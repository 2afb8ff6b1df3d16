"""Questions this app asks the apps above it, which it may not import (DESIGN.md, layers), and what it
announces to them.

The long-term conditions recognized for a beneficiary are kept by the claims app: it answers
`conditions_asked` with the codes recognized on a day. With no receiver, none is recognized, and every
request that an automatic rule would approve for a recognized condition goes to an adviser instead.

`decision_announced` tells the fund's answer to a request (the notifications app sends the insured person an
SMS). It is sent INSIDE the decision's transaction: the message is written with the decision or not at all,
and goes out once both have committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.dispatch import Signal

# kwargs: beneficiary (the `M<id>`/`D<id>` key), on (date). Each receiver returns an iterable of the
# catalogue's long-term condition codes recognized for the beneficiary on that day.
conditions_asked = Signal()


def conditions_recognized(*, beneficiary: str, on: date) -> frozenset[str]:
    """The long-term conditions recognized for `beneficiary` on `on`, as the receivers know them."""
    found: set[str] = set()
    for _receiver, codes in conditions_asked.send(sender=None, beneficiary=beneficiary, on=on):
        found.update(codes or ())
    return frozenset(found)


# kwargs: request (the AuthorizationRequest, its decision current), outcome (the status the answer gave it:
# approved, approved_with_reserve, refused or information_requested; under_appeal when the facility or a
# branch appeals a decision), event (the RequestEvent of the step; a decision on appeal is announced like any
# decision, its event's action `authorization_appeal_*` and `request.decision.on_appeal` set).
decision_announced = Signal()

_silent: ContextVar[bool] = ContextVar("authorizations_silent", default=False)


@contextmanager
def announcements_silenced() -> Iterator[None]:
    """Nothing is announced inside: the demo's requests are its past, told at the time; a bench measures
    the decisions alone."""
    token = _silent.set(True)
    try:
        yield
    finally:
        _silent.reset(token)


def decision_announce(*, request: Any, outcome: str, event: Any) -> None:
    """Announce the fund's answer to `request` (called inside the decision's transaction)."""
    if not _silent.get():
        decision_announced.send(sender=None, request=request, outcome=outcome, event=event)
