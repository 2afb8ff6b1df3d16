"""Writing the engine's decisions on a chunk of files in bulk: the decisions and their lines with one COPY
each (one `executemany` on SQLite), the new statuses with one UPDATE, the prior authorizations the lines
used (a few), without model instances.

Before anything is written, every line is checked again against the engine's invariant: fund share +
patient share = billed amount, the amount stored on the line (DESIGN.md, rules of the road).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from django.db import connection

from sanad.adjudication import Decision, Finding, LineDecision
from sanad.claims.anomalies import Signal
from sanad.claims.models import AuthorizationUse, BillingFile, FileDecision, LineOutcome
from sanad.claims.runner.read import ChunkFile
from sanad.claims.statuses import DecisionSource
from sanad.common.bulk_sql import copy_escape, ids_reserve, in_list, is_postgres, rows_insert, table_of
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent

DECISION_COLUMNS = (
    "id",
    "billing_file",
    "is_current",
    "source",
    "decided_by",
    "note",
    "anomalies",
    "decided_on",
    "decided_at",
    "status",
    "routing",
    "payee",
    "currency",
    "billed",
    "fund_share",
    "patient_share",
    "penalty",
    "findings",
)
OUTCOME_COLUMNS = (
    "decision",
    "line",
    "status",
    "billed",
    "tariff",
    "base",
    "rate",
    "fund_share",
    "patient_share",
    "penalty",
    "findings",
)


USE_COLUMNS = ("billing_file", "line", "request", "decision", "code", "quantity", "amount")

_ACTION = "billing_files_adjudicate"
_BEFORE = json.dumps({"status": "received"})
_AUDIT_COLUMNS = ("at", "actor_id", "action", "object_type", "object_id", "before", "after")


class Written(NamedTuple):
    """What was written for one file: its decision's id and its new status."""

    file_id: int
    decision_id: int
    status: str
    decision: Decision
    signals: list[Signal]


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | str) else str(value)


def findings_json(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    """Findings as stored: [{"code", "rule", "params"}], parameters as JSON-safe values."""
    return [
        {"code": f.code.value, "rule": f.rule, "params": {k: _plain(v) for k, v in f.params}}
        for f in findings
    ]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": ")) if value else "[]"


_findings_text: dict[tuple[Finding, ...], str] = {}


def _findings_json(findings: tuple[Finding, ...]) -> str:
    """The findings as JSON text, each distinct tuple of findings written once (most repeat)."""
    if not findings:
        return "[]"
    text = _findings_text.get(findings)
    if text is None:
        if len(_findings_text) > 100_000:
            _findings_text.clear()
        text = _findings_text[findings] = _json(findings_json(findings))
    return text


class _LineText:
    """Each distinct line outcome formatted once: most lines of a run share the same few outcomes
    (accepted at the tariff, rejected for one reason), so their text is reused."""

    __slots__ = ("_text",)

    def __init__(self) -> None:
        self._text: dict[tuple, str] = {}

    def __call__(self, line: LineDecision) -> str:
        key = line[2:]
        text = self._text.get(key)
        if text is None:
            if len(self._text) > 200_000:
                self._text.clear()
            findings = copy_escape(_findings_json(line.findings))
            text = self._text[key] = (
                f"{line.status.value}\t{line.billed}\t{line.tariff}\t{line.base}\t{line.rate}\t"
                f"{line.fund_share}\t{line.patient_share}\t{line.penalty}\t{findings}\n"
            )
        return text


def _check(item: ChunkFile, decision: Decision) -> None:
    if len(decision.lines) != len(item.lines):
        raise DomainError(ErrorCode.CONFLICT, f"file {decision.claim_id}: the engine lost a line")
    for line, result in zip(item.lines, decision.lines, strict=True):
        if result.fund_share + result.patient_share != line.billed or result.billed != line.billed:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"file {decision.claim_id} line {line.line_no}: shares do not add up to the billed amount",
            )


def _decision_row(
    decision_id: int, item: ChunkFile, decision: Decision, signals: list[Signal], on: datetime.date, now: Any
) -> tuple:
    anomalies = _json([{"code": s.code, "params": s.params} for s in signals])
    return (
        decision_id,
        item.row.id,
        True,
        DecisionSource.ENGINE.value,
        None,
        "",
        anomalies,
        on,
        now,
        decision.status.value,
        decision.routing.value,
        decision.payee.value,
        decision.currency,
        decision.billed,
        decision.fund_share,
        decision.patient_share,
        decision.penalty,
        _findings_json(decision.findings),
    )


def _outcome_lines(decided: Sequence[tuple[int, ChunkFile, Decision]]) -> Iterable[str]:
    text = _LineText()
    for decision_id, item, decision in decided:
        prefix = f"{decision_id}\t"
        for line, result in zip(item.lines, decision.lines, strict=True):
            yield f"{prefix}{line.id}\t{text(result)}"


def _outcome_rows(decided: Sequence[tuple[int, ChunkFile, Decision]]) -> Iterable[tuple]:
    for decision_id, item, decision in decided:
        for line, r in zip(item.lines, decision.lines, strict=True):
            yield (
                decision_id,
                line.id,
                r.status.value,
                r.billed,
                r.tariff,
                r.base,
                r.rate,
                r.fund_share,
                r.patient_share,
                r.penalty,
                _findings_json(r.findings),
            )


