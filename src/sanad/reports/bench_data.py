"""The data of the `reports` benchmark: scale × 10,000,000 claim lines (3 a file) and 1,000,000 members, over
400 days of receipts, with what the indicators count: decisions, line outcomes with reason codes, weekly
settlement runs with their payment orders, complaints, queue tickets and contributions. Written with COPY
(PostgreSQL) by the loaders of the other benchmarks where they exist (`claims.runner.bench_data` for the
register, network, catalogue, files and lines; `registry.bench` for more members), and by small writers
here for the rest.

Deterministic apart from the period, which ends yesterday so that the pages' default periods (the last
month, the last twelve) hold data. Left out: authorization requests (a request writes about 35 rows
through its services; no bulk writer exists), enrollments (the register's writer records none), agreement
requests beyond the loader's 195, recoveries, supplements and anomaly signals on the decisions.
"""

from __future__ import annotations

import datetime
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from sanad.claims.models import BillingFile, CareSheetLine, Complaint, FileDecision, LineOutcome
from sanad.claims.runner import bench_data as claims_data
from sanad.common.bulk_sql import fetch, ids_reserve, in_list, rows_insert, table_of
from sanad.funds.types import FundProfile
from sanad.payments.models import PaymentOrder, SettledFile, SettlementRun
from sanad.providers.models import Facility
from sanad.registry.bench import families_make
from sanad.registry.bench_rights import _CONTRIBUTION
from sanad.registry.imports.writing import families_write, next_serial
from sanad.registry.models import Contribution, Member, QueueTicket

DAYS = 400
LINES = 10_000_000
MEMBERS = 1_000_000
_DAY = datetime.timedelta(days=1)
_CHUNK = 50_000
_CENT = Decimal("0.01")
# Reasons of rejected lines, with their weights (the engine's codes, `sanad.adjudication.codes.Reason`).
_REJECTIONS = (
    ("not_in_benefit_package", 5),
    ("time_barred", 3),
    ("no_rights", 3),
    ("documents_missing", 4),
    ("duplicate_already_paid", 2),
    ("prior_approval_missing", 2),
    ("daily_limit_exceeded", 1),
    ("facility_level_not_allowed", 1),
)
_REDUCTIONS = (("billed_above_tariff", 6), ("pyramid_penalty", 2), ("coefficient_above_nomenclature", 1))
_DECISION_COLUMNS = (
    *("id", "billing_file_id", "is_current", "source", "decided_by_id", "note", "anomalies", "decided_on"),
    *("decided_at", "status", "routing", "payee", "currency", "billed", "fund_share", "patient_share"),
    *("penalty", "findings"),
)
_OUTCOME_COLUMNS = (
    *("decision_id", "line_id", "status", "billed", "tariff", "base", "rate", "fund_share", "patient_share"),
    *("penalty", "findings"),
)
_COMPLAINT_COLUMNS = (
    *("number", "billing_file_id", "complainant", "member_id", "facility_id", "region", "subject"),
    *("received_on", "due_on", "status", "answer", "answered_on", "reopened"),
)
_SETTLED_COLUMNS = (
    *("billing_file_id", "run_id", "order_id", "decision_id", "billed", "fund_share", "patient_share"),
    "penalty",
)
_TICKET_COLUMNS = ("branch", "day", "number", "service", "issued_at", "called_at", "served_at", "counter")


@dataclass(slots=True)
class Loaded:
    first: datetime.date
    last: datetime.date
    files: int = 0
    lines: int = 0
    members: int = 0
    decisions: int = 0
    outcomes: int = 0
    complaints: int = 0
    tickets: int = 0
    contributions: int = 0
    settled: int = 0
    orders: int = 0


def _weighted(choices: Sequence[tuple[str, int]]) -> list[str]:
    return [code for code, weight in choices for _ in range(weight)]


def _finding(code: str) -> list[dict]:
    return [{"code": code, "rule": f"bench.{code}", "params": {}}]


def _members_complete(profile: FundProfile, wanted: int) -> int:
    """Members up to `wanted` (the claims loader makes one a four files), through the register's writer."""
    have = Member.objects.count()
    if have < wanted:
        families = families_make(profile, wanted - have, today=datetime.date(2025, 12, 1))
        families_write(families, profile=profile, on=datetime.date(2025, 1, 1), serial=next_serial(profile))
    return Member.objects.count()


