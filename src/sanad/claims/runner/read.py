"""From billing files in the database to the engine's `ClaimSnapshot`s, in a constant number of queries.

A chunk of files is read as plain tuples (no model instances: the runner reads a national day of files):
the files with their sheet, facility and beneficiary (the query that also locks them, see `runner.py`);
their lines; the rights periods of the members concerned; the certificates of the dependants; the
facilities' agreement periods and direct-billing events (kept for the whole run, see `FacilityCache`); the
lines of the same beneficiaries over the year before (their "neighbourhood": the history of validated
files for duplicates, frequencies and ceilings, the lines of files still being processed for duplicates,
and the anomaly signals) and the amounts paid on them; their prior authorizations, with what files decided
before used of them, and their requests awaiting an answer.
"""

from __future__ import annotations

import datetime
import json
import operator
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from sanad import adjudication as engine
from sanad.claims.models import (
    BillingFile,
    CareSheet,
    CareSheetLine,
    FileDecision,
    LineOutcome,
    beneficiary_key,
)
from sanad.claims.runner.read_facilities import FacilityCache
from sanad.claims.runner.read_people import (
    Approval,
    Authorizations,
    Pending,
    Recognized,
    authorizations_of,
    dependant_certificates,
    file_order,
    long_term_conditions,
    pending_before,
    recognized_conditions,
    rights_periods,
)
from sanad.claims.statuses import FileStatus
from sanad.common.bulk_sql import days_before, fetch, in_list, is_postgres, table_of
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility
from sanad.registry.models import Dependant, Member

# Duplicates, frequencies and yearly ceilings look back at most a year (and a day, for leap years).
HISTORY_DAYS = 366
# The files the fund holds and has not decided yet: a line of theirs may be copied by a file received later.
_IN_PROCESS = frozenset(
    s.value
    for s in (FileStatus.RECEIVED, FileStatus.ADJUDICATED, FileStatus.ADMIN_CHECK, FileStatus.MEDICAL_REVIEW)
)
_VALIDATED = FileStatus.VALIDATED.value
_LINE_NO = operator.attrgetter("line_no")
_LINE_COLUMNS = (
    "id, care_sheet_id, beneficiary, code, kind, service_date, quantity, billed, line_no, coefficient"
)
# Enum members by value: calling an enum class is slow on Python 3.11, and the engine compares members.
_CARE_TYPES = {c.value: c for c in engine.CareType}
_CHANNELS = {c.value: c for c in engine.Channel}
_KINDS = {k.value: k for k in engine.LineKind}
_RELATIONSHIPS = {r.value: r for r in engine.Relationship}
_SEXES = {s.value: s for s in engine.Sex}
_SECTORS = {s.value: s for s in engine.Sector}
_NO_APPROVALS: Mapping[str, Approval] = MappingProxyType({})  # shared by files without any
_NO_AUTHORIZATIONS = Authorizations({}, {}, {})


class FileRow(NamedTuple):
    id: int
    received_on: datetime.date
    channel: str
    documents: str  # JSON text
    batch_id: int | None
    facility_id: int
    facility_kind: str
    facility_sector: str
    facility_level: str
    sheet_id: int
    member_id: int | None
    dependant_id: int | None
    care_type: str
    admission_date: datetime.date | None
    discharge_date: datetime.date | None
    diagnosis: str
    emergency: bool
    referral_in_on: datetime.date | None
    referral_in_valid_until: datetime.date | None
    member_birth_date: datetime.date | None
    member_sex: str | None
    dependant_birth_date: datetime.date | None
    dependant_sex: str | None
    relationship: str | None
    disabled: bool | None
    holder_id: int | None  # the member of a dependant
    beneficiary: str  # the key stored on every line (`models.beneficiary_key`), read many times a file


# Where the person is in a row of `_files_sql`, whose columns are FileRow's fields up to the key.
_MEMBER, _DEPENDANT = FileRow._fields.index("member_id"), FileRow._fields.index("dependant_id")


class LineRow(NamedTuple):
    sheet_id: int
    id: int
    line_no: int
    kind: str
    code: str
    service_date: datetime.date
    billed: Decimal
    quantity: int
    coefficient: Decimal | None


