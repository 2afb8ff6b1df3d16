"""The facility's billing-right pre-check and the claims engine agree on every date (issue 15).

`facility_can_bill` (what facilities' software and the reimbursement desk ask) and the engine's own rule
(`check_agreement` on the facility the claims snapshot builds) must say the same, allowed or not, on every
day around every boundary of an agreement's or a direct-billing access's history: not yet in force, the
first day, the day a suspension starts, the day it ends (reinstatement), the termination day, the last day
of validity and the day after (seed 001: agreement; seed 002: direct billing)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sanad import adjudication as engine
from sanad.adjudication.rules.facility import check_agreement
from sanad.claims.runner.read_facilities import FacilityCache
from sanad.providers import services
from sanad.providers.models import AgreementEvent, AgreementPeriod, DirectBillingEvent
from sanad.providers.selectors import BillingReason, facility_can_bill

from .test_workflow import walk_to_draft

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)
SIGNED = date(2026, 3, 13)  # walk_to_draft sends the draft on 10 March
BANK = "011519000001205000534921"


def _agreement(profile, facility, *, signed=SIGNED, months=36):
    request = services.agreement_request(
        actor=None, facility=facility, requested_on=date(2026, 3, 2), profile=profile
    )
    walk_to_draft(request)
    for party in ("fund", "directorate", "facility"):
        request = services.agreement_sign(actor=None, request=request, party=party, on=signed)
    if months != 36:
        request.periods.update(valid_to=request.valid_from + timedelta(days=30 * months - 1))
        request.valid_to = request.periods.get().valid_to
        request.save(update_fields=["valid_to"])
    return request


def _access(profile, facility, *, applied=date(2026, 3, 2), granted=date(2026, 3, 20)):
    access = services.direct_billing_apply(
        actor=None,
        facility=facility,
        applied_on=applied,
        bank_account=BANK,
        registration_sheet="ANAM-1",
        profile=profile,
    )
    return services.direct_billing_decide(actor=None, access=access, on=granted, grant=True)


def _suspended_reinstated_terminated(cnass, cnops, make_facility):
    facility = make_facility()
    request = _agreement(cnass, facility)
    services.agreement_suspend(actor=None, request=request, on=date(2026, 6, 1), reason="Audit")
    services.agreement_reinstate(actor=None, request=request, on=date(2026, 7, 1), reason="Corrected")
    services.agreement_terminate(actor=None, request=request, on=date(2027, 1, 1), reason="Closed")
    return facility, cnass


def _terminated_while_suspended(cnass, cnops, make_facility):
    facility = make_facility()
    request = _agreement(cnass, facility)
    services.agreement_suspend(actor=None, request=request, on=date(2026, 6, 1), reason="Audit")
    services.agreement_terminate(actor=None, request=request, on=date(2026, 8, 1), reason="Closed")
    return facility, cnass


def _suspended_and_reinstated_the_same_day(cnass, cnops, make_facility):
    facility = make_facility()
    request = _agreement(cnass, facility)
    services.agreement_suspend(actor=None, request=request, on=date(2026, 6, 1), reason="Audit")
    services.agreement_reinstate(actor=None, request=request, on=date(2026, 6, 1), reason="Error")
    services.agreement_suspend(actor=None, request=request, on=date(2026, 6, 15), reason="Audit")
    return facility, cnass


def _terminated_on_the_day_in_force(cnass, cnops, make_facility):
    facility = make_facility()
    request = _agreement(cnass, facility)
    services.agreement_terminate(actor=None, request=request, on=SIGNED, reason="Withdrawn")
    return facility, cnass


def _expired_then_renewed(cnass, cnops, make_facility):
    facility = make_facility()
    request = _agreement(cnass, facility, months=2)
    expired = request.valid_to + DAY
    services.agreement_renew(actor=None, request=request, on=expired + 10 * DAY, validity_months=1)
    return facility, cnass


def _expired_never_renewed(cnass, cnops, make_facility):
    facility = make_facility()
    _agreement(cnass, facility, months=1)
    return facility, cnass


def _direct_billing_suspended_reinstated_terminated(cnass, cnops, make_facility):
    clinic = make_facility("private_clinic", "private", region="MA-06")
    access = _access(cnops, clinic)
    services.direct_billing_suspend(actor=None, access=access, on=date(2026, 5, 4), reason="Invoices")
    services.direct_billing_reinstate(actor=None, access=access, on=date(2026, 5, 18), reason="Fixed")
    services.direct_billing_terminate(actor=None, access=access, on=date(2026, 9, 1), reason="Closed")
    return clinic, cnops


def _direct_billing_rejected_then_granted(cnass, cnops, make_facility):
    clinic = make_facility("eye_centre", "private", region="MA-06")
    first = services.direct_billing_apply(
        actor=None,
        facility=clinic,
        applied_on=date(2026, 3, 2),
        bank_account=BANK,
        registration_sheet="ANAM-1",
        profile=cnops,
    )
    services.direct_billing_decide(
        actor=None, access=first, on=date(2026, 3, 9), grant=False, reason="Papers"
    )
    _access(cnops, clinic, applied=date(2026, 4, 1), granted=date(2026, 4, 15))
    return clinic, cnops


def _admitted_on_registration_then_suspended_and_terminated(cnass, cnops, make_facility):
    hospital = services.facility_create(
        actor=None,
        on=date(2026, 3, 2),
        profile=cnops,
        code="MA-CHU-9",
        name_fr="CHU Hassan II",
        kind="university_hospital",
        sector="public",
        level="university_hospital",
        region="MA-06",
    )
    access = hospital.direct_billing.get()
    services.direct_billing_suspend(actor=None, access=access, on=date(2026, 4, 1), reason="Audit")
    services.direct_billing_terminate(actor=None, access=access, on=date(2026, 4, 20), reason="Closed")
    return hospital, cnops


def _agreement_suspended_while_access_granted(cnass, cnops, make_facility):
    clinic = make_facility("dialysis_centre", "private", region="MA-06")
    request = _agreement(cnops, clinic, signed=date(2026, 3, 16))
    access = _access(cnops, clinic, granted=date(2026, 4, 1))
    services.agreement_suspend(actor=None, request=request, on=date(2026, 5, 1), reason="Audit")
    services.direct_billing_terminate(actor=None, access=access, on=date(2026, 6, 1), reason="Closed")
    services.agreement_reinstate(actor=None, request=request, on=date(2026, 7, 1), reason="Corrected")
    return clinic, cnops


HISTORIES = [
    _suspended_reinstated_terminated,
    _terminated_while_suspended,
    _suspended_and_reinstated_the_same_day,
    _terminated_on_the_day_in_force,
    _expired_then_renewed,
    _expired_never_renewed,
    _direct_billing_suspended_reinstated_terminated,
    _direct_billing_rejected_then_granted,
    _admitted_on_registration_then_suspended_and_terminated,
    _agreement_suspended_while_access_granted,
]


def _boundaries(facility) -> list[date]:
    """Every day a history changes, the day before and the day after."""
    days = set(AgreementEvent.objects.filter(request__facility=facility).values_list("on", flat=True))
    days |= set(DirectBillingEvent.objects.filter(access__facility=facility).values_list("on", flat=True))
    for start, end in AgreementPeriod.objects.filter(request__facility=facility).values_list(
        "valid_from", "valid_to"
    ):
        days |= {start, end, end + DAY}
    return sorted({day + shift for day in days for shift in (-DAY, 0 * DAY, DAY)})


def _engine_facility(facility) -> engine.Facility:
    cache = FacilityCache()
    cache.load({facility.pk})
    return engine.Facility(
        id=facility.code,
        kind=facility.kind,
        sector=engine.Sector(facility.sector),
        level=1,
        agreements=cache.agreements.get(facility.pk, ()),
        direct_billing=cache.direct_billing.get(facility.pk, ()),
    )


def both_say(facility, profile, day) -> tuple[tuple[bool, bool], tuple[bool, bool]]:
    """(direct billing allowed, under agreement) as the pre-check says and as the engine's rule says."""
    right = facility_can_bill(facility=facility, on=day, care_type="outpatient", profile=profile)
    seen = _engine_facility(facility)
    engine_direct = check_agreement(seen, day, agreement_required=False, payee_is_facility=True) is None
    engine_agreed = check_agreement(seen, day, agreement_required=True, payee_is_facility=False) is None
    return (right.allowed, right.reason == BillingReason.AGREEMENT), (engine_direct, engine_agreed)


