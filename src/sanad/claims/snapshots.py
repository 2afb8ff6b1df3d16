"""From billing files in the database to the engine's `ClaimSnapshot`s, in a constant number of queries.

Eight queries whatever the number of files (keep calls under ~500 ids: every query takes them in one
`IN`): the files with their sheet, facility and beneficiary; their lines; the rights periods of the
members concerned; the certificates of the dependants; the facilities' agreement periods and events and
their direct-billing events; the validated lines of the same beneficiaries over the year before.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from sanad import adjudication as engine
from sanad.claims.models import BillingFile, CareSheetLine, LineOutcome, beneficiary_key
from sanad.claims.statuses import FileStatus
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.models import AgreementEvent, AgreementPeriod, DirectBillingEvent
from sanad.providers.statuses import AgreementStatus, DirectBillingStatus
from sanad.registry.models import RightsPeriod, SupportingCertificate

_DAY = datetime.timedelta(days=1)
# Duplicates, frequencies and yearly ceilings look back at most a year (and a day, for leap years).
HISTORY_DAYS = 366


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A billing file as loaded (sheet, facility, beneficiary and lines prefetched) and its snapshot."""

    billing_file: BillingFile
    lines: tuple[CareSheetLine, ...]
    snapshot: engine.ClaimSnapshot


def _spans(events: Iterable[tuple[int, datetime.date, str]], open_status: str) -> dict[int, list]:
    """Per owner, the spans of days in `open_status`, from the dated events of its workflow.

    A status holds from the day of the event that set it (as `facility_can_bill` reads them) to the day
    before the next event that changed it; the last span of an owner still open has no end.
    """
    spans: dict[int, list[list[datetime.date | None]]] = defaultdict(list)
    state: dict[int, bool] = {}
    for owner, day, status in events:  # ordered by owner, date, then order of recording
        was_open = state.get(owner, False)
        is_open = status == open_status
        if is_open and not was_open:
            spans[owner].append([day, None])
        elif was_open and not is_open:
            spans[owner][-1][1] = day - _DAY
        state[owner] = is_open
    return spans


def _clip(span: Sequence[datetime.date | None], start: datetime.date, end: datetime.date):
    low = max(span[0], start)  # type: ignore[type-var]
    high = end if span[1] is None else min(span[1], end)  # type: ignore[type-var]
    return engine.Period(low, high) if low <= high else None


def _facility_periods(
    facility_ids: set[int],
) -> tuple[dict[int, tuple[engine.Period, ...]], dict[int, tuple[engine.Period, ...]]]:
    """Per facility, the days under an agreement (active and within a validity period), and the days it
    may bill the fund directly: under an agreement or with direct-billing access granted, as
    `providers.selectors.facility_can_bill` decides."""
    active = _spans(
        AgreementEvent.objects.filter(request__facility_id__in=facility_ids)
        .order_by("request_id", "on", "id")
        .values_list("request_id", "on", "to_status"),
        AgreementStatus.ACTIVE,
    )
    agreements: dict[int, list[engine.Period]] = defaultdict(list)
    for request_id, facility_id, valid_from, valid_to in AgreementPeriod.objects.filter(
        request__facility_id__in=facility_ids
    ).values_list("request_id", "request__facility_id", "valid_from", "valid_to"):
        for span in active.get(request_id, ()):
            period = _clip(span, valid_from, valid_to)
            if period is not None:
                agreements[facility_id].append(period)
    rows = list(
        DirectBillingEvent.objects.filter(access__facility_id__in=facility_ids)
        .order_by("access_id", "on", "id")
        .values_list("access_id", "on", "to_status", "access__facility_id")
    )
    facility_of = {access_id: facility_id for access_id, _on, _status, facility_id in rows}
    granted = _spans(((a, on, status) for a, on, status, _f in rows), DirectBillingStatus.GRANTED)
    direct: dict[int, list[engine.Period]] = defaultdict(list)
    for facility_id, periods in agreements.items():
        direct[facility_id].extend(periods)
    for access_id, spans in granted.items():
        direct[facility_of[access_id]].extend(engine.Period(a, b) for a, b in spans)  # type: ignore[arg-type]

    def ordered(periods: list[engine.Period]) -> tuple[engine.Period, ...]:
        return tuple(sorted(periods, key=lambda p: p.start))

    return (
        {f: ordered(p) for f, p in agreements.items()},
        {f: ordered(p) for f, p in direct.items()},
    )


def _rights(profile: FundProfile, member_ids: set[int]) -> dict[int, tuple[engine.Period, ...]]:
    """Per member, the days covered by each paid period: from the end of the waiting time to the end of
    the period plus the profile's grace days (`registry.rules.rights_status`)."""
    grace = profile.rights.grace_days * _DAY
    rights: dict[int, list[engine.Period]] = defaultdict(list)
    for member_id, start, end in (
        RightsPeriod.objects.filter(member_id__in=member_ids)
        .order_by("member_id", "paid_from")
        .values_list("member_id", "start", "end")
    ):
        if start <= end + grace:
            rights[member_id].append(engine.Period(start, end + grace))
    return {m: tuple(p) for m, p in rights.items()}


def _certificates(dependant_ids: set[int]) -> dict[int, tuple[engine.Certificate, ...]]:
    found: dict[int, list[engine.Certificate]] = defaultdict(list)
    for dependant_id, kind, issued_on, expires_on in SupportingCertificate.objects.filter(
        dependant_id__in=dependant_ids
    ).values_list("dependant_id", "kind", "issued_on", "expires_on"):
        found[dependant_id].append(engine.Certificate(kind, issued_on, expires_on))
    return {d: tuple(c) for d, c in found.items()}