class Neighbour(NamedTuple):
    """A line of a file sent to the fund for one of the chunk's beneficiaries (the chunk's own included)."""

    line_id: int
    beneficiary: str
    file_id: int
    facility_id: int
    status: str
    received_on: datetime.date | None
    code: str
    kind: str
    service_date: datetime.date
    quantity: int
    billed: Decimal


@dataclass(frozen=True, slots=True)
class ChunkFile:
    """One file of a chunk: its row, its lines and its snapshot for the engine; what the engine's ids of
    the chunk's authorizations stand for (to record which one a line used)."""

    row: FileRow
    lines: Sequence[LineRow]
    snapshot: engine.ClaimSnapshot
    approvals: Mapping[str, Approval] = field(default_factory=dict)


@dataclass(slots=True)
class Chunk:
    """What was read for a chunk of files, before the snapshots are built."""

    files: list[FileRow]
    lines: dict[int, list[LineRow]]  # by care sheet
    rights: dict[int, tuple[engine.Period, ...]]
    certificates: dict[int, tuple[engine.Certificate, ...]]
    neighbours: list[Neighbour]
    paid: dict[int, Decimal]  # fund share by line, for the lines of validated files among the neighbours
    # Per beneficiary, the long-term conditions recognized: (ICD-10 codes, valid from, valid to).
    conditions: dict[str, list[Recognized]] = field(default_factory=dict)
    # Per beneficiary, their prior authorizations and requests awaiting an answer.
    authorizations: Authorizations = _NO_AUTHORIZATIONS

    def earlier(self) -> tuple[dict[str, tuple[engine.HistoryLine, ...]], dict[str, list[Pending]]]:
        """Per beneficiary, the lines of their validated files, as decided, and the lines of their files
        still being processed with the key of their file (the chunk's own aside: the engine sees those
        together, in order), in one pass over the neighbourhood."""
        own = {f.id for f in self.files}
        paid = self.paid
        history: dict[str, list[engine.HistoryLine]] = defaultdict(list)
        pending: dict[str, list[Pending]] = defaultdict(list)
        for n in self.neighbours:
            if n.file_id in own:
                continue
            if n.status == _VALIDATED:
                if n.line_id in paid:
                    history[n.beneficiary].append(
                        engine.HistoryLine(
                            claim_id=str(n.file_id),
                            code=n.code,
                            service_date=n.service_date,
                            facility_id=str(n.facility_id),
                            quantity=n.quantity,
                            fund_share=paid[n.line_id],
                        )
                    )
            elif n.status in _IN_PROCESS:
                line = engine.PendingLine(
                    claim_id=str(n.file_id),
                    code=n.code,
                    service_date=n.service_date,
                    facility_id=str(n.facility_id),
                )
                pending[n.beneficiary].append(Pending(file_order(n.received_on, n.file_id), line))
        return {k: tuple(h) for k, h in history.items()}, pending


def _files_sql() -> str:
    return (
        # The documents as JSON text: the snapshot builder keeps one set per distinct text, unparsed.
        "SELECT f.id, f.received_on, f.channel, CAST(f.documents AS TEXT), f.batch_id, f.facility_id, "  # noqa: S608
        "fa.kind, fa.sector, fa.level, f.care_sheet_id, s.member_id, s.dependant_id, s.care_type, "
        "s.admission_date, s.discharge_date, s.diagnosis, s.emergency, s.referral_in_on, "
        "s.referral_in_valid_until, m.birth_date, m.sex, d.birth_date, d.sex, d.relationship, d.disabled, "
        "d.member_id "
        f"FROM {table_of(BillingFile)} f "
        f"JOIN {table_of(Facility)} fa ON fa.id = f.facility_id "
        f"JOIN {table_of(CareSheet)} s ON s.id = f.care_sheet_id "
        f"LEFT JOIN {table_of(Member)} m ON m.id = s.member_id "
        f"LEFT JOIN {table_of(Dependant)} d ON d.id = s.dependant_id "
    )