def _decisions(profile: FundProfile, loaded: Loaded, rng: random.Random, payments: _Payments) -> None:
    """A decision a file (but the latest files, still in the pipeline) and an outcome a line: most decided
    by the engine within three days of receipt, the rest by a checker or an adviser within 30 days, one in
    twenty late; a line in ten reduced, one in fifteen rejected, each with its reason."""
    rejections, reductions = _weighted(_REJECTIONS), _weighted(_REDUCTIONS)
    now = timezone.now()
    file_table, line_table = table_of(BillingFile), table_of(CareSheetLine)
    last_id = 0
    while True:
        files = fetch(
            f"SELECT id, care_sheet_id, received_on, facility_id FROM {file_table} "  # noqa: S608
            "WHERE id > %s ORDER BY id LIMIT %s",
            [last_id, _CHUNK],
        )
        if not files:
            return
        last_id = files[-1][0]
        sheet_clause, params = in_list("care_sheet_id", [f[1] for f in files])
        lines: dict[int, list[tuple[int, Decimal]]] = {}
        for line_id, sheet_id, billed in fetch(
            f"SELECT id, care_sheet_id, billed FROM {line_table} WHERE {sheet_clause} ORDER BY id",  # noqa: S608
            params,
            decimals=(2,),
        ):
            lines.setdefault(sheet_id, []).append((line_id, billed))
        decided = []
        for file_id, sheet_id, received, facility_id in files:
            if isinstance(received, str):
                received = datetime.date.fromisoformat(received)
            draw = rng.random()
            if draw < 0.7:
                delay, source, routing = rng.randint(0, 3), "engine", "auto_approve"
            elif draw < 0.95:
                delay = rng.randint(4, 29)
                source, routing = rng.choice(
                    (("checker", "administrative_check"), ("adviser", "medical_review"))
                )
            else:
                delay, source, routing = rng.randint(31, 60), "adviser", "medical_review"
            on = received + delay * _DAY
            if on > loaded.last:
                continue  # still in the pipeline
            decided.append((file_id, sheet_id, on, source, routing, facility_id))
        decision_ids = ids_reserve(FileDecision, len(decided))
        decisions, outcomes, validated, rejected = [], [], [], []
        for decision_id, (file_id, sheet_id, on, source, routing, facility_id) in zip(
            decision_ids, decided, strict=True
        ):
            totals = [Decimal("0.00")] * 4  # billed, fund, patient, penalty
            statuses = []
            for line_id, billed in lines.get(sheet_id, ()):
                draw = rng.random()
                penalty = Decimal("0.00")
                if draw < 1 / 15:
                    status, findings = "rejected", _finding(rng.choice(rejections))
                    base = Decimal("0.00")
                elif draw < 1 / 15 + 0.1:
                    code = rng.choice(reductions)
                    status, findings = "reduced", _finding(code)
                    base = (billed * Decimal("0.8")).quantize(_CENT)
                    if code == "pyramid_penalty":
                        penalty = (base * Decimal("0.1")).quantize(_CENT)
                else:
                    status, findings, base = "accepted", [], billed
                fund = (base * Decimal("0.8")).quantize(_CENT) - penalty
                patient = billed - fund
                statuses.append(status)
                for k, value in enumerate((billed, fund, patient, penalty)):
                    totals[k] += value
                outcomes.append(
                    (
                        decision_id,
                        line_id,
                        status,
                        billed,
                        base,
                        base,
                        Decimal("0.8000"),
                        fund,
                        patient,
                        penalty,
                        json.dumps(findings),
                    )
                )
            if statuses and all(s == "rejected" for s in statuses):
                status, routing = "rejected", "reject"
                rejected.append(file_id)
            else:
                status = "reduced" if any(s != "accepted" for s in statuses) else "accepted"
                validated.append(file_id)
                payments.settle(file_id, decision_id, facility_id, on, totals)
            decisions.append(
                (
                    decision_id,
                    file_id,
                    True,
                    source,
                    None,
                    "",
                    "[]",
                    on,
                    now,
                    status,
                    routing,
                    "facility",
                    profile.currency,
                    *totals,
                    "[]",
                )
            )
        rows_insert(FileDecision, _DECISION_COLUMNS, decisions)
        rows_insert(LineOutcome, _OUTCOME_COLUMNS, outcomes)
        payments.write_files()
        for status, ids in (("validated", validated), ("rejected", rejected)):
            for first in range(0, len(ids), 5_000):
                clause, params = in_list("id", ids[first : first + 5_000])
                with connection.cursor() as cursor:
                    cursor.execute(f"UPDATE {file_table} SET status = %s WHERE {clause}", [status, *params])  # noqa: S608
        loaded.decisions += len(decisions)
        loaded.outcomes += len(outcomes)


