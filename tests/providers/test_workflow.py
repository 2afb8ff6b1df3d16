"""The CNASS procedure end to end (seed 001), its 2-week clock and direct-billing access (seed 002)."""

from datetime import date

import pytest

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.providers import services
from sanad.providers.checklist import PREREQUISITE_CODES
from sanad.providers.clock import agreement_due_on, agreement_is_overdue
from sanad.providers.models import DirectBillingAccess, Facility
from sanad.providers.statuses import AgreementStatus, FacilityNetworkStatus

S = AgreementStatus
pytestmark = pytest.mark.django_db


def walk_to_draft(request, start=date(2026, 3, 2)):
    services.agreement_mission_announce(
        actor=None, request=request, on=date(2026, 3, 3), planned_on=date(2026, 3, 5)
    )
    services.agreement_mission_record(
        actor=None,
        request=request,
        on=date(2026, 3, 5),
        experts="Dr Ba, Dr Sy",
        report="Meets the prerequisites.",
        scores=dict.fromkeys(PREREQUISITE_CODES, 7),
    )
    services.agreement_report_share(actor=None, request=request, on=date(2026, 3, 6))
    services.agreement_approve(actor=None, request=request, on=date(2026, 3, 9))
    return services.agreement_draft_send(
        actor=None, request=request, on=date(2026, 3, 10), validity_months=36, tariff_schedule="CNASS-2026"
    )


def test_a_request_goes_from_application_to_an_active_agreement(cnass, make_facility, manager):
    facility = make_facility("health_centre", "public")
    request = services.agreement_request(
        actor=manager, facility=facility, requested_on=date(2026, 3, 2), profile=cnass
    )
    assert request.directorate_copy == "DRS du Trarza"
    walk_to_draft(request)

    request = services.agreement_sign(actor=manager, request=request, party="facility", on=date(2026, 3, 12))
    request = services.agreement_sign(actor=manager, request=request, party="fund", on=date(2026, 3, 11))
    assert request.status == S.DRAFT_SENT
    request = services.agreement_sign(
        actor=manager, request=request, party="directorate", on=date(2026, 3, 13)
    )

    assert request.status == S.ACTIVE
    assert (request.valid_from, request.valid_to) == (date(2026, 3, 13), date(2029, 3, 12))
    assert request.mission_score == 70
    assert request.checklist.count() == len(PREREQUISITE_CODES)
    assert Facility.objects.get(pk=facility.pk).network_status == FacilityNetworkStatus.ACTIVE
    actions = list(request.events.values_list("action", flat=True))
    assert actions[0] == "agreement_request" and actions[-1] == "agreement_activate"
    assert actions.count("agreement_sign") == 3
    assert (
        AuditEvent.objects.filter(object_type="providers.agreementrequest", object_id=str(request.pk)).count()
        == 10
    )


def test_a_party_signs_only_once(cnass, make_facility):
    request = services.agreement_request(
        actor=None, facility=make_facility(), requested_on=date(2026, 3, 2), profile=cnass
    )
    walk_to_draft(request)
    services.agreement_sign(actor=None, request=request, party="fund", on=date(2026, 3, 11))

    with pytest.raises(DomainError) as caught:
        services.agreement_sign(actor=None, request=request, party="fund", on=date(2026, 3, 12))
    assert caught.value.code == ErrorCode.CONFLICT


def test_a_step_cannot_be_dated_before_the_previous_one(cnass, make_facility):
    request = services.agreement_request(
        actor=None, facility=make_facility(), requested_on=date(2026, 3, 2), profile=cnass
    )

    with pytest.raises(DomainError) as caught:
        services.agreement_mission_announce(actor=None, request=request, on=date(2026, 3, 1))
    assert caught.value.field == "on"


def test_a_refusal_needs_reasons(cnass, make_facility):
    request = services.agreement_request(
        actor=None, facility=make_facility(), requested_on=date(2026, 3, 2), profile=cnass
    )
    request.status = S.REPORT_SHARED
    request.save()

    with pytest.raises(DomainError) as caught:
        services.agreement_refuse(actor=None, request=request, on=date(2026, 3, 9), reasons=" ")
    assert caught.value.field == "reasons"


def test_a_facility_has_one_open_request_at_a_time(cnass, make_facility):
    facility = make_facility()
    services.agreement_request(actor=None, facility=facility, requested_on=date(2026, 3, 2), profile=cnass)

    with pytest.raises(DomainError) as caught:
        services.agreement_request(
            actor=None, facility=facility, requested_on=date(2026, 3, 3), profile=cnass
        )
    assert caught.value.code == ErrorCode.CONFLICT