def files_select(
    where: str, params: Sequence[Any], *, limit: int | None = None, lock: str | None = None
) -> list[FileRow]:
    """The files matching `where` (on `f`, the billing file; `s`, its care sheet) as `FileRow`s, oldest
    received first (the order in which the engine counts duplicates across files). `lock`: "wait" locks
    them, "skip" locks them and passes over the files another transaction holds (PostgreSQL)."""
    sql = f"{_files_sql()} WHERE {where} ORDER BY f.received_on, f.id"
    params = list(params)
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    if lock and is_postgres():
        sql += " FOR UPDATE OF f" + (" SKIP LOCKED" if lock == "skip" else "")
    return [
        FileRow._make((*row, beneficiary_key(row[_MEMBER], row[_DEPENDANT]))) for row in fetch(sql, params)
    ]


def files_by_id(file_ids: Sequence[int], *, lock: str | None = None, received: bool = False) -> list[FileRow]:
    """The files of `file_ids` (with `received`: only those still received, the date of receipt known)."""
    where, params = in_list("f.id", list(file_ids))
    if received:
        where += " AND f.status = %s AND f.received_on IS NOT NULL"
        params.append(FileStatus.RECEIVED.value)
    return files_select(where, params, lock=lock)


def _neighbourhood(
    files: Sequence[FileRow],
) -> tuple[dict[int, list[LineRow]], list[Neighbour]]:
    """The chunk's own lines by care sheet, and the lines served in the year before the earliest of them
    to the chunk's beneficiaries on files sent to the fund (the chunk's own included), in one statement:
    the lines of the chunk are read once, as part of their neighbourhood."""
    own_sheets = {f.sheet_id: f for f in files}
    sheets, sheet_params = in_list("care_sheet_id", list(own_sheets))
    keys, key_params = in_list("beneficiary", list({f.beneficiary for f in files}))
    table = table_of(CareSheetLine)
    # Two parts, each on its index (an OR of the two would read the whole table): the chunk's lines by
    # their sheets, the others by their beneficiary (the history index).
    rows = fetch(
        f"WITH own AS (SELECT {_LINE_COLUMNS} FROM {table} WHERE {sheets}) "  # noqa: S608
        f"SELECT {_LINE_COLUMNS} FROM own UNION ALL SELECT {_LINE_COLUMNS} FROM {table} "
        f"WHERE {keys} AND service_date >= {days_before('SELECT MIN(service_date) FROM own')} "
        f"AND NOT ({sheets})",
        [*sheet_params, *key_params, HISTORY_DAYS, *sheet_params],
        decimals=(7, 9),
    )
    held = {
        sheet_id: (f.id, f.facility_id, FileStatus.RECEIVED.value, f.received_on)
        for sheet_id, f in own_sheets.items()
    }
    others = list({row[1] for row in rows} - held.keys())
    if others:
        where, params = in_list("care_sheet_id", others)
        for sheet_id, file_id, facility_id, status, received_on in fetch(
            f"SELECT care_sheet_id, id, facility_id, status, received_on FROM {table_of(BillingFile)} "  # noqa: S608
            f"WHERE {where} AND status NOT IN (%s, %s)",
            [*params, FileStatus.DRAFT.value, FileStatus.CANCELLED.value],
        ):
            held[sheet_id] = (file_id, facility_id, status, received_on)
    lines: dict[int, list[LineRow]] = defaultdict(list)
    neighbours = []
    for line_id, sheet_id, beneficiary, code, kind, day, quantity, billed, line_no, coefficient in rows:
        file = held.get(sheet_id)
        if file is None:  # a sheet not billed yet, a draft or a cancelled draft: not the fund's business
            continue
        neighbours.append(Neighbour(line_id, beneficiary, *file, code, kind, day, quantity, billed))
        if sheet_id in own_sheets:
            lines[sheet_id].append(
                LineRow(sheet_id, line_id, line_no, kind, code, day, billed, quantity, coefficient)
            )
    for found in lines.values():
        found.sort(key=_LINE_NO)
    return lines, neighbours


def _paid(neighbours: list[Neighbour]) -> dict[int, Decimal]:
    validated = list({n.file_id for n in neighbours if n.status == FileStatus.VALIDATED})
    if not validated:
        return {}
    where, params = in_list("d.billing_file_id", validated)
    return dict(
        fetch(
            f"SELECT o.line_id, o.fund_share FROM {table_of(LineOutcome)} o "  # noqa: S608
            f"JOIN {table_of(FileDecision)} d ON d.id = o.decision_id WHERE d.is_current AND {where}",
            params,
            decimals=(1,),
        )
    )