def _outcomes_insert(decided: Sequence[tuple[int, ChunkFile, Decision]]) -> None:
    if not is_postgres():
        rows_insert(LineOutcome, OUTCOME_COLUMNS, _outcome_rows(decided))
        return
    names = ", ".join(LineOutcome._meta.get_field(c).column for c in OUTCOME_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table_of(LineOutcome)} ({names}) FROM STDIN") as copy,
    ):
        buffer: list[str] = []
        for line in _outcome_lines(decided):
            buffer.append(line)
            if len(buffer) >= 4096:
                copy.write("".join(buffer))
                buffer.clear()
        if buffer:
            copy.write("".join(buffer))


def _uses_record(decided: Sequence[tuple[ChunkFile, Decision, str]], redecided: list[int]) -> None:
    """Which prior authorization each line used, and how much of it: the uses of a file decided again
    go, its new ones are written (most chunks have none of either)."""
    if redecided:
        where, params = in_list("billing_file_id", redecided)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table_of(AuthorizationUse)} WHERE {where}", params)  # noqa: S608
    rows = []
    for item, decision, _status in decided:
        if not item.snapshot.authorizations:
            continue
        for line, result in zip(item.lines, decision.lines, strict=True):
            if result.authorization is not None:
                request_id, decision_id, code = item.approvals[result.authorization]
                rows.append(
                    (item.row.id, line.id, request_id, decision_id, code, result.authorized, result.base)
                )
    if rows:
        rows_insert(AuthorizationUse, USE_COLUMNS, rows)


def statuses_update(moves: Sequence[tuple[int, str]]) -> None:
    """Set each file's new status, `moves` being (file id, status): one UPDATE per status (at most four),
    each reaching its files through the primary key."""
    by_status: dict[str, list[int]] = defaultdict(list)
    for file_id, status in moves:
        by_status[status].append(file_id)
    with connection.cursor() as cursor:
        for status, ids in sorted(by_status.items()):
            where, params = in_list("id", ids)
            cursor.execute(f"UPDATE {table_of(BillingFile)} SET status = %s WHERE {where}", [status, *params])  # noqa: S608


def decisions_write(
    decided: Sequence[tuple[ChunkFile, Decision, str]],
    *,
    signals: dict[int, list[Signal]],
    on: datetime.date,
    now: datetime.datetime,
    actor: Any = None,
) -> list[Written]:
    """Store the engine's decision on each file (`decided`: file, decision, new status), its lines and
    the anomaly signals raised, make it the file's current decision and move the file to its status."""
    for item, decision, _status in decided:
        _check(item, decision)
    file_ids = [item.row.id for item, _d, _s in decided]
    where, params = in_list("billing_file_id", file_ids)
    with connection.cursor() as cursor:
        # A file reopened by a complaint keeps its former decisions, no longer current.
        cursor.execute(
            f"UPDATE {table_of(FileDecision)} SET is_current = %s WHERE is_current AND {where} "  # noqa: S608
            "RETURNING billing_file_id",
            [False, *params],
        )
        redecided = [row[0] for row in cursor.fetchall()]
    ids = ids_reserve(FileDecision, len(decided))
    if not is_postgres():  # SQLite keeps date-times as text, as Django writes them
        now = connection.ops.adapt_datetimefield_value(now)
    rows = [
        _decision_row(decision_id, item, decision, signals.get(item.row.id, []), on, now)
        for decision_id, (item, decision, _s) in zip(ids, decided, strict=True)
    ]
    rows_insert(FileDecision, DECISION_COLUMNS, rows)
    _outcomes_insert([(i, item, d) for i, (item, d, _s) in zip(ids, decided, strict=True)])
    _uses_record(decided, redecided)
    statuses_update([(item.row.id, status) for item, _d, status in decided])
    written = [
        Written(item.row.id, decision_id, status, decision, signals.get(item.row.id, []))
        for decision_id, (item, decision, status) in zip(ids, decided, strict=True)
    ]
    _audit(written, actor=actor, now=now)
    return written


_reasons_text: dict[tuple, str] = {}


def _audit(written: list[Written], *, actor: Any, now: Any) -> None:
    """One audit event per file, as every service records its changes: who (the actor running the engine,
    or none), the status before and after, the routing, the shares and the reasons of the decision."""
    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    object_type = BillingFile._meta.label_lower
    rows = []
    for w in written:
        d = w.decision
        reasons = d.reasons()
        text = _reasons_text.get(reasons)
        if text is None:
            text = _reasons_text[reasons] = json.dumps([r.value for r in reasons])
        after = (
            f'{{"status": "{w.status}", "routing": "{d.routing.value}", "fund_share": "{d.fund_share}", '
            f'"patient_share": "{d.patient_share}", "reasons": {text}, "decision": {w.decision_id}}}'
        )
        rows.append((now, user_id, _ACTION, object_type, str(w.file_id), _BEFORE, after))
    rows_insert(AuditEvent, _AUDIT_COLUMNS, rows)
