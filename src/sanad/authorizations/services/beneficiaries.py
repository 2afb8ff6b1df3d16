"""The requests of a person whose two records in the register were merged follow the kept record.

The register never writes these tables (DESIGN.md, layers): it announces the merge inside its transaction
(`registry.signals.member_merging`) and `authorizations.receivers` calls this service, so that the
requests move with the register's rows, all or nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sanad.authorizations.models import AuthorizationRequest, beneficiary_key
from sanad.common.audit import audit_record
from sanad.registry.models import Member


@transaction.atomic
def member_requests_move(*, actor: Any, from_member_id: int, to_member_id: int) -> dict[str, Any]:
    """Move the requests of member `from_member_id` (for them and their dependants) to `to_member_id`; a
    dependant keeps their id, so only the member's own beneficiary key changes."""
    rows = AuthorizationRequest.objects.select_for_update().filter(member_id=from_member_id)
    moved = list(rows.values_list("pk", flat=True))
    AuthorizationRequest.objects.filter(pk__in=moved).update(member_id=to_member_id)
    old_key, new_key = beneficiary_key(from_member_id, None), beneficiary_key(to_member_id, None)
    AuthorizationRequest.objects.filter(pk__in=moved, beneficiary=old_key).update(beneficiary=new_key)
    kept = Member.objects.only("pk").get(pk=to_member_id)
    audit_record(
        actor=actor,
        action="authorizations.member_requests_move",
        obj=kept,
        before={"member": from_member_id},
        after={"member": to_member_id, "requests": moved},
    )
    return {"authorization_requests": moved}
