"""The adviser's decisions (issue 17, §4): approve, approve with reserve, refuse with reasons, ask for
information (the clock stops, recorded); then modify, extend, cancel, every step audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.authorizations import services
from sanad.authorizations.models import Decision
from sanad.authorizations.statuses import RequestStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.authorizations.conftest import STAY, at, submit

pytestmark = pytest.mark.django_db

RECEIVED = at(2026, 3, 2, 10)
STAY_ITEMS = [services.Item("act", "HOSP-MED", 5)]


@pytest.fixture
def stay(clerk, member, catalogue):
    return submit(
        clerk,
        member,
        "medical_stay",
        "medical_stay",
        STAY,
        ("request_form", "confidential_report"),
        now=RECEIVED,
    )


def decide(adviser, request, kind="approved", **kw):
    values = {"items": STAY_ITEMS, "valid_from": datetime.date(2026, 3, 7), "now": at(2026, 3, 3, 9), **kw}
    return services.authorization_decide(actor=adviser, request=request, kind=kind, **values)


def test_an_approval_states_what_it_covers_where_and_until_when(adviser, stay):
    request = decide(adviser, stay, amount=Decimal("3000"))
    decision = request.decision
    assert request.status == RequestStatus.APPROVED
    assert (decision.valid_from, decision.valid_to) == (datetime.date(2026, 3, 7), datetime.date(2026, 4, 5))
    assert decision.facility_id == stay.facility_id and decision.counts == "days"
    assert decision.decided_by == adviser and not decision.automatic
    assert request.decided_at == at(2026, 3, 3, 9)


def test_an_approval_with_reserve_writes_its_conditions(adviser, stay):
    with pytest.raises(DomainError) as refused:
        decide(adviser, stay, kind="approved_with_reserve")
    assert refused.value.field == "conditions"
    request = decide(
        adviser, stay, kind="approved_with_reserve", conditions="Sous réserve du compte rendu opératoire"
    )
    assert request.status == RequestStatus.APPROVED_WITH_RESERVE
    assert request.decision.conditions == "Sous réserve du compte rendu opératoire"


def test_a_refusal_gives_its_reason_codes(adviser, stay):
    with pytest.raises(DomainError) as refused:
        decide(adviser, stay, kind="refused", reasons=[])
    assert refused.value.field == "reasons"
    with pytest.raises(DomainError) as other:
        decide(adviser, stay, kind="refused", reasons=["other"])
    assert other.value.field == "note"
    request = decide(adviser, stay, kind="refused", reasons=["not_justified", "documents_insufficient"])
    assert request.status == RequestStatus.REFUSED
    assert request.decision.reasons == ["not_justified", "documents_insufficient"]
    assert not request.decision.items.exists()


def test_an_approval_covers_items_of_the_catalogue(adviser, stay):
    with pytest.raises(DomainError) as refused:
        decide(adviser, stay, items=[services.Item("act", "NOPE", 1)])
    assert refused.value.field == "items"
    with pytest.raises(DomainError):
        decide(adviser, stay, items=[])


def test_oncology_drugs_are_approved_for_three_cycles_at_most(clerk, adviser, member, catalogue):
    values = {
        "diagnosis": "C50.9",
        "protocol": "AC 60",
        "weight_kg": "62",
        "height_cm": "165",
        "dose_per_m2": "60",
        "duration_weeks": "12",
        "cycles": "6",
        "metastatic": "no",
    }
    papers = ("request_form", "medical_report", "pathology_report", "confidential_report")
    request = submit(clerk, member, "chemotherapy", "day_hospital", values, papers, now=RECEIVED)
    with pytest.raises(DomainError) as refused:
        decide(adviser, request, items=[services.Item("drug", "EPO-4000", 6)])
    assert refused.value.field == "items"
    approved = decide(adviser, request, items=[services.Item("drug", "EPO-4000", 3)])
    assert approved.decision.counts == "cycles"


def test_a_request_for_information_stops_the_clock_and_the_answer_resumes_it(clerk, adviser, stay):
    assert stay.due_at == at(2026, 3, 4, 10)
    asked = services.authorization_information_request(
        actor=adviser, request=stay, question="Joindre le bilan biologique.", now=at(2026, 3, 3, 10)
    )
    assert asked.status == RequestStatus.INFORMATION_REQUESTED and asked.due_at is None
    assert asked.paused_at == at(2026, 3, 3, 10)
    answered = services.authorization_information_answer(
        actor=clerk, request=stay, answer="Bilan joint au dossier.", now=at(2026, 3, 9, 9)
    )
    assert answered.status == RequestStatus.PENDING and answered.paused_at is None
    assert answered.due_at == at(2026, 3, 10, 9)
    question = stay.information.get()
    assert (question.asked_by, question.answered_by, question.answer) == (
        adviser,
        clerk,
        "Bilan joint au dossier.",
    )


def test_only_the_requests_facility_answers_a_question(other_clerk, adviser, stay):
    services.authorization_information_request(
        actor=adviser, request=stay, question="?", now=at(2026, 3, 3, 10)
    )
    with pytest.raises(DomainError) as refused:
        services.authorization_information_answer(
            actor=other_clerk, request=stay, answer="!", now=at(2026, 3, 4)
        )
    assert refused.value.code == ErrorCode.NOT_FOUND


def test_facility_staff_cannot_decide(clerk, stay):
    with pytest.raises(DomainError) as refused:
        decide(clerk, stay)
    assert refused.value.code == ErrorCode.FORBIDDEN


def test_a_decided_request_is_not_decided_twice(adviser, stay):
    decide(adviser, stay)
    with pytest.raises(DomainError) as refused:
        decide(adviser, stay, kind="refused", reasons=["not_justified"])
    assert refused.value.code == ErrorCode.CONFLICT


def test_an_approval_is_modified_extended_and_cancelled_each_step_audited(adviser, stay):
    first = decide(adviser, stay).decision
    modified = services.authorization_modify(
        actor=adviser,
        request=stay,
        kind="approved_with_reserve",
        items=[services.Item("act", "HOSP-MED", 8)],
        conditions="Sous réserve du compte rendu d'hospitalisation",
        reason="Séjour prolongé",
        now=at(2026, 3, 5),
    )
    second = modified.decision
    assert (
        second.replaces == first and second.action == "modify" and modified.status == "approved_with_reserve"
    )
    extended = services.authorization_extend(
        actor=adviser,
        request=stay,
        valid_to=datetime.date(2026, 4, 30),
        reason="Rééducation",
        now=at(2026, 3, 6),
    )
    third = extended.decision
    assert third.replaces == second and third.valid_to == datetime.date(2026, 4, 30)
    assert [(i.code, i.quantity) for i in third.items.all()] == [("HOSP-MED", 8)]
    with pytest.raises(DomainError):
        services.authorization_extend(
            actor=adviser, request=stay, valid_to=datetime.date(2026, 4, 1), reason="x"
        )
    cancelled = services.authorization_cancel(actor=adviser, request=stay, reason="Patient transféré")
    assert cancelled.status == RequestStatus.CANCELLED
    assert Decision.objects.filter(request=stay).count() == 3  # what was said stays on record
    actions = list(stay.events.values_list("action", flat=True))
    assert actions[-4:] == [
        "authorization_approve",
        "authorization_modify",
        "authorization_extend",
        "authorization_cancel",
    ]
    audited = set(AuditEvent.objects.filter(object_id=str(stay.pk)).values_list("action", flat=True))
    assert {"authorization_modify", "authorization_extend", "authorization_cancel"} <= audited


def test_a_change_of_an_approval_states_its_reason(adviser, stay):
    decide(adviser, stay)
    with pytest.raises(DomainError) as refused:
        services.authorization_cancel(actor=adviser, request=stay, reason=" ")
    assert refused.value.field == "reason"
