"""Writing validated families fast: ids are reserved up front (one query per chunk and table), so that
dependants, documents and certificates know their owner's id without a query per row; then each table
goes in with one COPY per chunk on PostgreSQL, one `executemany` elsewhere (SQLite).

The caller holds the transaction: the whole import is written or none of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from sanad.funds import registration_number_make, registration_number_serial
from sanad.funds.types import FundProfile
from sanad.registry.models import Dependant, IdentityDocument, Member, SearchTerm, SupportingCertificate
from sanad.registry.search.terms import family_term_rows

CHUNK = 20_000  # families per round trip: large enough for COPY to pay off, small enough for memory


class Document(NamedTuple):
    kind: str
    number: str
    expires_on: datetime.date | None


class MemberRow(NamedTuple):
    registration_number: str  # empty: the fund's next number is given
    first_name: str
    last_name: str
    first_name_ar: str
    last_name_ar: str
    sex: str
    birth_date: datetime.date
    population: str
    nationality: str
    phone: str
    region: str


class DependantRow(NamedTuple):
    relationship: str
    first_name: str
    last_name: str
    first_name_ar: str
    last_name_ar: str
    sex: str
    birth_date: datetime.date
    disabled: bool
    documents: tuple[Document, ...] = ()
    certificates: tuple[str, ...] = ()


@dataclass(slots=True)
class Family:
    member: MemberRow
    documents: tuple[Document, ...] = ()
    dependants: list[DependantRow] = field(default_factory=list)


@dataclass
class Written:
    members: int = 0
    dependants: int = 0
    documents: int = 0
    certificates: int = 0
    first_member_id: int | None = None


_MEMBER = ("id", "registration_number", *MemberRow._fields[1:], "address", "photo", "enrolled_on")
_DEPENDANT = ("id", "member_id", *DependantRow._fields[:8])
_TERM = ("member_id", "dependant_id", "term_key")


def _names(row: MemberRow | DependantRow) -> tuple[str, str, str, str]:
    return (row.first_name, row.last_name, row.first_name_ar, row.last_name_ar)


_DOCUMENT = ("member_id", "dependant_id", "kind", "number", "expires_on", "scan", "created_at")
_CERTIFICATE = ("dependant_id", "kind", "issued_on", "expires_on", "reference", "scan", "created_at")
CERTIFICATE_REFERENCE = "import"


def next_serial(profile: FundProfile, given: Iterable[str] = ()) -> int:
    """The first serial to hand out: after the register's highest number (locked) and the file's."""
    prefix = profile.registration_number.prefix
    last = (
        Member.objects.select_for_update()
        .filter(registration_number__startswith=prefix)
        .order_by("-registration_number")
        .values_list("registration_number", flat=True)
        .first()
    )
    serials = [registration_number_serial(profile, number) for number in (*given, *([last] if last else []))]
    return max(serials, default=0) + 1


def _chunks(items: Iterable[Family], size: int) -> Iterator[list[Family]]:
    chunk: list[Family] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _table(model: type[Model], columns: Sequence[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    return quote(model._meta.db_table), names


class _Sink:
    """Reserve ids and insert rows; the names come from the models, never from the file."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self._sequences: dict[str, str] = {}

    def ids(self, model: type[Model], count: int) -> list[int]:
        if not count:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                if table not in self._sequences:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                    self._sequences[table] = cursor.fetchone()[0]
                cursor.execute(
                    "SELECT nextval(%s) FROM generate_series(1, %s)", [self._sequences[table], count]
                )
                return [row[0] for row in cursor.fetchall()]
            # SQLite writes one transaction at a time: the ids after the highest ever given are ours.
            cursor.execute(
                f"SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM {connection.ops.quote_name(table)} "  # noqa: S608
                "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
                [table],
            )
            start = (cursor.fetchone()[0] or 0) + 1
        return list(range(start, start + count))

    def insert(self, model: type[Model], columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        table, names = _table(model, columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def families_write(
    families: Iterable[Family],
    *,
    profile: FundProfile,
    on: datetime.date,
    serial: int,
    chunk: int = CHUNK,
    progress: Callable[[int], Any] | None = None,
) -> Written:
    """Write members (enrolled on `on`), dependants, identity documents and certificates.

    A member without a registration number gets the next one from `serial` (see `next_serial`).
    `progress(members written so far)` is called after each chunk.
    """
    sink, written, now = _Sink(), Written(), timezone.now()
    for part in _chunks(families, chunk):
        member_ids = sink.ids(Member, len(part))
        dependant_ids = iter(sink.ids(Dependant, sum(len(f.dependants) for f in part)))
        members: list[tuple] = []
        dependants: list[tuple] = []
        documents: list[tuple] = []
        certificates: list[tuple] = []
        terms: list[tuple] = []
        for family, member_id in zip(part, member_ids, strict=True):
            row = family.member
            number = row.registration_number
            if not number:
                number = registration_number_make(profile, serial)
                serial += 1
            members.append((member_id, number, *row[1:], "", "", on))
            documents.extend((member_id, None, *doc, "", now) for doc in family.documents)
            family_dependants = []
            for person in family.dependants:
                dependant_id = next(dependant_ids)
                family_dependants.append((dependant_id, person))
                dependants.append((dependant_id, member_id, *person[:8]))
                documents.extend((None, dependant_id, *doc, "", now) for doc in person.documents)
                certificates.extend(
                    (dependant_id, kind, on, None, CERTIFICATE_REFERENCE, "", now)
                    for kind in person.certificates
                )
            terms.extend(
                family_term_rows(
                    member_id,
                    _names(row),
                    [(dependant_id, _names(person)) for dependant_id, person in family_dependants],
                )
            )
        sink.insert(Member, _MEMBER, members)
        sink.insert(Dependant, _DEPENDANT, dependants)
        sink.insert(IdentityDocument, _DOCUMENT, documents)
        sink.insert(SupportingCertificate, _CERTIFICATE, certificates)
        sink.insert(SearchTerm, _TERM, terms)
        if written.first_member_id is None and member_ids:
            written.first_member_id = member_ids[0]
        written.members += len(members)
        written.dependants += len(dependants)
        written.documents += len(documents)
        written.certificates += len(certificates)
        if progress is not None:
            progress(written.members)
    return written