def test_a_renewal_starts_the_day_after_the_current_period(cnass, make_facility):
    request = services.agreement_request(
        actor=None, facility=make_facility(), requested_on=date(2026, 3, 2), profile=cnass
    )
    walk_to_draft(request)
    for party in ("fund", "directorate", "facility"):
        request = services.agreement_sign(actor=None, request=request, party=party, on=date(2026, 3, 13))

    request = services.agreement_renew(actor=None, request=request, on=date(2029, 2, 1), validity_months=12)

    assert request.valid_to == date(2030, 3, 12)
    assert [(p.valid_from, p.renewal) for p in request.periods.all()] == [
        (date(2026, 3, 13), False),
        (date(2029, 3, 13), True),
    ]


# The clock: 10 working days, skipping the weekend and the country's public holidays.
@pytest.mark.parametrize(
    ("fund", "requested_on", "due_on"),
    [
        ("cnass", date(2026, 3, 2), date(2026, 3, 16)),  # two plain weeks in Mauritania
        ("cnass", date(2026, 5, 22), date(2026, 6, 10)),  # Africa Day (Mon 25 May), Eid al-Adha (27-28 May)
        ("cnass", date(2025, 11, 24), date(2025, 12, 9)),  # Independence Day on Friday 28 November 2025
        ("cnops", date(2026, 7, 27), date(2026, 8, 11)),  # Throne Day, Thursday 30 July
        ("cnops", date(2026, 11, 2), date(2026, 11, 17)),  # Green March, Friday 6 November
        ("cnss", date(2026, 1, 5), date(2026, 1, 20)),  # Amazigh New Year, Wednesday 14 January
    ],
)
def test_the_two_week_clock_counts_working_days_of_the_country(request, fund, requested_on, due_on):
    profile = request.getfixturevalue(fund)
    assert agreement_due_on(profile, requested_on) == due_on


def test_a_request_without_a_decision_after_its_due_date_is_overdue(cnass, make_facility):
    request = services.agreement_request(
        actor=None, facility=make_facility(), requested_on=date(2026, 3, 2), profile=cnass
    )

    assert not agreement_is_overdue(request, date(2026, 3, 16))
    assert agreement_is_overdue(request, date(2026, 3, 17))
    request.status = S.APPROVED  # the decision stops the clock
    assert not agreement_is_overdue(request, date(2026, 4, 1))


def test_a_public_hospital_is_admitted_to_direct_billing_when_created(cnops):
    chu = services.facility_create(
        actor=None,
        on=date(2026, 3, 2),
        profile=cnops,
        code="MA-CHU-1",
        name_fr="CHU Ibn Rochd",
        kind="university_hospital",
        sector="public",
        level="university_hospital",
        region="MA-06",
    )

    access = DirectBillingAccess.objects.get(facility=chu)
    assert access.automatic and access.status == "granted" and access.decided_on == date(2026, 3, 2)


def test_a_private_clinic_is_not_admitted_automatically(cnops, make_facility):
    with pytest.raises(DomainError):
        services.direct_billing_admit(
            actor=None,
            facility=make_facility("private_clinic", "private"),
            on=date(2026, 3, 2),
            profile=cnops,
        )


def test_a_clinic_applies_with_a_rib_and_the_registration_sheet(cnops, make_facility):
    clinic = make_facility("private_clinic", "private", region="MA-06")

    with pytest.raises(DomainError) as caught:
        services.direct_billing_apply(
            actor=None,
            facility=clinic,
            applied_on=date(2026, 3, 2),
            bank_account="0115190000012050005349 20",
            registration_sheet="ANAM-1",
            profile=cnops,
        )
    assert caught.value.field == "bank_account"
    with pytest.raises(DomainError) as caught:
        services.direct_billing_apply(
            actor=None,
            facility=clinic,
            applied_on=date(2026, 3, 2),
            bank_account="011519000001205000534921",
            registration_sheet="",
            profile=cnops,
        )
    assert caught.value.field == "registration_sheet"

    access = services.direct_billing_apply(
        actor=None,
        facility=clinic,
        applied_on=date(2026, 3, 2),
        bank_account="011519000001205000534921",
        registration_sheet="ANAM-2026-0042",
        profile=cnops,
    )
    access = services.direct_billing_decide(actor=None, access=access, on=date(2026, 3, 20), grant=True)
    assert access.status == "granted" and not access.automatic
