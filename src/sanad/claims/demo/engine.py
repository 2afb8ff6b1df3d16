"""The demo's engine work: the previews of the files billed at the facility and the nightly decisions
of the files the fund received, through the runner's own chunk decider."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from sanad.adjudication import adjudicate_batch
from sanad.claims.anomalies import peer_averages
from sanad.claims.demo.bulk import AUDIT_COLUMNS, FILE_LABEL, BulkWriter, Planned
from sanad.claims.models import BillingFile
from sanad.claims.runner.decide import References, RunContext, files_decide, files_lock
from sanad.claims.runner.read import FacilityCache, SnapshotBuilder, chunk_read, files_by_id
from sanad.claims.statuses import FileStatus
from sanad.common.bulk_sql import rows_insert
from sanad.common.models import AuditEvent

_DAY = datetime.timedelta(days=1)


def previews_write(
    plans: list[Planned], *, profile: Any, actors: dict[int, Any], references: References
) -> None:
    """The engine's preview of every file as if received the day it was billed (`billing_file_create`
    stores it), computed in one pass per sector, and the audit event of the billing."""
    by_id = {p.file_id: p for p in plans}
    rows = files_by_id(list(by_id))
    chunk = chunk_read(rows, profile=profile, facilities=FacilityCache())
    built = SnapshotBuilder(profile).build(chunk)
    per_sector: dict[str, list] = defaultdict(list)
    for item in built:
        snapshot = replace(item.snapshot, received_on=by_id[item.row.id].billed_on)
        per_sector[snapshot.facility.sector.value].append((item.row.id, snapshot))
    updates = []
    for sector, items in sorted(per_sector.items()):
        days = [line.service_date for _i, s in items for line in s.lines]
        reference = references.get(sector, min(days), max(days))
        for (file_id, _s), decision in zip(
            items, adjudicate_batch((s for _i, s in items), reference), strict=True
        ):
            assert decision.fund_share + decision.patient_share == decision.billed
            by_id[file_id].preview = (decision.fund_share, decision.patient_share)
            updates.append((decision.fund_share, decision.patient_share, file_id))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {BillingFile._meta.db_table} SET preview_fund_share = %s, preview_patient_share = %s "  # noqa: S608
            "WHERE id = %s",
            updates,
        )
    writer = BulkWriter()
    for p in plans:
        if p.preview is None:
            continue
        writer.event(
            p.billed_on,
            11,
            actors.get(p.facility.pk),
            "billing_file_create",
            FILE_LABEL,
            p.file_id,
            None,
            {
                "invoice_number": p.invoice,
                "status": FileStatus.DRAFT,
                "care_sheet": p.sheet_id,
                "billed": sum((line.billed for line in p.sheet.lines), Decimal(0)),
                "preview_fund_share": p.preview[0],
                "preview_patient_share": p.preview[1],
            },
        )
    rows_insert(AuditEvent, AUDIT_COLUMNS, writer.events)


def adjudicate_nightly(plans: list[Planned], references: References) -> int:
    """The engine decides the files received each day that night, day after day, oldest first (duplicates
    and history count in that order); returns how many files it decided.

    It is the chunk decider of `billing_files_adjudicate`, with one run context for every night so that
    the catalogue's reference snapshot is read once rather than once a night."""
    nights: dict[datetime.date, list[Planned]] = defaultdict(list)
    for plan in plans:
        if plan.batch is not None and plan.batch.received_on is not None:
            nights[plan.batch.received_on].append(plan)
    decided = 0
    run = None
    for on, items in sorted(nights.items()):
        if run is None:
            run = RunContext.start(on=on, fresh_peers=True)
            run.references = references
        elif on.isocalendar()[:2] != run.on.isocalendar()[:2]:  # the peer averages, once a week
            run.on, run.peers = on, peer_averages(profile=run.profile, on=on)
        run.on = on
        with transaction.atomic():
            decided += files_decide(files_lock([p.file_id for p in items]), run).files
    return decided
