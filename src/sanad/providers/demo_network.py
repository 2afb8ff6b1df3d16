"""Demo agreements in every workflow state and direct-billing access where the profile has it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sanad.funds.calendar import add_months
from sanad.providers.checklist import MAX_SCORES, PREREQUISITE_CODES
from sanad.providers.clock import agreement_due_on
from sanad.providers.eligibility import (
    agreement_eligibility,
    direct_billing_is_automatic,
    direct_billing_may_apply,
)
from sanad.providers.models import (
    AgreementEvent,
    AgreementPeriod,
    AgreementRequest,
    ChecklistScore,
    DirectBillingAccess,
    DirectBillingEvent,
    Facility,
)
from sanad.providers.services.direct_billing import direct_billing_admit
from sanad.providers.statuses import NETWORK_STATUS_OF, AgreementStatus, DirectBillingStatus

S = AgreementStatus
D = DirectBillingStatus
# One facility in each of these, in this order, before the rest are shared between "active" and nothing.
_ONE_EACH = (
    (S.REQUESTED, 25),  # overdue: 25 days after the request, no decision
    (S.REQUESTED, 1),
    (S.MISSION_ANNOUNCED, 6),
    (S.MISSION_DONE, 8),
    (S.REPORT_SHARED, 30),  # overdue as well
    (S.APPROVED, 15),
    (S.DRAFT_SENT, 20),
    (S.REFUSED, 40),
    (S.SUSPENDED, 400),
    (S.TERMINATED, 900),
)
_HOSPITALS = {"regional_hospital", "national_hospital", "university_hospital", "military_hospital"}
# (action, status reached, days after the request); the procedure in the order of seed 001.
_STEPS = (
    ("agreement_mission_announce", S.MISSION_ANNOUNCED, 2),
    ("agreement_mission_record", S.MISSION_DONE, 5),
    ("agreement_report_share", S.REPORT_SHARED, 7),
    ("agreement_approve", S.APPROVED, 9),
    ("agreement_draft_send", S.DRAFT_SENT, 11),
    ("agreement_activate", S.ACTIVE, 14),
)
# How many of the steps above each final status has gone through.
_STEPS_TAKEN = {
    S.REQUESTED: 0,
    S.MISSION_ANNOUNCED: 1,
    S.MISSION_DONE: 2,
    S.REPORT_SHARED: 3,
    S.REFUSED: 3,
    S.APPROVED: 4,
    S.DRAFT_SENT: 5,
    S.ACTIVE: 6,
    S.SUSPENDED: 6,
    S.TERMINATED: 6,
}


def _request(
    ctx, facility: Facility, target: S, age: int, today: date
) -> tuple[AgreementRequest, list, list]:
    """The request row with the fields of every step up to `target`, and its events (request unsaved)."""
    start = today - timedelta(days=age)
    req = AgreementRequest(
        facility=facility,
        status=target,
        requested_on=start,
        directorate_copy=facility.health_directorate,
        due_on=agreement_due_on(ctx.profile, start),
        tariff_schedule=f"{ctx.profile.short_name}-TNR-{start.year}",
    )
    events = [("agreement_request", "", S.REQUESTED, start, facility.health_directorate)]
    previous = S.REQUESTED
    for action, status, days in _STEPS[: _STEPS_TAKEN[target]]:
        day = start + timedelta(days=days)
        events.append((action, previous, status, day, ""))
        previous = status
        setattr(
            req,
            {
                S.MISSION_ANNOUNCED: "mission_announced_on",
                S.MISSION_DONE: "mission_on",
                S.REPORT_SHARED: "report_shared_on",
                S.APPROVED: "decided_on",
                S.DRAFT_SENT: "draft_sent_on",
                S.ACTIVE: "valid_from",
            }[status],
            day,
        )
    if req.mission_on:
        req.mission_experts = "Dr Ahmed Salem, Dr Fatimetou Sidi"
        req.mission_report = "Prerequisites mostly met; pharmacy stock to be improved."
    periods = []
    if target == S.REFUSED:
        req.decided_on = start + timedelta(days=9)
        req.refusal_reasons = "Premises and hygiene below the prerequisites."
        events.append(("agreement_refuse", S.REPORT_SHARED, S.REFUSED, req.decided_on, req.refusal_reasons))
    if target == S.DRAFT_SENT:
        req.signed_fund_on = req.draft_sent_on + timedelta(days=2)
        events.append(("agreement_sign", S.DRAFT_SENT, S.DRAFT_SENT, req.signed_fund_on, "Fund"))
    if req.valid_from:
        req.signed_fund_on = req.signed_directorate_on = req.signed_facility_on = req.valid_from
        req.valid_to = add_months(req.valid_from, req.validity_months) - timedelta(days=1)
        periods.append((req.valid_from, req.valid_to))
    if target == S.SUSPENDED:
        req.suspended_on = today - timedelta(days=10)
        req.suspension_reason = "Care sheets missing in the last audit."
        events.append(("agreement_suspend", S.ACTIVE, S.SUSPENDED, req.suspended_on, req.suspension_reason))
    if target == S.TERMINATED:
        req.terminated_on = today - timedelta(days=60)
        req.termination_reason = "Facility closed."
        events.append(
            ("agreement_terminate", S.ACTIVE, S.TERMINATED, req.terminated_on, req.termination_reason)
        )
    return req, events, periods


def agreements_load(
    ctx: Any, facilities: list[Facility], today: date, staff_facility: Facility | None
) -> None:
    """Requests in each workflow state, then about half of the other eligible facilities under agreement
    (every hospital and the staff account's facility)."""
    staff_pk = staff_facility.pk if staff_facility else None
    eligible = [f for f in facilities if agreement_eligibility(profile=ctx.profile, facility=f).eligible]
    ctx.rng.shuffle(eligible)
    plans: list[tuple[Facility, S, int]] = []
    others = [f for f in eligible if f.kind not in _HOSPITALS and f.pk != staff_pk]
    for facility, (status, age) in zip(others, _ONE_EACH, strict=False):
        plans.append((facility, status, age))
    planned = {f.pk for f, _s, _a in plans}
    for facility in eligible:
        if facility.pk in planned:
            continue
        if facility.kind in _HOSPITALS or facility.pk == staff_pk or ctx.rng.random() < 0.5:
            plans.append((facility, S.ACTIVE, ctx.rng.randint(120, 700)))
    built = [_request(ctx, facility, status, age, today) for facility, status, age in plans]
    requests = AgreementRequest.objects.bulk_create([req for req, _e, _p in built], batch_size=500)
    events, periods, scores = [], [], []
    for req, (_r, steps, spans) in zip(requests, built, strict=True):
        for action, before, after, day, note in steps:
            events.append(
                AgreementEvent(
                    request=req, on=day, action=action, from_status=before, to_status=after, note=note
                )
            )
        periods += [
            AgreementPeriod(request=req, valid_from=a, valid_to=b, tariff_schedule=req.tariff_schedule)
            for a, b in spans
        ]
        if req.mission_on:
            marks = {
                code: ctx.rng.randint(MAX_SCORES[code] // 2, MAX_SCORES[code]) for code in PREREQUISITE_CODES
            }
            scores += [
                ChecklistScore(request=req, code=c, score=m, max_score=MAX_SCORES[c])
                for c, m in marks.items()
            ]
            req.mission_score = round(100 * sum(marks.values()) / sum(MAX_SCORES.values()))
    AgreementEvent.objects.bulk_create(events, batch_size=1000)
    AgreementPeriod.objects.bulk_create(periods, batch_size=1000)
    ChecklistScore.objects.bulk_create(scores, batch_size=1000)
    AgreementRequest.objects.bulk_update(
        [r for r in requests if r.mission_score is not None], ["mission_score"]
    )
    for req in requests:
        req.facility.network_status = NETWORK_STATUS_OF[S(req.status)]
    Facility.objects.bulk_update([r.facility for r in requests], ["network_status"], batch_size=500)
    ctx.counts["agreements"] = len(requests)


def direct_billing_load(ctx: Any, facilities: list[Facility], today: date) -> None:
    """Public hospitals admitted automatically; clinics, dialysis and eye centres in each decision state."""
    rows: list[tuple[DirectBillingAccess, list]] = []
    cycle = (D.GRANTED, D.APPLIED, D.GRANTED, D.REJECTED, D.SUSPENDED, D.GRANTED)
    applicants = 0
    admitted = 0
    for facility in facilities:
        if direct_billing_is_automatic(profile=ctx.profile, facility=facility):
            # The one service of automatic admission, as on registration: a few hospitals per region.
            day = today - timedelta(days=ctx.rng.randint(200, 900))
            direct_billing_admit(actor=None, facility=facility, on=day, profile=ctx.profile)
            admitted += 1
        elif direct_billing_may_apply(profile=ctx.profile, facility=facility):
            status = cycle[applicants % len(cycle)]
            applicants += 1
            day = today - timedelta(days=ctx.rng.randint(30, 600))
            access = DirectBillingAccess(
                facility=facility,
                status=status,
                applied_on=day,
                bank_account=facility.bank_account,
                registration_sheet=facility.regulator_registration,
            )
            steps = [("direct_billing_apply", "", D.APPLIED, day, "")]
            if status != D.APPLIED:
                access.decided_on = day + timedelta(days=15)
                granted = status != D.REJECTED
                action = "direct_billing_grant" if granted else "direct_billing_reject"
                steps.append((action, D.APPLIED, D.GRANTED if granted else D.REJECTED, access.decided_on, ""))
                if not granted:
                    access.decision_reason = "Registration sheet missing."
            if status == D.SUSPENDED:
                access.suspended_on = today - timedelta(days=5)
                access.suspension_reason = "Invoices without the patient's share."
                steps.append(
                    (
                        "direct_billing_suspend",
                        D.GRANTED,
                        D.SUSPENDED,
                        access.suspended_on,
                        access.suspension_reason,
                    )
                )
            rows.append((access, steps))
    saved = DirectBillingAccess.objects.bulk_create([a for a, _s in rows], batch_size=500)
    DirectBillingEvent.objects.bulk_create(
        [
            DirectBillingEvent(
                access=access, on=day, action=action, from_status=before, to_status=after, note=note
            )
            for access, (_a, steps) in zip(saved, rows, strict=True)
            for action, before, after, day, note in steps
        ],
        batch_size=1000,
    )
    ctx.counts["direct_billing"] = admitted + len(saved)
