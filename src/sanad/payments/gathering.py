"""The files a settlement run gathers, read in bulk as tuples: validated billing files received in the run's
period (of its region and kind of facility), with their current decision, not settled by any run yet.

They are walked by the claims queue's index (status, date received, id), from a key that each chunk moves
forward, so that a run over a national day reads each file once and a run resumed goes on where it stopped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sanad.claims.models import BillingFile, CareSheet, FileDecision
from sanad.claims.statuses import FileStatus
from sanad.common.bulk_sql import fetch, is_postgres, table_of
from sanad.payments.models import SettledFile
from sanad.providers.models import Facility
from sanad.registry.models import Dependant


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """What a run settles: files received from `start` to `end`, of one region and one kind of facility
    (blank: all)."""

    start: datetime.date
    end: datetime.date
    region: str = ""
    facility_kind: str = ""

    @classmethod
    def of(cls, run: Any) -> Scope:
        return cls(
            start=run.period_start, end=run.period_end, region=run.region, facility_kind=run.facility_kind
        )


_COLUMNS = (
    "f.id, f.received_on, d.id, d.payee, f.facility_id, COALESCE(s.member_id, dep.member_id), "
    "d.billed, d.fund_share, d.patient_share, d.penalty"
)
_MONEY_AT = (6, 7, 8, 9)


def _where(scope: Scope) -> tuple[str, list[Any]]:
    joins = (
        f"JOIN {table_of(FileDecision)} d ON d.billing_file_id = f.id AND d.is_current = %s "
        f"JOIN {table_of(CareSheet)} s ON s.id = f.care_sheet_id "
        f"LEFT JOIN {table_of(Dependant)} dep ON dep.id = s.dependant_id "
    )
    params: list[Any] = [True]
    if scope.region or scope.facility_kind:
        joins += f"JOIN {table_of(Facility)} fa ON fa.id = f.facility_id "
    where = (
        "f.status = %s AND f.received_on >= %s AND f.received_on <= %s "  # noqa: S608
        f"AND NOT EXISTS (SELECT 1 FROM {table_of(SettledFile)} i WHERE i.billing_file_id = f.id)"
    )
    params += [FileStatus.VALIDATED.value, scope.start, scope.end]
    if scope.region:
        where += " AND fa.region = %s"
        params.append(scope.region)
    if scope.facility_kind:
        where += " AND fa.kind = %s"
        params.append(scope.facility_kind)
    return f"FROM {table_of(BillingFile)} f {joins}WHERE {where}", params


def files_next(
    scope: Scope, after: tuple[datetime.date | None, int], size: int, *, lock: bool = True
) -> list[tuple]:
    """The next `size` files to settle after the key `after` (date received, id), in that order, as tuples
    (file id, received on, decision id, payee, facility id, member id, billed, fund share, patient share,
    penalty); the member is the insured person's, or the member of the dependant cared for (a reimbursement
    pays the member). Locked on PostgreSQL, so that no one reopens a file while it is being settled."""
    body, params = _where(scope)
    if after[0] is not None:
        # A row comparison: the queue index (status, received_on, id) is entered at the key.
        body += " AND (f.received_on, f.id) > (%s, %s)"
        params += [after[0], after[1]]
    sql = f"SELECT {_COLUMNS} {body} ORDER BY f.received_on, f.id LIMIT %s"
    params.append(size)
    if lock and is_postgres():
        sql += " FOR UPDATE OF f"
    return fetch(sql, params, decimals=_MONEY_AT)


@dataclass(frozen=True, slots=True)
class Preview:
    """What a run over a scope would gather now: per payee kind, files, payees and amounts."""

    files: int
    facilities: int
    insured: int
    billed: Decimal
    fund_share: Decimal
    patient_share: Decimal
    direct_files: int
    reimbursement_files: int

    @property
    def payees(self) -> int:
        return self.facilities + self.insured


def _cents(value: Any) -> Decimal:
    # SQLite sums money as floats: back to exact cents.
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def files_preview(scope: Scope) -> Preview:
    """The files a run over `scope` would settle, counted and summed in one query."""
    body, params = _where(scope)
    payee = "d.payee = 'insured'"
    sql = (
        "SELECT COUNT(*), "
        f"COUNT(DISTINCT CASE WHEN {payee} THEN NULL ELSE f.facility_id END), "
        f"COUNT(DISTINCT CASE WHEN {payee} THEN COALESCE(s.member_id, dep.member_id) END), "
        "SUM(d.billed), SUM(d.fund_share), SUM(d.patient_share), "
        f"SUM(CASE WHEN {payee} THEN 0 ELSE 1 END) {body}"
    )
    count, facilities, insured, billed, fund, patient, direct = fetch(sql, params)[0]
    return Preview(
        files=count,
        facilities=facilities or 0,
        insured=insured or 0,
        billed=_cents(billed),
        fund_share=_cents(fund),
        patient_share=_cents(patient),
        direct_files=direct or 0,
        reimbursement_files=count - (direct or 0),
    )
