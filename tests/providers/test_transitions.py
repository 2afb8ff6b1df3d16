"""Every legal change of status is allowed and every illegal one raises, naming both statuses."""

from datetime import date

import pytest

from sanad.common.errors import DomainError, ErrorCode
from sanad.providers import services
from sanad.providers.checklist import PREREQUISITE_CODES
from sanad.providers.models import AgreementRequest, DirectBillingAccess
from sanad.providers.statuses import (
    AGREEMENT_TRANSITIONS,
    DIRECT_BILLING_TRANSITIONS,
    AgreementStatus,
    DirectBillingStatus,
    transition_check,
)

S = AgreementStatus
D = DirectBillingStatus
LEGAL_AGREEMENT = {
    (S.REQUESTED, S.MISSION_ANNOUNCED),
    (S.MISSION_ANNOUNCED, S.MISSION_DONE),
    (S.MISSION_DONE, S.REPORT_SHARED),
    (S.REPORT_SHARED, S.APPROVED),
    (S.REPORT_SHARED, S.REFUSED),
    (S.APPROVED, S.DRAFT_SENT),
    (S.DRAFT_SENT, S.ACTIVE),
    (S.ACTIVE, S.ACTIVE),
    (S.ACTIVE, S.SUSPENDED),
    (S.ACTIVE, S.TERMINATED),
    (S.SUSPENDED, S.ACTIVE),
    (S.SUSPENDED, S.TERMINATED),
}
LEGAL_DIRECT_BILLING = {
    (D.APPLIED, D.GRANTED),
    (D.APPLIED, D.REJECTED),
    (D.GRANTED, D.SUSPENDED),
    (D.GRANTED, D.TERMINATED),
    (D.SUSPENDED, D.GRANTED),
    (D.SUSPENDED, D.TERMINATED),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_the_agreement_table_allows_exactly_the_steps_of_the_procedure(current, target):
    if (current, target) in LEGAL_AGREEMENT:
        transition_check(AGREEMENT_TRANSITIONS, current, target)
    else:
        with pytest.raises(DomainError) as caught:
            transition_check(AGREEMENT_TRANSITIONS, current, target)
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        assert str(current.label) in caught.value.message
        assert str(target.label) in caught.value.message


@pytest.mark.parametrize("current", list(D))
@pytest.mark.parametrize("target", list(D))
def test_the_direct_billing_table_allows_exactly_its_decisions(current, target):
    if (current, target) in LEGAL_DIRECT_BILLING:
        transition_check(DIRECT_BILLING_TRANSITIONS, current, target)
    else:
        with pytest.raises(DomainError) as caught:
            transition_check(DIRECT_BILLING_TRANSITIONS, current, target)
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION


DAY = date(2026, 6, 1)
LATER = date(2026, 6, 15)
SCORES = dict.fromkeys(PREREQUISITE_CODES, 8)

# action → (call, the statuses it may start from, the status it leads to)
AGREEMENT_ACTIONS = {
    "announce": (
        lambda r: services.agreement_mission_announce(actor=None, request=r, on=LATER),
        {S.REQUESTED},
        S.MISSION_ANNOUNCED,
    ),
    "record": (
        lambda r: services.agreement_mission_record(
            actor=None, request=r, on=LATER, experts="Dr A", report="Good", scores=SCORES
        ),
        {S.MISSION_ANNOUNCED},
        S.MISSION_DONE,
    ),
    "share": (
        lambda r: services.agreement_report_share(actor=None, request=r, on=LATER),
        {S.MISSION_DONE},
        S.REPORT_SHARED,
    ),
    "approve": (
        lambda r: services.agreement_approve(actor=None, request=r, on=LATER),
        {S.REPORT_SHARED},
        S.APPROVED,
    ),
    "refuse": (
        lambda r: services.agreement_refuse(actor=None, request=r, on=LATER, reasons="Unsafe"),
        {S.REPORT_SHARED},
        S.REFUSED,
    ),
    "draft": (
        lambda r: services.agreement_draft_send(
            actor=None, request=r, on=LATER, validity_months=36, tariff_schedule="TNR-2026"
        ),
        {S.APPROVED},
        S.DRAFT_SENT,
    ),
    "sign": (
        lambda r: services.agreement_sign(actor=None, request=r, party="fund", on=LATER),
        {S.DRAFT_SENT},
        S.DRAFT_SENT,
    ),
    "suspend": (
        lambda r: services.agreement_suspend(actor=None, request=r, on=LATER, reason="Audit"),
        {S.ACTIVE},
        S.SUSPENDED,
    ),
    "reinstate": (
        lambda r: services.agreement_reinstate(actor=None, request=r, on=LATER, reason="Fixed"),
        {S.SUSPENDED},
        S.ACTIVE,
    ),
    "renew": (
        lambda r: services.agreement_renew(actor=None, request=r, on=LATER, validity_months=12),
        {S.ACTIVE},
        S.ACTIVE,
    ),
    "terminate": (
        lambda r: services.agreement_terminate(actor=None, request=r, on=LATER, reason="Closed"),
        {S.ACTIVE, S.SUSPENDED},
        S.TERMINATED,
    ),
}


def _request_in(make_facility, status) -> AgreementRequest:
    # Test data only: put a request straight into `status`, with every date its step would have set.
    return AgreementRequest.objects.create(
        facility=make_facility(),
        status=status,
        requested_on=DAY,
        directorate_copy="DRS du Trarza",
        due_on=date(2026, 6, 15),
        draft_sent_on=DAY,
        valid_from=DAY,
        valid_to=date(2029, 5, 31),
    )


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(AGREEMENT_ACTIONS))
def test_each_agreement_service_runs_only_from_its_steps(make_facility, status, action):
    call, starts, leads_to = AGREEMENT_ACTIONS[action]
    request = _request_in(make_facility, status)

    if status in starts:
        assert call(request).status == leads_to
        assert request.events.filter(on=LATER).exists()
    else:
        with pytest.raises(DomainError) as caught:
            call(request)
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        request.refresh_from_db()
        assert request.status == status


DIRECT_BILLING_ACTIONS = {
    "grant": (
        lambda a: services.direct_billing_decide(actor=None, access=a, on=LATER, grant=True),
        {D.APPLIED},
        D.GRANTED,
    ),
    "reject": (
        lambda a: services.direct_billing_decide(
            actor=None, access=a, on=LATER, grant=False, reason="No RIB"
        ),
        {D.APPLIED},
        D.REJECTED,
    ),
    "suspend": (
        lambda a: services.direct_billing_suspend(actor=None, access=a, on=LATER, reason="Audit"),
        {D.GRANTED},
        D.SUSPENDED,
    ),
    "reinstate": (
        lambda a: services.direct_billing_reinstate(actor=None, access=a, on=LATER, reason="OK"),
        {D.SUSPENDED},
        D.GRANTED,
    ),
    "terminate": (
        lambda a: services.direct_billing_terminate(actor=None, access=a, on=LATER, reason="Closed"),
        {D.GRANTED, D.SUSPENDED},
        D.TERMINATED,
    ),
}


@pytest.mark.parametrize("status", list(D))
@pytest.mark.parametrize("action", list(DIRECT_BILLING_ACTIONS))
def test_each_direct_billing_service_runs_only_from_its_statuses(make_facility, status, action):
    call, starts, leads_to = DIRECT_BILLING_ACTIONS[action]
    access = DirectBillingAccess.objects.create(
        facility=make_facility("private_clinic", "private"), status=status, applied_on=DAY
    )

    if status in starts:
        assert call(access).status == leads_to
    else:
        with pytest.raises(DomainError) as caught:
            call(access)
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