def _history(
    keys: set[str], since: datetime.date, excluded: set[int]
) -> dict[str, tuple[engine.HistoryLine, ...]]:
    """Per beneficiary, the lines of their validated files served on or after `since`, as decided."""
    found: dict[str, list[engine.HistoryLine]] = defaultdict(list)
    rows = (
        LineOutcome.objects.filter(
            decision__is_current=True,
            decision__billing_file__status=FileStatus.VALIDATED,
            line__beneficiary__in=keys,
            line__service_date__gte=since,
        )
        .exclude(decision__billing_file_id__in=excluded)
        .values_list(
            "line__beneficiary",
            "decision__billing_file_id",
            "line__code",
            "line__service_date",
            "decision__billing_file__facility_id",
            "line__quantity",
            "fund_share",
        )
    )
    for key, file_id, code, day, facility_id, quantity, fund_share in rows:
        found[key].append(
            engine.HistoryLine(
                claim_id=str(file_id),
                code=code,
                service_date=day,
                facility_id=str(facility_id),
                quantity=quantity,
                fund_share=fund_share,
            )
        )
    return {k: tuple(h) for k, h in found.items()}


def _level_rank(profile: FundProfile, code: str) -> int:
    for level in profile.care_pyramid.levels:
        if level.code == code:
            return level.rank
    return 0  # a level unknown to the profile: below every level, so no pyramid rule can favour it


def claim_snapshots(*, file_ids: Sequence[int], profile: FundProfile | None = None) -> list[LoadedFile]:
    """The engine's snapshot of each billing file of `file_ids` (missing ids are skipped), in the order
    given, with the lines, rights, certificates, facility periods and history it needs."""
    profile = profile or active_profile()
    files = {
        f.pk: f
        for f in BillingFile.objects.filter(pk__in=file_ids)
        .select_related("care_sheet__facility", "care_sheet__member", "care_sheet__dependant")
        .prefetch_related(Prefetch("care_sheet__lines", queryset=CareSheetLine.objects.order_by("line_no")))
    }
    ordered = [files[i] for i in dict.fromkeys(file_ids) if i in files]
    sheets = [f.care_sheet for f in ordered]
    member_ids = {s.member_id or s.dependant.member_id for s in sheets}
    dependant_ids = {s.dependant_id for s in sheets if s.dependant_id is not None}
    facility_ids = {s.facility_id for s in sheets}
    keys = {s.beneficiary_key for s in sheets}
    earliest = min(
        (line.service_date for s in sheets for line in s.lines.all()),
        default=datetime.date.max,
    )

    rights = _rights(profile, member_ids)
    certificates = _certificates(dependant_ids)
    agreements, direct_billing = _facility_periods(facility_ids)
    history = (
        _history(keys, earliest - HISTORY_DAYS * _DAY, set(files)) if earliest != datetime.date.max else {}
    )

    facilities: dict[int, engine.Facility] = {}
    loaded = []
    for billing_file in ordered:
        sheet = billing_file.care_sheet
        facility = sheet.facility
        if facility.pk not in facilities:
            facilities[facility.pk] = engine.Facility(
                id=str(facility.pk),
                kind=facility.kind,
                sector=engine.Sector(facility.sector),
                level=_level_rank(profile, facility.level),
                agreements=agreements.get(facility.pk, ()),
                direct_billing=direct_billing.get(facility.pk, ()),
            )
        if sheet.dependant_id is None:
            person = sheet.member
            holder_id = sheet.member_id
            relationship = engine.Relationship.MEMBER
            certs: tuple[engine.Certificate, ...] = ()
            disabled = False
        else:
            person = sheet.dependant
            holder_id = person.member_id
            relationship = engine.Relationship(person.relationship)
            certs = certificates.get(person.pk, ())
            disabled = person.disabled
        key = beneficiary_key(sheet.member_id, sheet.dependant_id)
        beneficiary = engine.Beneficiary(
            id=key,
            birth_date=person.birth_date,
            sex=engine.Sex(person.sex),
            relationship=relationship,
            rights=rights.get(holder_id, ()),
            certificates=certs,
            disabled=disabled,
        )
        lines = tuple(sheet.lines.all())
        referral = None
        if sheet.referral_in_on is not None:
            referral = engine.Referral(
                issued_on=sheet.referral_in_on,
                to_level=_level_rank(profile, facility.level),
                valid_until=sheet.referral_in_valid_until,
            )
        snapshot = engine.ClaimSnapshot(
            claim_id=str(billing_file.pk),
            care_type=engine.CareType(sheet.care_type),
            beneficiary=beneficiary,
            facility=facilities[facility.pk],
            lines=tuple(
                engine.ClaimLine(
                    code=line.code,
                    kind=engine.LineKind(line.kind),
                    service_date=line.service_date,
                    billed=line.billed,
                    quantity=line.quantity,
                    coefficient=line.coefficient,
                )
                for line in lines
            ),
            received_on=billing_file.received_on,
            channel=engine.Channel(billing_file.channel),
            documents=frozenset(billing_file.documents or ()),
            admission_date=sheet.admission_date,
            discharge_date=sheet.discharge_date,
            diagnosis=sheet.diagnosis or None,
            referral=referral,
            history=history.get(key, ()),
            emergency=sheet.emergency,
        )
        loaded.append(LoadedFile(billing_file, lines, snapshot))
    return loaded
