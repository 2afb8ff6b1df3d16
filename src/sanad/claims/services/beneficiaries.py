"""The claims of a person whose two records in the register were merged follow the kept record.

The register never writes these tables (DESIGN.md, layers): it announces the merge inside its transaction
(`registry.signals.member_merging`) and `claims.receivers` calls this service, so that the care sheets,
their billing files, the history keys of their lines, the recognized long-term conditions and the
complaints move in the same transaction as the register's rows, all or nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sanad.claims.models import CareSheet, CareSheetLine, Complaint, ConditionRecognition, beneficiary_key
from sanad.common.audit import audit_record
from sanad.registry.models import Member


@transaction.atomic
def member_claims_move(*, actor: Any, from_member_id: int, to_member_id: int) -> dict[str, Any]:
    """Move the claims of member `from_member_id` (as beneficiary, not their dependants') to `to_member_id`.

    A dependant keeps their id when their family moves, so their sheets and `D<id>` keys need no change.
    Returns what moved, for the merge's audit event: ids of care sheets and complaints, counts of lines,
    billing files and long-term conditions.
    """
    old_key, new_key = beneficiary_key(from_member_id, None), beneficiary_key(to_member_id, None)
    sheets = list(
        CareSheet.objects.select_for_update().filter(member_id=from_member_id).values_list("pk", flat=True)
    )
    complaints = list(
        Complaint.objects.select_for_update().filter(member_id=from_member_id).values_list("pk", flat=True)
    )
    conditions = list(
        ConditionRecognition.objects.select_for_update()
        .filter(beneficiary=old_key)
        .values_list("pk", flat=True)
    )
    files = CareSheet.objects.filter(pk__in=sheets, billing_file__isnull=False).count()
    CareSheet.objects.filter(pk__in=sheets).update(member_id=to_member_id)
    lines = CareSheetLine.objects.filter(beneficiary=old_key).update(beneficiary=new_key)
    ConditionRecognition.objects.filter(pk__in=conditions).update(beneficiary=new_key)
    Complaint.objects.filter(pk__in=complaints).update(member_id=to_member_id)
    moved = {
        "care_sheets": sheets,
        "billing_files": files,
        "care_sheet_lines": lines,
        "long_term_conditions": len(conditions),
        "complaints": complaints,
    }
    kept = Member.objects.only("pk").get(pk=to_member_id)
    audit_record(
        actor=actor,
        action="claims.member_claims_move",
        obj=kept,
        before={"member": from_member_id},
        after={"member": to_member_id, **moved},
    )
    return moved
