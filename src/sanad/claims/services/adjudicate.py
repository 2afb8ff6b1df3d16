"""Deciding received billing files with the engine and routing each by its decision."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from sanad.adjudication import Decision, Finding, adjudicate_batch
from sanad.catalog.snapshot import reference_snapshot
from sanad.claims.models import BillingFile, FileDecision, LineOutcome
from sanad.claims.snapshots import LoadedFile, claim_snapshots
from sanad.claims.statuses import ROUTING_STEP, FileStatus, file_step_check
from sanad.common.audit import audit_record_many
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile

_CHUNK = 500  # files per snapshot load: every query of the loader takes their ids in one IN


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | str) else str(value)


def _findings(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    return [
        {"code": f.code.value, "rule": f.rule, "params": {k: _plain(v) for k, v in f.params}}
        for f in findings
    ]


def _range(items: list[LoadedFile]) -> tuple[datetime.date, datetime.date]:
    days = [line.service_date for item in items for line in item.lines]
    days += [item.billing_file.received_on for item in items if not item.lines]
    return min(days), max(days)


def _decide(loaded: list[LoadedFile], fund: str) -> list[tuple[LoadedFile, Decision]]:
    """Run the engine per sector of facility, one reference snapshot per sector over its dates."""
    groups: dict[str, list[LoadedFile]] = defaultdict(list)
    for item in loaded:
        groups[item.snapshot.facility.sector.value].append(item)
    decided = []
    for sector, items in sorted(groups.items()):
        start, end = _range(items)
        reference = reference_snapshot(fund=fund, start=start, end=end, sector=sector)
        decisions = adjudicate_batch((item.snapshot for item in items), reference)
        decided += zip(items, decisions, strict=True)
    return decided


def _outcomes(item: LoadedFile, decision: Decision, record: FileDecision) -> list[LineOutcome]:
    outcomes = []
    for line, result in zip(item.lines, decision.lines, strict=True):
        # The engine's invariant, checked again before anything is stored (DESIGN.md, rules of the road).
        if result.fund_share + result.patient_share != line.billed or result.billed != line.billed:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"file {decision.claim_id} line {line.line_no}: shares do not add up to the billed amount",
            )
        outcomes.append(
            LineOutcome(
                decision=record,
                line=line,
                status=result.status.value,
                billed=result.billed,
                tariff=result.tariff,
                base=result.base,
                rate=result.rate,
                fund_share=result.fund_share,
                patient_share=result.patient_share,
                penalty=result.penalty,
                findings=_findings(result.findings),
            )
        )
    return outcomes


@transaction.atomic
def billing_files_adjudicate(*, actor: Any, file_ids: Sequence[int], on: datetime.date) -> list[FileDecision]:
    """Decide the received files of `file_ids` with the engine and route each one by its decision:
    validated, administrative check, medical review or rejected.

    Files no longer received are left alone, so a rerun changes nothing already decided. A constant
    number of queries per 500 files: the snapshots, one reference snapshot per sector of facility, then
    bulk writes of the decisions, their lines, the statuses and one audit event per file.
    """
    if actor is not None and not can(actor, "claims.check"):
        raise DomainError(ErrorCode.FORBIDDEN)
    profile = active_profile()
    wanted = list(dict.fromkeys(file_ids))
    loaded: list[LoadedFile] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        # Lock the files still waiting, oldest first: the engine counts duplicates in this order.
        ids = list(
            BillingFile.objects.select_for_update()
            .filter(pk__in=chunk, status=FileStatus.RECEIVED)
            .order_by("received_on", "id")
            .values_list("id", flat=True)
        )
        loaded += claim_snapshots(file_ids=ids, profile=profile)
    if not loaded:
        return []
    decided = _decide(loaded, profile.code)

    records, moves = [], []
    for item, decision in decided:
        billing_file = item.billing_file
        adjudicated = file_step_check("billing_file_adjudicate", billing_file.status)
        target = file_step_check(ROUTING_STEP[decision.routing], adjudicated)
        moves.append((billing_file, billing_file.status, target, decision))
        billing_file.status = target
        records.append(
            FileDecision(
                billing_file=billing_file,
                decided_on=on,
                status=decision.status.value,
                routing=decision.routing.value,
                payee=decision.payee.value,
                currency=decision.currency,
                billed=decision.billed,
                fund_share=decision.fund_share,
                patient_share=decision.patient_share,
                penalty=decision.penalty,
                findings=_findings(decision.findings),
            )
        )
    file_pks = [item.billing_file.pk for item, _d in decided]
    FileDecision.objects.filter(billing_file_id__in=file_pks, is_current=True).update(is_current=False)
    records = FileDecision.objects.bulk_create(records, batch_size=1000)
    outcomes = []
    for (item, decision), record in zip(decided, records, strict=True):
        outcomes += _outcomes(item, decision, record)
    LineOutcome.objects.bulk_create(outcomes, batch_size=2000)
    BillingFile.objects.bulk_update([m[0] for m in moves], ["status"], batch_size=1000)
    audit_record_many(
        actor=actor,
        action="billing_files_adjudicate",
        changes=[
            (
                billing_file,
                {"status": before},
                {
                    "status": str(target),
                    "routing": decision.routing.value,
                    "fund_share": decision.fund_share,
                    "patient_share": decision.patient_share,
                    "reasons": [r.value for r in decision.reasons()],
                },
            )
            for billing_file, before, target, decision in moves
        ],
    )
    return records
