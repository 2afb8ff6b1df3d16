"""What the snapshots need of beneficiaries: rights periods, dependants' certificates and the long-term
conditions a medical adviser recognized, each in one query per chunk; and which lines of their files still
being processed a file is compared with."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from sanad import adjudication as engine
from sanad.claims.fastio import fetch, in_list, quote, table_of
from sanad.claims.models import ConditionRecognition
from sanad.funds.types import FundProfile
from sanad.registry.models import RightsPeriod, SupportingCertificate

_DAY = datetime.timedelta(days=1)


def rights_periods(profile: FundProfile, member_ids: set[int]) -> dict[int, tuple[engine.Period, ...]]:
    """Per member, the days covered by each paid period: from the end of the waiting time to the end of
    the period plus the profile's grace days (`registry.rules.rights_status`)."""
    grace = profile.rights.grace_days * _DAY
    rights: dict[int, list[engine.Period]] = defaultdict(list)
    where, params = in_list("member_id", list(member_ids))
    for member_id, start, end in fetch(
        f"SELECT member_id, start, {quote('end')} FROM {table_of(RightsPeriod)} "  # noqa: S608
        f"WHERE {where} ORDER BY member_id, paid_from",
        params,
    ):
        if start <= end + grace:
            rights[member_id].append(engine.Period(start, end + grace))
    return {m: tuple(p) for m, p in rights.items()}


class Recognized(NamedTuple):
    icd10_codes: tuple[str, ...]
    valid_from: datetime.date
    valid_to: datetime.date | None


def recognized_conditions(keys: set[str]) -> dict[str, list[Recognized]]:
    """Per beneficiary, the long-term conditions a medical adviser recognized."""
    found: dict[str, list[Recognized]] = defaultdict(list)
    if not keys:
        return found
    where, params = in_list("beneficiary", sorted(keys))
    for key, codes, start, end in fetch(
        f"SELECT beneficiary, icd10_codes, valid_from, valid_to FROM {table_of(ConditionRecognition)} "  # noqa: S608
        f"WHERE {where}",
        params,
    ):
        codes = json.loads(codes) if isinstance(codes, str) else codes
        found[key].append(Recognized(tuple(str(c).upper() for c in codes or ()), start, end))
    return found


def long_term_conditions(
    diagnosis: str, recognized: Sequence[Recognized]
) -> tuple[engine.LongTermCondition, ...]:
    """The recognized conditions that group the file's diagnosis (its code or a category above it: "E11"
    groups "E11.9"), given to the engine as it matches them: on the diagnosis itself."""
    code = (diagnosis or "").strip().upper().replace(".", "")
    if not code or not recognized:
        return ()
    return tuple(
        engine.LongTermCondition(diagnosis, r.valid_from, r.valid_to)
        for r in recognized
        if any(code.startswith(c.replace(".", "")) for c in r.icd10_codes if c)
    )


def dependant_certificates(dependant_ids: set[int]) -> dict[int, tuple[engine.Certificate, ...]]:
    if not dependant_ids:
        return {}
    found: dict[int, list[engine.Certificate]] = defaultdict(list)
    where, params = in_list("dependant_id", list(dependant_ids))
    for dependant_id, kind, issued_on, expires_on in fetch(
        f"SELECT dependant_id, kind, issued_on, expires_on FROM {table_of(SupportingCertificate)} "  # noqa: S608
        f"WHERE {where}",
        params,
    ):
        found[dependant_id].append(engine.Certificate(kind, issued_on, expires_on))
    return {d: tuple(c) for d, c in found.items()}


def file_order(received_on: datetime.date | None, file_id: int) -> tuple[datetime.date, int]:
    """The order in which the fund takes its files: received first, then by id; a file not received yet
    comes after every file received."""
    return (datetime.date.max if received_on is None else received_on, file_id)


class Pending(NamedTuple):
    """A line of a file still being processed, and the order of its file (`file_order`)."""

    order: tuple[datetime.date, int]
    line: engine.PendingLine


def pending_before(
    pending: Sequence[Pending], order: tuple[datetime.date, int]
) -> tuple[engine.PendingLine, ...]:
    """The lines of the files taken before the file of key `order`: the earlier file is the original, a
    later one its copy."""
    return tuple(p.line for p in pending if p.order < order)
