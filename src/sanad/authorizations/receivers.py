"""What the authorizations app does when the register announces something; connected in ready()."""

from __future__ import annotations

from typing import Any

from sanad.authorizations.services.beneficiaries import member_requests_move
from sanad.registry import signals


def on_member_merging(sender: Any, *, actor: Any, kept: Any, other: Any, **kwargs: Any) -> dict[str, Any]:
    # Inside the merge's transaction: an error here undoes the merge (no half-moved person).
    return member_requests_move(actor=actor, from_member_id=other.pk, to_member_id=kept.pk)


def receivers_connect() -> None:
    signals.member_merging.connect(on_member_merging, dispatch_uid="authorizations.member_merging")