@pytest.mark.parametrize("history", HISTORIES, ids=lambda h: h.__name__.strip("_"))
def test_the_pre_check_and_the_engine_agree_on_every_boundary_day(cnass, cnops, make_facility, history):
    facility, profile = history(cnass, cnops, make_facility)
    days = _boundaries(facility)

    differences = []
    for day in days:
        pre, seen = both_say(facility, profile, day)
        if pre != seen:
            differences.append((day.isoformat(), pre, seen))

    assert len(days) > 6
    assert differences == []


def _allowed(facility, profile, day) -> bool:
    pre, seen = both_say(facility, profile, day)
    assert pre == seen, day
    return pre[0]


def test_an_agreement_covers_care_from_the_day_it_comes_into_force_not_before(cnass, make_facility):
    facility = make_facility()
    _agreement(cnass, facility)

    assert not _allowed(facility, cnass, SIGNED - DAY)
    assert _allowed(facility, cnass, SIGNED)


def test_a_suspension_stops_billing_from_its_first_day_and_a_reinstatement_resumes_it_that_day(
    cnass, cnops, make_facility
):
    facility, profile = _suspended_reinstated_terminated(cnass, cnops, make_facility)

    assert _allowed(facility, profile, date(2026, 5, 31))
    assert not _allowed(facility, profile, date(2026, 6, 1))
    assert not _allowed(facility, profile, date(2026, 6, 30))
    assert _allowed(facility, profile, date(2026, 7, 1))


def test_a_termination_stops_billing_from_its_day(cnass, cnops, make_facility):
    facility, profile = _suspended_reinstated_terminated(cnass, cnops, make_facility)

    assert _allowed(facility, profile, date(2026, 12, 31))
    assert not _allowed(facility, profile, date(2027, 1, 1))


def test_an_agreement_covers_its_last_day_of_validity_not_the_day_after(cnass, cnops, make_facility):
    facility, profile = _expired_never_renewed(cnass, cnops, make_facility)
    last = AgreementPeriod.objects.get(request__facility=facility).valid_to

    assert _allowed(facility, profile, last)
    assert not _allowed(facility, profile, last + DAY)


def test_direct_billing_access_covers_from_its_grant_to_the_day_before_its_suspension(
    cnass, cnops, make_facility
):
    clinic, profile = _direct_billing_suspended_reinstated_terminated(cnass, cnops, make_facility)

    assert not _allowed(clinic, profile, date(2026, 3, 19))
    assert _allowed(clinic, profile, date(2026, 3, 20))
    assert _allowed(clinic, profile, date(2026, 5, 3))
    assert not _allowed(clinic, profile, date(2026, 5, 4))
    assert _allowed(clinic, profile, date(2026, 5, 18))
    assert not _allowed(clinic, profile, date(2026, 9, 1))
