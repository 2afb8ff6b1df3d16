"""The data of the `settle` benchmark: a fund's register, network and catalogue, and a pile of received
billing files of three lines each, written with COPY (PostgreSQL) so that loading stays quick.

Deterministic (a seeded generator). The mix resembles a fund's intake: members and their dependants with
rights (a few lapsed), facilities of every level under agreement (a few not), care sheets mostly billed at
the tariff (some above it, some late, some at a hospital without referral), a third of the files in
batches, and a few of the anomalies the runner flags (bursts of identical files, the same person at two
facilities on one day, two facilities billing far above their peers).
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from sanad.catalog.demo import catalog_build
from sanad.catalog.models import Act, BenefitPackageEntry, Drug, KeyLetterValue
from sanad.claims.models import Batch, BillingFile, CareSheet, CareSheetLine
from sanad.common.bulk_sql import ids_reserve, rows_insert
from sanad.common.demo import DemoContext
from sanad.funds.types import FundProfile
from sanad.providers.models import (
    AgreementEvent,
    AgreementPeriod,
    AgreementRequest,
    DirectBillingAccess,
    DirectBillingEvent,
    Facility,
)
from sanad.registry.bench import families_make
from sanad.registry.bench_rights import paid_rights_write
from sanad.registry.imports.writing import families_write, next_serial
from sanad.registry.models import Dependant, Member

ON = datetime.date(2026, 4, 30)  # the day the runner decides
# Files are received from 2 February to 29 April, in the order of their ids (registered on receipt), for
# care given 3 to 40 days before (a few, 100 to 110 days before: time-barred).
FIRST_RECEIVED = datetime.date(2026, 2, 2)
RECEIVED_DAYS = 87
FACILITIES = 200
_DAY = datetime.timedelta(days=1)
_CHUNK = 50_000
# Kinds of facility by rank on the care pyramid, public sector first; private clinics rank as hospitals.
_PUBLIC_KINDS = ("health_post", "health_centre", "regional_hospital", "national_hospital")
_ACT_CATEGORIES = ("lab", "imaging")


@dataclass(slots=True)
class Loaded:
    files: int = 0
    lines: int = 0
    batches: int = 0
    persons: int = 0
    facilities: list[tuple[int, int, str]] = field(default_factory=list)  # (id, rank, level code)


def _facilities(profile: FundProfile, rng: random.Random) -> list[tuple[int, int, str]]:
    """200 facilities: 60 % public over the pyramid's levels, 30 % private, 10 % non-profit; all under
    agreement from 2024 but five; direct-billing access granted to twenty."""
    levels = sorted(profile.care_pyramid.levels, key=lambda level: level.rank)
    rows, made = [], []
    for n in range(FACILITIES):
        sector = "public" if n % 10 < 6 else ("private" if n % 10 < 9 else "non_profit")
        level = levels[n % len(levels)] if sector == "public" else levels[min(2, len(levels) - 1)]
        kind = _PUBLIC_KINDS[min(levels.index(level), 3)] if sector == "public" else "private_clinic"
        rows.append(
            Facility(
                code=f"BENCH-{n:04d}",
                name_fr=f"Établissement {n}",
                kind=kind,
                sector=sector,
                level=level.code,
                region=profile.regions[n % len(profile.regions)].code,
                network_status="active",
            )
        )
    facilities = Facility.objects.bulk_create(rows)
    start, end = datetime.date(2024, 1, 1), datetime.date(2027, 12, 31)
    requests = AgreementRequest.objects.bulk_create(
        AgreementRequest(
            facility=f,
            status="active",
            requested_on=start,
            directorate_copy="DRS",
            due_on=start,
            valid_from=start,
        )
        for n, f in enumerate(facilities)
        if n % 40 != 39
    )
    AgreementEvent.objects.bulk_create(
        AgreementEvent(
            request=r, on=start, action="agreement_activate", from_status="draft_sent", to_status="active"
        )
        for r in requests
    )
    AgreementPeriod.objects.bulk_create(
        AgreementPeriod(request=r, valid_from=start, valid_to=end) for r in requests
    )
    accesses = DirectBillingAccess.objects.bulk_create(
        DirectBillingAccess(facility=f, status="granted", applied_on=start, decided_on=start)
        for f in facilities[::10]
    )
    DirectBillingEvent.objects.bulk_create(
        DirectBillingEvent(
            access=a, on=start, action="direct_billing_grant", from_status="applied", to_status="granted"
        )
        for a in accesses
    )
    for f in facilities:
        made.append((f.pk, {lv.code: lv.rank for lv in levels}[f.level], f.sector))
    rng.shuffle(made)
    return made


def _rights(profile: FundProfile, member_ids: list[int]) -> None:
    """A year of paid rights from 2025 for every member, two years for 96 % of them."""
    paid_rights_write(
        member_ids,
        currency=profile.money.currency,
        start=datetime.date(2025, 1, 1),
        end_of=lambda n: datetime.date(2025, 10, 31) if n % 25 == 0 else datetime.date(2026, 12, 31),
    )


def _prices() -> tuple[list[tuple[str, Decimal]], list[tuple[str, Decimal]], list[tuple[str, Decimal]]]:
    """(code, unit price) of the consultations, of the plain lab and imaging acts, and of the plain drugs
    of the benefit package."""
    letters: dict[str, Decimal] = {}
    for letter, value in (
        KeyLetterValue.objects.filter(sector="").order_by("valid_from").values_list("letter", "value")
    ):
        letters[letter] = value  # the latest value wins
    covered = set(BenefitPackageEntry.objects.values_list("code", flat=True))
    plain = Act.objects.filter(
        min_age__isnull=True,
        max_age__isnull=True,
        sex="",
        min_level__isnull=True,
        needs_prior_approval=False,
        key_letter__in=list(letters),
    )
    consultations, acts = [], []
    for code, category, letter, coefficient, kinds in plain.values_list(
        "code", "category", "key_letter", "coefficient", "facility_kinds"
    ).order_by("code"):
        if code not in covered or kinds:
            continue
        price = (letters[letter] * coefficient).quantize(Decimal("0.01"))
        if category == "consultation" and code != "CON-PSY":
            consultations.append((code, price))
        elif category in _ACT_CATEGORIES:
            acts.append((code, price))
    drugs = [
        (code, base)
        for code, base in Drug.objects.filter(
            costly=False, long_term_only=False, needs_prior_approval=False, min_age__isnull=True, sex=""
        )
        .order_by("code")
        .values_list("code", "reimbursement_base")
        if code in covered
    ]
    return consultations, acts, drugs


def _persons() -> list[tuple[int | None, int | None, str]]:
    """Every beneficiary: (member id, dependant id, key), members first."""
    people: list[tuple[int | None, int | None, str]] = [
        (m, None, f"M{m}") for m in Member.objects.order_by("id").values_list("id", flat=True)
    ]
    people += [(None, d, f"D{d}") for d in Dependant.objects.order_by("id").values_list("id", flat=True)]
    return people


_SHEET_COLUMNS = (
    "id",
    "facility_id",
    "member_id",
    "dependant_id",
    "care_type",
    "care_date",
    "admission_date",
    "discharge_date",
    "diagnosis",
    "practitioner_name",
    "emergency",
    "referral_in_level",
    "referral_in_on",
    "referral_in_valid_until",
    "referral_out_level",
    "created_at",
)
_LINE_COLUMNS = (
    "care_sheet_id",
    "line_no",
    "kind",
    "code",
    "coefficient",
    "quantity",
    "billed",
    "service_date",
    "beneficiary",
)
_FILE_COLUMNS = (
    "care_sheet_id",
    "facility_id",
    "invoice_number",
    "channel",
    "documents",
    "submitted_via",
    "batch_id",
    "received_on",
    "due_on",
    "status",
    "created_at",
)
_BATCH_COLUMNS = (
    "id",
    "facility_id",
    "number",
    "group",
    "status",
    "submitted_on",
    "received_on",
    "receipt_number",
    "created_at",
)


@dataclass(slots=True)
class _Batches:
    """The batches being filled, per facility and group; new ones get their ids when written."""

    open: dict[tuple[int, str], list] = field(default_factory=dict)  # key -> [batch, files in it]
    new: list[list] = field(default_factory=list)  # [id or None, facility, number, group, received]
    made: int = 0

    def add(self, facility_id: int, group: str, received: datetime.date) -> list:
        held = self.open.get((facility_id, group))
        if held is None or held[1] == 30:
            self.made += 1
            batch = [None, facility_id, f"B-{self.made:06d}", group, received]
            self.new.append(batch)
            held = self.open[(facility_id, group)] = [batch, 0]
        held[1] += 1
        return held[0]

    def write(self, now: datetime.datetime) -> None:
        ids = ids_reserve(Batch, len(self.new))
        for batch, batch_id in zip(self.new, ids, strict=True):
            batch[0] = batch_id
        rows_insert(
            Batch,
            _BATCH_COLUMNS,
            [
                (i, f, number, g, "received", day - _DAY, day, f"R{number}", now)
                for i, f, number, g, day in self.new
            ],
        )
        self.new = []


def bench_load(
    profile: FundProfile,
    files: int,
    *,
    seed: int = 7,
    received_from: datetime.date = FIRST_RECEIVED,
    received_days: int = RECEIVED_DAYS,
) -> Loaded:
    """Write the benchmark's world and `files` received billing files of three lines each, received over
    `received_days` days from `received_from`."""
    rng = random.Random(seed)
    loaded = Loaded()
    catalog_build(DemoContext(profile=profile, seed=seed, members=0), acts=300, drugs=300)
    consultations, acts, drugs = _prices()
    loaded.facilities = facilities = _facilities(profile, rng)
    families = families_make(profile, max(100, files // 4), today=datetime.date(2025, 12, 1))
    families_write(families, profile=profile, on=datetime.date(2025, 1, 1), serial=next_serial(profile))
    del families
    _rights(profile, list(Member.objects.order_by("id").values_list("id", flat=True)))
    people = _persons()
    loaded.persons = len(people)
    entry = sorted(level.rank for level in profile.care_pyramid.levels)[1]
    # Two public facilities bill every consultation at three times the tariff: far above their peers.
    dear = set(sorted(f[0] for f in facilities if f[2] == "public")[:2])
    batches = _Batches()
    now = timezone.now()
    # Every document the profile may ask for; one file in fifty lacks the results (administrative check).
    needed = profile.claims.required_documents
    papers = sorted(
        {
            d
            for group in (needed.by_care_type, needed.by_line_kind, needed.by_category)
            for _c, docs in group
            for d in docs
        }
        | {"invoice"}
    )
    complete = json.dumps(papers)
    incomplete = json.dumps([d for d in papers if d != "results"])
    previous: tuple = ()
    for start in range(0, files, _CHUNK):
        count = min(_CHUNK, files - start)
        sheet_ids = ids_reserve(CareSheet, count)
        sheets, lines, bills = [], [], []
        for k, sheet_id in enumerate(sheet_ids):
            n = start + k
            facility_id, rank, _sector = facilities[rng.randrange(len(facilities))]
            member_id, dependant_id, key = people[(n * 7919) % len(people)]
            received = received_from + (n * received_days // files) * _DAY
            late = n % 33 == 0 and received > received_from + 60 * _DAY
            day = received - (rng.randint(100, 110) if late else rng.randint(3, 40)) * _DAY
            inpatient = rank > entry and n % 8 == 0
            consultation = consultations[n % len(consultations)]
            chosen = (consultation, acts[rng.randrange(len(acts))], drugs[rng.randrange(len(drugs))])
            if previous and n % 20_000 in (1, 2):  # a burst: the same file twice more
                facility_id, rank, member_id, dependant_id, key, day, inpatient, chosen = previous
            elif previous and n % 400 == 0:  # the same person at another facility on the same day
                member_id, dependant_id, key = previous[2:5]
                day = min(previous[5], received)
            previous = (facility_id, rank, member_id, dependant_id, key, day, inpatient, chosen)
            referral = rank > entry and n % 5 != 0
            sheets.append(
                (
                    sheet_id,
                    facility_id,
                    member_id,
                    dependant_id,
                    "inpatient" if inpatient else "outpatient",
                    day,
                    day if inpatient else None,
                    day + 2 * _DAY if inpatient else None,
                    "J06.9",
                    "Dr Bench",
                    False,
                    "",
                    day - 3 * _DAY if referral else None,
                    day + 60 * _DAY if referral else None,
                    "",
                    now,
                )
            )
            for line_no, ((code, price), kind) in enumerate(
                zip(chosen, ("act", "act", "drug"), strict=True), 1
            ):
                quantity = 2 if kind == "drug" and n % 3 == 0 else 1
                billed = price * quantity
                if line_no == 1 and facility_id in dear:
                    billed *= 3
                elif n % 12 == 0:
                    billed = (billed * Decimal("1.2")).quantize(Decimal("0.01"))
                served = day + (line_no - 1) * _DAY if inpatient else day
                lines.append((sheet_id, line_no, kind, code, None, quantity, billed, served, key))
            batch = (
                batches.add(facility_id, "inpatient" if inpatient else "outpatient", received)
                if n % 3 == 0
                else None
            )
            bills.append(
                [
                    sheet_id,
                    facility_id,
                    f"BENCH-{n:08d}",
                    "direct_billing",
                    incomplete if n % 50 == 7 else complete,
                    "facility",
                    batch,
                    received,
                    received + 30 * _DAY,
                    "received",
                    now,
                ]
            )
        batches.write(now)
        for bill in bills:
            bill[6] = None if bill[6] is None else bill[6][0]
        rows_insert(CareSheet, _SHEET_COLUMNS, sheets)
        rows_insert(CareSheetLine, _LINE_COLUMNS, lines)
        rows_insert(BillingFile, _FILE_COLUMNS, bills)
        loaded.files += count
        loaded.lines += len(lines)
    loaded.batches = batches.made
    return loaded
