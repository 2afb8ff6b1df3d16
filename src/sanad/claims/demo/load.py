"""Demo claims: care sheets of every care type at the facilities under agreement, billing files in every
step of the pipeline, decisions by the engine and by people, reimbursements where the patient pays first,
and complaints, so that every claims page of every demo account shows realistic work.

The volume is written in bulk as the services write it and decided by the engine (`bulk`); a few
representative files go through the services themselves, at the desk of the demo facility staff's own
facility (`desk`); people then decide the files that waited long enough (`fund`).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.test.utils import override_settings

from sanad.claims.anomalies import peer_averages_forget
from sanad.claims.demo.bulk import Planned, Volume, batches_plan, volume_write
from sanad.claims.demo.care import Builder, Network, Person, Prices, people_pool
from sanad.claims.demo.dates import audit_mark, past_dated
from sanad.claims.demo.desk import desk_load
from sanad.claims.demo.engine import adjudicate_nightly, previews_write
from sanad.claims.demo.fund import complaints_load, insured_family, queues_work, reimbursements_load
from sanad.claims.models import Batch, BillingFile, Complaint
from sanad.claims.runner.decide import References
from sanad.common.demo import DemoContext
from sanad.common.permissions import Role
from sanad.providers.models import Facility, FacilityKind
from sanad.providers.selectors import facility_of_user

_DAY = datetime.timedelta(days=1)
# How far back the demo's care goes: a quarter, the time bar, and a few files handed in too late.
HISTORY_DAYS = 92
LATE_DAYS = 105
# How often each kind of facility sends a file (assumption: hospitals and clinics bill the most).
_KIND_WEIGHTS = {
    FacilityKind.REGIONAL_HOSPITAL: 5,
    FacilityKind.PRIVATE_CLINIC: 4,
    FacilityKind.HEALTH_CENTRE: 3,
    FacilityKind.PHARMACY: 3,
    FacilityKind.NATIONAL_HOSPITAL: 3,
    FacilityKind.UNIVERSITY_HOSPITAL: 3,
    FacilityKind.MILITARY_HOSPITAL: 2,
    FacilityKind.LABORATORY: 2,
}


@dataclass(slots=True)
class DemoClaims:
    """What every step of the claims demo shares."""

    ctx: DemoContext
    builder: Builder
    network: Network
    facility: Facility  # the demo facility staff's
    users: dict[str, Any]

    @property
    def today(self) -> datetime.date:
        return self.ctx.today

    @property
    def rng(self) -> random.Random:
        return self.builder.rng

    def step(self, name: str) -> None:
        """Start a step of the demo with its own random source, seeded by the demo's seed and the step:
        what a step draws does not depend on what an earlier one found in the database (ids differ
        from one database to another, and the engine's random review sample draws on them)."""
        self.builder.rng = random.Random(f"{self.ctx.seed}:{name}")

    def user(self, role: Role) -> Any:
        return self.users.get(role.value)

    def days_ago(self, low: int, high: int | None = None) -> datetime.date:
        return self.today - self.rng.randint(low, low if high is None else high) * _DAY


def _start(ctx: DemoContext) -> DemoClaims | None:
    staff = ctx.users.get(Role.FACILITY_STAFF.value)
    facility = facility_of_user(user=staff) if staff is not None else None
    if facility is None:
        return None
    network = Network.load(ctx, since=ctx.today - (LATE_DAYS + 1) * _DAY)
    if facility.pk not in {f.pk for f in network.billing}:
        return None
    files = max(12, ctx.members // 2)
    covered, uncovered = people_pool(ctx, families=max(10, files // 6))
    builder = Builder(ctx, Prices.load(ctx.profile), network, covered, uncovered, ctx.rng)
    return DemoClaims(ctx=ctx, builder=builder, network=network, facility=facility, users=ctx.users)


def _volume_plans(dc: DemoClaims, count: int, insured: list[Person]) -> list[Planned]:
    """`count` episodes at the facilities under agreement over the last quarter (about one in eight at the
    demo facility), a few for people not covered, a few handed in after the time bar, and one person
    seen at two facilities on one day."""
    rng, builder = dc.rng, dc.builder
    facilities = dc.network.billing
    weights = [_KIND_WEIGHTS.get(f.kind, 1) for f in facilities]
    plans: list[Planned] = []

    threshold = dc.ctx.profile.claims.direct_billing_threshold

    def add(facility: Facility, day: datetime.date, late: bool = False, **options: Any) -> Planned | None:
        # Facilities send only files at or above the direct-billing threshold (seed 002); below it the
        # insured pays. A few slip through, so that the demo shows the engine's reason for them.
        for _attempt in range(4):
            made = builder.episode(facility, day, **options)
            if made is None:
                return None
            sheet, needed = made
            billed = sum((line.billed for line in sheet.lines), Decimal(0))
            if threshold is None or billed >= threshold or rng.random() < 0.05:
                break
        else:
            return None
        end = sheet.discharge_date or sheet.care_date
        plan = Planned(sheet, needed, facility, min(dc.today, end + rng.randint(0, 2) * _DAY), late=late)
        plans.append(plan)
        return plan

    for _n in range(count):
        facility = dc.facility if rng.random() < 0.12 else rng.choices(facilities, weights)[0]
        add(facility, dc.days_ago(1, HISTORY_DAYS), covered=rng.random() > 0.03)
    for _n in range(2 + count // 200):
        add(rng.choices(facilities, weights)[0], dc.days_ago(LATE_DAYS - 5, LATE_DAYS), late=True)
    # The demo insured's family: a file long decided, one in the pipeline, one the facility just billed.
    for days in (50, 20, 2) if insured else ():
        add(dc.facility, dc.days_ago(days), person=rng.choice(insured))
    # One person seen by two facilities on one day: the engine's anomaly signal sends both to review.
    others = [f for f in facilities if f.pk != dc.facility.pk and builder.templates_for(f)]
    if builder.covered and others:
        person, day = rng.choice(builder.covered), dc.days_ago(12, 20)
        if add(dc.facility, day, person=person) is not None:
            add(rng.choice(others), day, person=person)
    return plans


def _missing_papers(dc: DemoClaims, plans: list[Planned]) -> None:
    """About one recent file in ten lacks a document of the checklist (the administrative check will ask
    for it); a few older ones too, which wait past their clock."""
    recent = dc.today - 28 * _DAY
    for plan in plans:
        received = plan.batch.received_on if plan.batch is not None else None
        if not plan.documents or received is None:
            continue
        if dc.rng.random() < (0.10 if received >= recent else 0.01):
            plan.documents = sorted(set(plan.documents) - {dc.rng.choice(plan.documents)})
    # However few the files, one older file waits past its clock for a paper (the overdue list shows it).
    older = [
        p
        for p in plans
        if p.documents and not p.late and p.batch is not None and (p.batch.received_on or dc.today) < recent
    ]
    if older and all(len(p.documents) == len(p.needed) for p in older):
        plan = dc.rng.choice(older)
        plan.documents = sorted(set(plan.documents) - {dc.rng.choice(plan.documents)})


def volume_load(dc: DemoClaims, insured: list[Person]) -> Volume:
    ctx = dc.ctx
    plans = _volume_plans(dc, max(12, ctx.members // 2), insured)
    batches = batches_plan(plans, profile=ctx.profile, today=dc.today, rng=dc.rng)
    _missing_papers(dc, plans)
    actors = {dc.facility.pk: dc.user(Role.FACILITY_STAFF)}
    checker = dc.user(Role.CLAIMS_CHECKER)
    volume_write(plans, batches, profile=ctx.profile, actors=actors, checker=checker)
    references = References(ctx.profile.code)
    previews_write(plans, profile=ctx.profile, actors=actors, references=references)
    adjudicate_nightly(plans, references)
    return Volume(plans, batches)


def claims_load(ctx: DemoContext) -> None:
    """Load the demo claims of `ctx.profile` (after the members); nothing when the demo has no facility
    staff account bound to a facility under agreement."""
    # The services read the active profile: during the load it is the demo's, whatever the settings say.
    with override_settings(SANAD_FUND=ctx.profile.code):
        peer_averages_forget()
        dc = _start(ctx)
        if dc is None:
            return
        since, started = audit_mark()
        insured = insured_family(dc)
        dc.step("volume")
        volume = volume_load(dc, insured)
        dc.step("queues")
        queues_work(dc, volume)
        dc.step("desk")
        desk_load(dc)
        dc.step("reimbursements")
        reimbursements_load(dc, insured)
        dc.step("complaints")
        complaints_load(dc)
        past_dated(since=since, started=started, today=dc.today)
        peer_averages_forget()
    ctx.counts["billing_files"] = BillingFile.objects.count()
    ctx.counts["claim_batches"] = Batch.objects.count()
    ctx.counts["complaints"] = Complaint.objects.count()
