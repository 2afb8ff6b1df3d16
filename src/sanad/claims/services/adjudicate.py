"""Deciding received billing files with the engine and routing each by its decision."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from sanad.claims.models import FileDecision
from sanad.claims.runner.decide import CHUNK, RunContext, files_decide, files_lock
from sanad.claims.runner.write import Written, findings_json
from sanad.claims.statuses import DecisionSource
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can


def _instances(written: list[Written], on: datetime.date) -> list[FileDecision]:
    """The decisions as model instances, from what was written (no query back)."""
    found = []
    for w in written:
        d = w.decision
        record = FileDecision(
            pk=w.decision_id,
            billing_file_id=w.file_id,
            source=DecisionSource.ENGINE,
            anomalies=[{"code": s.code, "params": s.params} for s in w.signals],
            findings=findings_json(d.findings),
            decided_on=on,
            status=d.status.value,
            routing=d.routing.value,
            payee=d.payee.value,
            currency=d.currency,
            billed=d.billed,
            fund_share=d.fund_share,
            patient_share=d.patient_share,
            penalty=d.penalty,
        )
        record._state.adding = False
        found.append(record)
    return found


@transaction.atomic
def billing_files_adjudicate(*, actor: Any, file_ids: Sequence[int], on: datetime.date) -> list[FileDecision]:
    """Decide the received files of `file_ids` with the engine and route each one by its decision:
    validated, administrative check, medical review or rejected.

    Files no longer received are left alone, so a rerun changes nothing already decided. The same chunk
    decider as the batch runner (`claims.runner`): a constant number of queries per chunk of files.
    """
    if actor is not None and not can(actor, "claims.check"):
        raise DomainError(ErrorCode.FORBIDDEN)
    wanted = list(dict.fromkeys(file_ids))
    ctx = None
    written: list[Written] = []
    for start in range(0, len(wanted), CHUNK):
        rows = files_lock(wanted[start : start + CHUNK])
        if not rows:
            continue
        ctx = ctx or RunContext.start(on=on, actor=actor, fresh_peers=False)
        written += files_decide(rows, ctx).written
    return _instances(written, on)