def _authorizations(keys: set[str], lines: dict[int, list[LineRow]]) -> Authorizations:
    """The beneficiaries' authorizations for the days of care of the chunk's lines (none without lines)."""
    days = [line.service_date for group in lines.values() for line in group]
    return authorizations_of(keys, min(days), max(days)) if days else _NO_AUTHORIZATIONS


def chunk_read(files: list[FileRow], *, profile: FundProfile, facilities: FacilityCache) -> Chunk:
    """Everything the snapshots of `files` (read by `files_select`) need, in at most eight queries (plus
    three for facilities not seen before)."""
    if not files:
        return Chunk([], {}, {}, {}, [], {})
    lines, neighbours = _neighbourhood(files)
    keys = {f.beneficiary for f in files}
    member_ids = {f.member_id if f.dependant_id is None else f.holder_id for f in files}
    dependant_ids = {f.dependant_id for f in files if f.dependant_id is not None}
    facilities.load({f.facility_id for f in files})
    return Chunk(
        files=files,
        lines=lines,
        rights=rights_periods(profile, member_ids),  # type: ignore[arg-type]
        certificates=dependant_certificates(dependant_ids),  # type: ignore[arg-type]
        neighbours=neighbours,
        paid=_paid(neighbours),
        conditions=recognized_conditions(keys),
        authorizations=_authorizations(keys, lines),
    )


def _level_ranks(profile: FundProfile) -> dict[str, int]:
    return {level.code: level.rank for level in profile.care_pyramid.levels}