class _Payments:
    """A settlement run every Monday for the files validated the week before, one order per facility, paid
    a week after the run (the last weeks' orders are still at the bank)."""

    def __init__(self, profile: FundProfile, loaded: Loaded) -> None:
        self.currency, self.loaded = profile.currency, loaded
        self.runs: dict[datetime.date, int] = {}
        self.orders: dict[tuple[datetime.date, int], list] = {}  # (run day, facility) -> [id, files, sums]
        self.files: list[tuple] = []
        self.settled = 0
        # Ids for every order the period may need, reserved at once (SQLite reserves from the table's highest
        # id, and the orders are written last).
        self.ids = iter(ids_reserve(PaymentOrder, (DAYS // 7 + 2) * Facility.objects.count()))

    def _run(self, monday: datetime.date) -> int:
        run = self.runs.get(monday)
        if run is None:
            run = self.runs[monday] = SettlementRun.objects.create(
                period_start=monday - 7 * _DAY,
                period_end=monday - _DAY,
                on=monday,
                status="paid" if monday + 7 * _DAY <= self.loaded.last else "sent",
                currency=self.currency,
            ).pk
        return run

    def settle(
        self, file_id: int, decision_id: int, facility_id: int, on: datetime.date, totals: list
    ) -> None:
        monday = on + (7 - on.weekday()) * _DAY
        if monday > self.loaded.last:
            return
        run = self._run(monday)
        order = self.orders.get((monday, facility_id))
        if order is None:
            order = self.orders[(monday, facility_id)] = [
                next(self.ids),
                0,
                *[_CENT * 0] * 4,
            ]
        order[1] += 1
        for k in range(4):
            order[2 + k] += totals[k]
        self.files.append((file_id, run, order[0], decision_id, *totals))

    def write_files(self) -> None:
        rows_insert(SettledFile, _SETTLED_COLUMNS, self.files)
        self.settled += len(self.files)
        self.files = []

    def write_orders(self) -> None:
        PaymentOrder.objects.bulk_create(
            (
                PaymentOrder(
                    id=order_id,
                    run_id=self.runs[monday],
                    payee_key=f"F{facility_id}",
                    payee_kind="facility",
                    facility_id=facility_id,
                    files=files,
                    billed=billed,
                    fund_share=fund,
                    patient_share=patient,
                    penalty=penalty,
                    status="paid" if monday + 7 * _DAY <= self.loaded.last else "sent",
                    paid_on=monday + 7 * _DAY if monday + 7 * _DAY <= self.loaded.last else None,
                )
                for (monday, facility_id), (
                    order_id,
                    files,
                    billed,
                    fund,
                    patient,
                    penalty,
                ) in self.orders.items()
            ),
            batch_size=2000,
        )


def _complaints(profile: FundProfile, loaded: Loaded, rng: random.Random) -> None:
    """A complaint for one file in 400, received within 20 days of its receipt, answered within 30 days
    (one in eight late, one in twenty still open)."""
    rows = fetch(
        f"SELECT id, facility_id, received_on FROM {table_of(BillingFile)} WHERE id %% 400 = 7 ORDER BY id",  # noqa: S608
        [],
    )
    regions = [r.code for r in profile.regions]
    complaints = []
    for n, (file_id, facility_id, received) in enumerate(rows):
        if isinstance(received, str):
            received = datetime.date.fromisoformat(received)
        on = received + rng.randint(1, 20) * _DAY
        if on > loaded.last:
            continue
        due = on + 30 * _DAY
        answered = on + (rng.randint(31, 50) if n % 8 == 0 else rng.randint(1, 30)) * _DAY
        if n % 20 == 0 or answered > loaded.last:
            answered = None
        complaints.append(
            (
                f"BENCH-C-{n:08d}",
                file_id,
                "facility",
                None,
                facility_id,
                regions[n % len(regions)],
                "Montant refusé",
                on,
                due,
                "answered" if answered else "open",
                "Réponse" if answered else "",
                answered,
                False,
            )
        )
    rows_insert(Complaint, _COMPLAINT_COLUMNS, complaints)
    loaded.complaints = len(complaints)


def _tickets(profile: FundProfile, loaded: Loaded, scale: float, rng: random.Random) -> None:
    """At each branch (a region's agency), scale × 300 tickets a working day, issued from 8:00 to 15:00,
    called after 0 to 60 minutes, served in 3 to 20."""
    per_day = max(5, int(300 * scale))
    services = ("enrollment", "contribution", "certificate", "information")
    tz = timezone.get_current_timezone()
    day = loaded.first
    while day <= loaded.last:
        if day.weekday() < 5:
            rows = []
            for region in profile.regions:
                for number in range(1, per_day + 1):
                    issued = datetime.datetime.combine(day, datetime.time(8), tz) + datetime.timedelta(
                        seconds=number * 7 * 3600 // per_day
                    )
                    called = issued + datetime.timedelta(minutes=rng.randint(0, 60))
                    served = called + datetime.timedelta(minutes=rng.randint(3, 20))
                    rows.append(
                        (
                            region.code,
                            day,
                            number,
                            services[number % 4],
                            issued,
                            called,
                            served,
                            number % 4 + 1,
                        )
                    )
            rows_insert(QueueTicket, _TICKET_COLUMNS, rows)
            loaded.tickets += len(rows)
        day += _DAY


def _contributions(profile: FundProfile, loaded: Loaded, rng: random.Random) -> None:
    """One member in three pays a quarter's contribution on a day of the period, through one of the four
    channels (the loader's own contributions were all paid on its first day)."""
    methods = ("cash", "mobile_money", "bank_transfer", "cheque")
    members = list(Member.objects.order_by("id").values_list("id", flat=True))
    now = timezone.now()
    chosen = members[::3]
    for first in range(0, len(chosen), _CHUNK):
        part = chosen[first : first + _CHUNK]
        rows = []
        for member_id, contribution_id in zip(part, ids_reserve(Contribution, len(part)), strict=True):
            paid = loaded.first + rng.randrange(DAYS) * _DAY
            method = methods[member_id % 4]
            rows.append(
                (
                    contribution_id,
                    member_id,
                    method,
                    "",
                    "",
                    "",
                    "",
                    "",
                    None,
                    1,
                    Decimal("300"),
                    Decimal("300"),
                    Decimal("600"),
                    profile.money.currency,
                    paid,
                    paid + 90 * _DAY,
                    paid,
                    f"BENCH-R-{contribution_id}",
                    now,
                    None,
                )
            )
        rows_insert(Contribution, _CONTRIBUTION, rows)
        loaded.contributions += len(rows)


def _phase(name: str, started: float) -> None:
    print(f"reports: load: {name} done at {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def reports_load(profile: FundProfile, scale: float, *, seed: int = 11) -> Loaded:
    """Write the benchmark's world: scale × 10 M lines in files received over the 400 days to yesterday,
    scale × 1 M members, and what the indicators count."""
    rng = random.Random(seed)
    last = timezone.localdate() - _DAY
    loaded = Loaded(first=last - (DAYS - 1) * _DAY, last=last)
    files = max(300, round(LINES * scale / 3))
    started = time.perf_counter()
    claims = claims_data.bench_load(profile, files, seed=seed, received_from=loaded.first, received_days=DAYS)
    loaded.files, loaded.lines = claims.files, claims.lines
    _phase("files and lines (claims loader)", started)
    loaded.members = _members_complete(profile, max(100, int(MEMBERS * scale)))
    _phase("more members (register writer)", started)
    payments = _Payments(profile, loaded)
    _decisions(profile, loaded, rng, payments)
    payments.write_orders()
    loaded.settled, loaded.orders = payments.settled, len(payments.orders)
    _phase("decisions, line outcomes, payments", started)
    _complaints(profile, loaded, rng)
    _tickets(profile, loaded, scale, rng)
    _contributions(profile, loaded, rng)
    _phase("complaints, tickets, contributions", started)
    return loaded
