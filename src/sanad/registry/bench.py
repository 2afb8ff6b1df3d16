"""Benchmark of the register import: scale × 1,000,000 members with about 2.5 dependants each.

The families are made in memory (deterministic, no randomness) and written through the import's own
writing code (`families_write`: COPY on PostgreSQL); the checks of a file are measured apart, on a
sample written as CSV, as `rows_validated_per_s`.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

from django.conf import settings

from sanad.common.demo.names import NAMES
from sanad.common.tabular import read_table, write_table
from sanad.funds import load_profile
from sanad.funds.types import FundProfile
from sanad.registry.imports.columns import COLUMNS
from sanad.registry.imports.validation import rows_check
from sanad.registry.imports.writing import (
    DependantRow,
    Document,
    Family,
    MemberRow,
    families_write,
    next_serial,
)
from sanad.registry.quality.bench import run as _names

TODAY = datetime.date(2026, 11, 23)
_PHONES = {"MR": ("+22236123456", "+22222345678", "+22246781234"), "MA": ("+212612345678", "+212661234567")}


def families_make(profile: FundProfile, count: int, today: datetime.date = TODAY) -> list[Family]:
    """`count` families: half with a spouse, 0 to 4 children (2 on average), every member with a document."""
    names = NAMES[profile.country]
    male, female, last = names["male"], names["female"], names["family"]
    regions = [region.code for region in profile.regions]
    card = profile.identity.national[0]
    expiry = today.replace(year=today.year + 5) if card.expires else None
    proof = ("no_profession_proof",) if profile.dependants.spouse_proof_of_no_profession else ()
    phones, country = _PHONES[profile.country], profile.country
    day = datetime.timedelta(days=1)
    families = []
    for i in range(count):
        sex = "M" if i % 10 < 7 else "F"
        given = male if sex == "M" else female
        first, family = given[i % 17 % len(given)], last[i % len(last)]
        born = today - (8_000 + i % 14_000) * day  # 22 to 60 years old
        place = (phones[i % len(phones)], regions[i % len(regions)])
        member = MemberRow(
            "", first[0], family[0], first[1], family[1], sex, born, "national", country, *place
        )
        people: list[DependantRow] = []
        if i % 2 == 0:
            other = "F" if sex == "M" else "M"
            name = (female if other == "F" else male)[i % 13]
            names_of = (name[0], family[0], name[1], family[1], other, born + 700 * day, False)
            people.append(
                DependantRow("spouse", *names_of, (Document(card.code, f"S{i:09d}", expiry),), proof)
            )
        for k in range(i * 7 % 5):
            child = "MF"[(i + k) % 2]
            name = (male if child == "M" else female)[(i + k) % 11]
            birth = today - (200 + (i * 31 + k * 1_500) % 7_000) * day  # under 20
            people.append(DependantRow("child", name[0], family[0], name[1], family[1], child, birth, False))
        families.append(Family(member, (Document(card.code, f"N{i:09d}", expiry),), people))
    return families


def _as_file(families: list[Family]) -> bytes:
    """The families as an import CSV, with the columns of `imports.columns`."""
    lines = []
    for n, family in enumerate(families):
        m, doc = family.member, family.documents[0]
        member = (m.birth_date.isoformat(), m.population, m.nationality, m.phone, m.region, "")
        lines.append(
            (f"F{n}", "member", *m[1:6], *member, doc.kind, doc.number, doc.expires_on or "", "0", "")
        )
        for p in family.dependants:
            kind, number, expires = p.documents[0] if p.documents else ("", "", "")
            person = (p.birth_date.isoformat(), "", "", "", "", "", kind, number, expires or "")
            lines.append((f"F{n}", p.relationship, *p[1:6], *person, "0", "|".join(p.certificates)))
    return write_table(COLUMNS, lines, "csv")


def run(scale: float) -> Iterator[tuple[str, float, str]]:
    profile = load_profile(settings.SANAD_FUND)
    families = families_make(profile, max(1_000, int(1_000_000 * scale)))
    started = time.perf_counter()
    written = families_write(families, profile=profile, on=TODAY, serial=next_serial(profile))
    elapsed = time.perf_counter() - started
    yield "members_per_s", written.members / elapsed, "members/s"
    yield "persons_per_s", (written.members + written.dependants) / elapsed, "persons/s"
    sample = _as_file(families[: max(500, int(20_000 * min(scale, 1.0)))])
    started = time.perf_counter()
    header, rows = read_table(sample, "csv")
    checked = rows_check(header, rows, profile=profile, on=TODAY)
    elapsed = time.perf_counter() - started
    if checked.errors:
        raise AssertionError(f"the generated sample has errors: {checked.errors[:3]}")
    yield "rows_validated_per_s", checked.rows / elapsed, "rows/s"


def _search(scale: float) -> Iterator[tuple[str, float, str]]:
    from sanad.registry.search.bench import run as search_run  # it builds on this module's families

    yield from search_run(scale)


BENCHES = {"import": run, "search": _search, "names": _names}
NEEDS_DATABASE = {"import", "search"}