class SnapshotBuilder:
    """Builds the engine's snapshots from chunks, sharing what repeats across a run: the facilities, and
    the lines and document sets (frozen values: one object serves every file that bills the same)."""

    __slots__ = ("_documents", "_facilities", "_lines", "facilities", "profile", "ranks")

    def __init__(self, profile: FundProfile, facilities: FacilityCache | None = None) -> None:
        self.profile = profile
        self.facilities = facilities or FacilityCache()
        self.ranks = _level_ranks(profile)
        self._facilities: dict[int, engine.Facility] = {}
        self._lines: dict[tuple, engine.ClaimLine] = {}
        self._documents: dict[str, frozenset[str]] = {}

    def _facility(self, row: FileRow) -> engine.Facility:
        facility = self._facilities.get(row.facility_id)
        if facility is None:
            facility = self._facilities[row.facility_id] = engine.Facility(
                id=str(row.facility_id),
                kind=row.facility_kind,
                sector=_SECTORS[row.facility_sector],
                # A level unknown to the profile ranks below every level: no pyramid rule can favour it.
                level=self.ranks.get(row.facility_level, 0),
                agreements=self.facilities.agreements.get(row.facility_id, ()),
                direct_billing=self.facilities.direct_billing.get(row.facility_id, ()),
            )
        return facility

    def _claim_lines(self, rows: Sequence[LineRow]) -> tuple[engine.ClaimLine, ...]:
        known = self._lines
        if len(known) > 500_000:  # bounded: a run of mostly distinct lines must not hoard memory
            known.clear()
        found = []
        for row in rows:
            key = row[3:]
            line = known.get(key)
            if line is None:
                line = known[key] = engine.ClaimLine(
                    code=row.code,
                    kind=_KINDS[row.kind],
                    service_date=row.service_date,
                    billed=row.billed,
                    quantity=row.quantity,
                    coefficient=row.coefficient,
                )
            found.append(line)
        return tuple(found)

    def _documents_of(self, documents: str) -> frozenset[str]:
        found = self._documents.get(documents)
        if found is None:
            found = self._documents[documents] = frozenset(json.loads(documents) or ())
        return found

    def _beneficiary(self, row: FileRow, chunk: Chunk) -> engine.Beneficiary:
        if row.dependant_id is None:
            return engine.Beneficiary(
                id=row.beneficiary,
                birth_date=row.member_birth_date,  # type: ignore[arg-type]
                sex=_SEXES[row.member_sex],  # type: ignore[index]
                relationship=engine.Relationship.MEMBER,
                rights=chunk.rights.get(row.member_id, ()),  # type: ignore[arg-type]
                long_term_conditions=long_term_conditions(
                    row.diagnosis, chunk.conditions.get(row.beneficiary, ())
                ),
            )
        return engine.Beneficiary(
            id=row.beneficiary,
            birth_date=row.dependant_birth_date,  # type: ignore[arg-type]
            sex=_SEXES[row.dependant_sex],  # type: ignore[index]
            relationship=_RELATIONSHIPS[row.relationship],  # type: ignore[index]
            rights=chunk.rights.get(row.holder_id, ()),  # type: ignore[arg-type]
            certificates=chunk.certificates.get(row.dependant_id, ()),
            long_term_conditions=long_term_conditions(
                row.diagnosis, chunk.conditions.get(row.beneficiary, ())
            ),
            disabled=bool(row.disabled),
        )

    def build(self, chunk: Chunk, flags: Mapping[int, tuple[str, ...]] | None = None) -> list[ChunkFile]:
        """The snapshot of each file of the chunk, in the chunk's order; `flags` are the anomaly signals
        raised on each file (by id), which send it to the medical review."""
        flags = flags or {}
        history, pending = chunk.earlier()
        approved, requested, approvals = chunk.authorizations
        people: dict[str, engine.Beneficiary] = {}
        built = []
        for row in chunk.files:
            key = row.beneficiary
            if key in chunk.conditions:  # what the engine is told of them depends on the diagnosis
                key = f"{key} {row.diagnosis}"
            beneficiary = people.get(key)
            if beneficiary is None:
                beneficiary = people[key] = self._beneficiary(row, chunk)
            facility = self._facility(row)
            lines = chunk.lines.get(row.sheet_id, ())
            waiting = pending.get(row.beneficiary)
            referral = None
            if row.referral_in_on is not None:
                referral = engine.Referral(row.referral_in_on, facility.level, row.referral_in_valid_until)
            snapshot = engine.ClaimSnapshot(
                claim_id=str(row.id),
                batch_id=None if row.batch_id is None else str(row.batch_id),
                care_type=_CARE_TYPES[row.care_type],
                beneficiary=beneficiary,
                facility=facility,
                lines=self._claim_lines(lines),
                received_on=row.received_on,
                channel=_CHANNELS[row.channel],
                documents=self._documents_of(row.documents),
                admission_date=row.admission_date,
                discharge_date=row.discharge_date,
                diagnosis=row.diagnosis or None,
                referral=referral,
                # By the person alone: `key` also names the diagnosis when conditions are recognized.
                history=history.get(row.beneficiary, ()),
                pending=pending_before(waiting, file_order(row.received_on, row.id)) if waiting else (),
                authorizations=approved.get(row.beneficiary, ()),
                pending_authorizations=requested.get(row.beneficiary, ()),
                emergency=bool(row.emergency),
                anomaly_flags=flags.get(row.id, ()),
            )
            built.append(ChunkFile(row, lines, snapshot, approvals or _NO_APPROVALS))
        return built


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A billing file as loaded (sheet, facility, beneficiary and lines prefetched) and its snapshot."""

    billing_file: BillingFile
    lines: tuple[CareSheetLine, ...]
    snapshot: engine.ClaimSnapshot


def claim_snapshots(*, file_ids: Sequence[int], profile: FundProfile | None = None) -> list[LoadedFile]:
    """The engine's snapshot of each billing file of `file_ids` (missing ids are skipped), in the order
    given, with the lines, rights, certificates, facility periods and history it needs, and the file and
    its lines as model instances."""
    profile = profile or active_profile()
    wanted = list(dict.fromkeys(file_ids))
    rows = {row.id: row for row in files_by_id(wanted)}
    facilities = FacilityCache()
    chunk = chunk_read([rows[i] for i in wanted if i in rows], profile=profile, facilities=facilities)
    built = SnapshotBuilder(profile, facilities).build(chunk)
    if not built:
        return []
    models = BillingFile.objects.select_related(
        "care_sheet__facility", "care_sheet__member", "care_sheet__dependant"
    ).in_bulk([b.row.id for b in built])
    line_models = CareSheetLine.objects.in_bulk([line.id for b in built for line in b.lines])
    return [
        LoadedFile(models[b.row.id], tuple(line_models[line.id] for line in b.lines), b.snapshot)
        for b in built
    ]
