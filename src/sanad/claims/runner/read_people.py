"""What the snapshots need of beneficiaries: rights periods, dependants' certificates, the long-term
conditions a medical adviser recognized and their prior authorizations (with what files decided before
used of them), each in one or two queries per chunk; and which lines of their files still being processed
a file is compared with."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from sanad import adjudication as engine
from sanad.authorizations.selectors.for_claims import authorizations_for_claims
from sanad.claims.models import AuthorizationUse, BillingFile, ConditionRecognition, FileDecision, LineOutcome
from sanad.claims.statuses import FileStatus, Outcome
from sanad.common.bulk_sql import fetch, in_list, quote, table_of
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


class Approval(NamedTuple):
    """What a line used, by the engine's id of the authorization: the request, its decision in force and
    the code."""

    request_id: int
    decision_id: int
    code: str


class Authorizations(NamedTuple):
    """Per beneficiary, the authorizations the engine may count their lines against and their requests
    awaiting an answer; and what each engine id stands for."""

    approved: dict[str, tuple[engine.PriorAuthorization, ...]]
    pending: dict[str, tuple[engine.PendingAuthorization, ...]]
    approvals: dict[str, Approval]


# The files whose lines count against an authorization: decided and paid, or decided by the engine and
# awaiting a person (paid unless that person rejects the line; the count then drops by itself).
_COUNTED = tuple(
    s.value
    for s in (FileStatus.VALIDATED, FileStatus.ADJUDICATED, FileStatus.ADMIN_CHECK, FileStatus.MEDICAL_REVIEW)
)


def consumed_of(request_ids: Sequence[int]) -> dict[tuple[int, str], tuple[int, Decimal]]:
    """Per request and code, what the lines of files decided before used (units, and amount), as their
    file's current decision stands (a line a person rejected afterwards does not count)."""
    where, params = in_list("u.request_id", list(request_ids))
    marks = ", ".join(["%s"] * len(_COUNTED))
    return {
        (request_id, code): (int(used), Decimal(amount or 0))
        for request_id, code, used, amount in fetch(
            f"SELECT u.request_id, u.code, SUM(u.quantity), SUM(u.amount) "  # noqa: S608
            f"FROM {table_of(AuthorizationUse)} u "
            f"JOIN {table_of(BillingFile)} f ON f.id = u.billing_file_id "
            f"JOIN {table_of(FileDecision)} d ON d.billing_file_id = u.billing_file_id AND d.is_current "
            f"JOIN {table_of(LineOutcome)} o ON o.decision_id = d.id AND o.line_id = u.line_id "
            f"WHERE {where} AND f.status IN ({marks}) AND o.status <> %s GROUP BY u.request_id, u.code",
            [*params, *_COUNTED, Outcome.REJECTED.value],
        )
    }


def authorizations_of(keys: set[str], start: datetime.date, end: datetime.date) -> Authorizations:
    """The authorizations of the beneficiaries `keys` for care from `start` to `end`: one engine
    authorization per request and code (items of a decision with the same code add up), what files
    decided before consumed of each, and the requests still awaiting an answer; two queries, one when no
    one has an approval."""
    found = authorizations_for_claims(beneficiaries=keys, start=start, end=end)
    pending: dict[str, list[engine.PendingAuthorization]] = defaultdict(list)
    for request in found.open:
        pending[request.beneficiary].append(
            engine.PendingAuthorization(reference=request.reference, facility_id=str(request.facility_id))
        )
    granted: dict[tuple[int, str], list] = {}
    codes_of: dict[int, set[str]] = defaultdict(set)
    for item in found.approved:
        key = (item.request_id, item.code)
        codes_of[item.request_id].add(item.code)
        if key in granted:
            granted[key][1] += item.quantity
            held = granted[key][2]
            granted[key][2] = None if held is None or item.amount is None else held + item.amount
        else:
            granted[key] = [item, item.quantity, item.amount]
    consumed = consumed_of(sorted({request_id for request_id, _code in granted})) if granted else {}
    approved: dict[str, list[engine.PriorAuthorization]] = defaultdict(list)
    approvals = {}
    for (request_id, code), (item, quantity, amount) in granted.items():
        key = f"{request_id}:{code}"
        if amount is None and len(codes_of[request_id]) == 1:
            amount = item.decision_amount  # a decision of one code "for at most …"
        units, taken = consumed.get((request_id, code), (0, Decimal(0)))
        approvals[key] = Approval(request_id, item.decision_id, code)
        approved[item.beneficiary].append(
            engine.PriorAuthorization(
                id=key,
                reference=item.reference,
                codes=frozenset({code}),
                granted=quantity,
                consumed=units,
                amount_cap=amount,
                amount_consumed=taken,
                valid_from=item.valid_from,
                valid_to=item.valid_to,
                facility_id=str(item.facility_id),
            )
        )
    return Authorizations(
        {k: tuple(a) for k, a in approved.items()}, {k: tuple(p) for k, p in pending.items()}, approvals
    )
