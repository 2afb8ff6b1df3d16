"""The appeal of a refusal or an approval with reserve ("recours"): filed once per decision by the facility
(or by a counter agent at a branch for the insured person) within the profile's `appeal_days`, with a
reason; back in the medical review queue under appeal, on the type's answer clock again; decided by another
medical adviser; the decision on appeal marked, counted apart, told to the insured person and audited."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from sanad.authorizations import services
from sanad.authorizations.models import Appeal, AuthorizationRequest, Decision, RequestDocument
from sanad.authorizations.selectors.for_claims import authorizations_for_claims
from sanad.authorizations.selectors.outcomes import decision_outcomes_on
from sanad.authorizations.signals import decision_announced
from sanad.authorizations.statuses import RequestStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.notifications.models import Message
from sanad.notifications.texts import AuthorizationTemplate
from tests.authorizations.conftest import STAY, at, scans, submit

pytestmark = pytest.mark.django_db

PAPERS = ("request_form", "confidential_report")
ITEMS = [services.Item("act", "HOSP-MED", 5)]
START = datetime.date(2026, 3, 7)
DECIDED = at(2026, 3, 3, 9)  # the first answer; CNOPS's 30 days to appeal run to Thursday 2 April 2026
MONDAY = at(2026, 3, 30, 10)  # an appeal filed on Monday 30 March 2026 at 10:00


@pytest.fixture
def second_adviser(make_user):
    """Dr Leila, another medical adviser of the fund."""
    return make_user("leila", Role.MEDICAL_ADVISER, first_name="Leila")


@pytest.fixture
def counter(make_user):
    """Hind keeps the counter of a branch."""
    return make_user("hind", Role.COUNTER_AGENT, first_name="Hind")


def stay(clerk, member):
    return submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS, now=at(2026, 3, 2, 10))


def decide(adviser, request, kind, now=DECIDED):
    extra = {"reasons": ["not_justified"]} if kind == "refused" else {"items": ITEMS, "valid_from": START}
    if kind == "approved_with_reserve":
        extra["conditions"] = "Sous réserve du compte rendu opératoire"
    return services.authorization_decide(actor=adviser, request=request, kind=kind, now=now, **extra)


def appeal(actor, request, now=MONDAY, reason="Le bilan joint montre que l'hospitalisation est nécessaire."):
    return services.authorization_appeal_file(actor=actor, request=request, reason=reason, now=now)


def refused(clerk, member, adviser):
    return decide(adviser, stay(clerk, member), "refused")


def fresh(request) -> AuthorizationRequest:
    return AuthorizationRequest.objects.get(pk=request.pk)


def test_an_appeal_within_the_profiles_period_is_accepted_and_after_it_refused(
    fund, clerk, member, adviser, catalogue
):
    assert fund.profile.authorization_requests.appeal_days == 30
    on_time, late = refused(clerk, member, adviser), refused(clerk, member, adviser)

    filed = appeal(clerk, on_time, now=at(2026, 4, 2, 17))  # the 30th day after 3 March
    assert fresh(on_time).status == RequestStatus.UNDER_APPEAL
    assert filed.decision == on_time.decision and filed.filed_by == clerk and not filed.at_branch

    with pytest.raises(DomainError) as error:
        appeal(clerk, late, now=at(2026, 4, 3, 9))  # the 31st day
    assert error.value.code == ErrorCode.CONFLICT
    assert "02/04/2026" in error.value.message and "30" in error.value.message
    assert fresh(late).status == RequestStatus.REFUSED and not Appeal.objects.filter(request=late).exists()


def test_an_appeal_runs_the_types_answer_clock_again_from_its_filing(clerk, member, adviser, catalogue):
    request = refused(clerk, member, adviser)

    filed = appeal(clerk, request, now=MONDAY)

    # CNOPS answers a stay in 48 working hours: Monday 30 March 10:00 → Wednesday 1 April 10:00.
    assert filed.due_at == at(2026, 4, 1, 10)
    request = fresh(request)
    assert request.due_at == at(2026, 4, 1, 10)
    assert request.received_at == at(2026, 3, 2, 10)  # the first clock stays on record
    assert request.decided_at == DECIDED


def test_only_a_refusal_or_an_approval_with_reserve_can_be_appealed(clerk, member, adviser, catalogue):
    approved = decide(adviser, stay(clerk, member), "approved")
    pending = stay(clerk, member)
    reserve = decide(adviser, stay(clerk, member), "approved_with_reserve")

    for request in (approved, pending):
        with pytest.raises(DomainError) as error:
            appeal(clerk, request)
        assert error.value.code == ErrorCode.CONFLICT
        assert (
            error.value.message == "Seul un refus ou un accord sous réserve peut faire l'objet d'un recours."
        )

    appeal(clerk, reserve)
    assert fresh(reserve).status == RequestStatus.UNDER_APPEAL


def test_a_decision_is_appealed_only_once(clerk, member, adviser, second_adviser, catalogue):
    request = refused(clerk, member, adviser)
    first = appeal(clerk, request)

    with pytest.raises(DomainError) as error:
        appeal(clerk, request, now=MONDAY + datetime.timedelta(hours=1))
    assert error.value.message == (
        "Cette demande est déjà en recours : une décision ne fait l'objet que d'un seul recours."
    )

    decide(second_adviser, request, "refused", now=at(2026, 3, 31, 9))
    with pytest.raises(DomainError) as again:
        appeal(clerk, request, now=at(2026, 4, 1, 9))
    assert again.value.message == (
        "Cette décision a été prise sur recours : elle ne peut pas faire l'objet d'un nouveau recours."
    )
    assert Appeal.objects.filter(request=request).count() == 1

    # Two clerks at once: the database keeps one appeal per decision.
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(request=request, decision=first.decision, reason="bis", filed_at=MONDAY)


def test_the_adviser_who_refused_cannot_decide_the_appeal(clerk, member, adviser, second_adviser, catalogue):
    request = refused(clerk, member, adviser)
    filed = appeal(clerk, request)

    with pytest.raises(DomainError) as error:
        decide(adviser, request, "approved", now=at(2026, 3, 31, 9))
    assert error.value.code == ErrorCode.FORBIDDEN
    assert "un autre médecin conseil tranche le recours" in error.value.message
    assert fresh(request).status == RequestStatus.UNDER_APPEAL

    decided = decide(second_adviser, request, "approved", now=at(2026, 3, 31, 9))

    decision = decided.decision
    assert decided.status == RequestStatus.APPROVED and decision.on_appeal
    assert decision.decided_by == second_adviser
    filed.refresh_from_db()
    assert filed.answer == decision
    actions = list(request.events.order_by("at", "id").values_list("action", flat=True))
    assert actions[-2:] == ["authorization_appeal_file", "authorization_appeal_approve"]
    audited = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"authorization_appeal_file", "authorization_appeal_approve"} <= audited


def test_a_decision_on_appeal_is_marked_and_counted_by_decision_outcomes_on(
    clerk, other_clerk, member, adviser, second_adviser, catalogue, django_assert_num_queries
):
    approved = decide(adviser, stay(clerk, member), "approved")
    to_approve, to_refuse = refused(clerk, member, adviser), refused(clerk, member, adviser)
    reserve = decide(adviser, stay(clerk, member), "approved_with_reserve")
    elsewhere = decide(adviser, stay(other_clerk, member), "refused")
    for request in (to_approve, to_refuse, reserve):
        appeal(clerk, request, now=at(2026, 3, 4, 8))
    next_day = at(2026, 3, 4, 11)
    decide(second_adviser, to_approve, "approved", now=next_day)
    decide(second_adviser, to_refuse, "refused", now=next_day)
    decide(second_adviser, reserve, "approved_with_reserve", now=next_day)
    # A change of an approval is no answer: not counted.
    services.authorization_extend(
        actor=adviser,
        request=approved,
        valid_to=datetime.date(2026, 4, 30),
        reason="Séjour prolongé",
        now=next_day,
    )
    clinic, other = approved.facility_id, elsewhere.facility_id

    with django_assert_num_queries(1):
        first_day = decision_outcomes_on(day=datetime.date(2026, 3, 3))
    second_day = decision_outcomes_on(day=datetime.date(2026, 3, 4))

    assert first_day == {
        (clinic, "approved"): 1,
        (clinic, "refused"): 2,
        (clinic, "approved_with_reserve"): 1,
        (other, "refused"): 1,
    }
    assert second_day == {(clinic, "approved_after_appeal"): 2, (clinic, "refused_after_appeal"): 1}
    assert decision_outcomes_on(day=datetime.date(2026, 3, 5)) == {}
    assert Decision.objects.filter(on_appeal=True).count() == 3


@pytest.fixture
def phone(member):
    member.phone = "+212612345678"
    member.save(update_fields=["phone"])
    return member


def test_the_decision_on_appeal_sms_is_written_in_its_transaction_even_if_the_process_dies_after_commit(
    clerk, phone, adviser, second_adviser, catalogue, django_capture_on_commit_callbacks
):
    request = refused(clerk, phone, adviser)
    appeal(clerk, request)
    told = Message.objects.count()

    # The decision commits, then the process dies: the on-commit callbacks (the send tasks) never run.
    with django_capture_on_commit_callbacks(execute=False):
        decide(second_adviser, request, "approved", now=at(2026, 3, 31, 9))

    message = Message.objects.exclude(pk__in=Message.objects.order_by("pk")[:told].values("pk")).get()
    assert message.template == AuthorizationTemplate.APPROVED and message.recipient == phone.phone
    assert request.reference in message.text


def test_the_decision_on_appeal_and_its_sms_are_undone_together(
    clerk, phone, adviser, second_adviser, catalogue
):
    request = refused(clerk, phone, adviser)
    appeal(clerk, request)
    told = Message.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        decide(second_adviser, request, "approved", now=at(2026, 3, 31, 9))
        assert Message.objects.count() == told + 1
        raise RuntimeError("the decision is undone")

    assert Message.objects.count() == told
    assert fresh(request).status == RequestStatus.UNDER_APPEAL


def test_filing_and_deciding_an_appeal_are_announced_inside_their_transaction(
    clerk, member, adviser, second_adviser, catalogue
):
    heard = []

    def receiver(sender, *, request, outcome, event, **kwargs):
        heard.append((outcome, event.action, transaction.get_connection().in_atomic_block))

    decision_announced.connect(receiver, dispatch_uid="tests.appeals")
    try:
        request = refused(clerk, member, adviser)
        appeal(clerk, request)
        decide(second_adviser, request, "refused", now=at(2026, 3, 31, 9))
    finally:
        decision_announced.disconnect(dispatch_uid="tests.appeals")

    assert heard[-2:] == [
        ("under_appeal", "authorization_appeal_file", True),
        ("refused", "authorization_appeal_refuse", True),
    ]


def test_facility_a_cannot_appeal_facility_bs_request(client, clerk, other_clerk, member, adviser, catalogue):
    request = refused(clerk, member, adviser)

    with pytest.raises(DomainError) as error:
        appeal(other_clerk, request)
    assert error.value.code == ErrorCode.NOT_FOUND

    client.force_login(other_clerk)
    url = reverse("authorizations:request_appeal", args=[request.reference])
    assert client.post(url, {"reason": "Nous contestons."}).status_code == 404
    assert not Appeal.objects.exists() and fresh(request).status == RequestStatus.REFUSED


def test_a_counter_agent_appeals_for_the_insured_person_at_a_branch(
    clerk, counter, member, adviser, catalogue
):
    request = refused(clerk, member, adviser)

    filed = appeal(counter, request, reason="L'assurée conteste le refus à l'agence.")

    assert filed.at_branch and filed.filed_by == counter
    assert fresh(request).status == RequestStatus.UNDER_APPEAL


def test_the_reason_is_required_and_bounded(clerk, member, adviser, catalogue):
    request = refused(clerk, member, adviser)

    with pytest.raises(DomainError) as empty:
        appeal(clerk, request, reason="   ")
    assert (empty.value.code, empty.value.field) == (ErrorCode.REQUIRED, "reason")
    with pytest.raises(DomainError) as long:
        appeal(clerk, request, reason="x" * 2001)
    assert (long.value.code, long.value.field) == (ErrorCode.INVALID, "reason")
    assert fresh(request).status == RequestStatus.REFUSED


def test_an_appeal_brings_new_papers_of_the_requests_checklist(clerk, member, adviser, catalogue):
    request = refused(clerk, member, adviser)
    before = RequestDocument.objects.filter(request=request).count()

    services.authorization_appeal_file(
        actor=clerk,
        request=request,
        reason="Nouveau compte rendu.",
        documents=scans("confidential_report"),
        now=MONDAY,
    )

    added = RequestDocument.objects.filter(request=request).order_by("-id").first()
    assert RequestDocument.objects.filter(request=request).count() == before + 1
    assert added.code == "confidential_report" and added.confidential
    assert fresh(request).events.last().data["documents"] == ["confidential_report"]


def test_an_approval_with_reserve_stays_in_force_for_claims_while_appealed(clerk, member, adviser, catalogue):
    reserve = decide(adviser, stay(clerk, member), "approved_with_reserve")
    appeal(clerk, reserve)

    found = authorizations_for_claims(
        beneficiaries=[reserve.beneficiary], start=START, end=START + datetime.timedelta(days=2)
    )

    assert [(item.reference, item.code, item.quantity) for item in found.approved] == [
        (reserve.reference, "HOSP-MED", 5)
    ]
    assert found.open == []


def test_the_insured_is_told_by_sms_that_the_appeal_is_received_in_its_transaction(
    clerk, phone, adviser, catalogue, django_capture_on_commit_callbacks
):
    request = refused(clerk, phone, adviser)
    told = Message.objects.count()

    with django_capture_on_commit_callbacks(execute=False):
        appeal(clerk, request)

    message = Message.objects.exclude(pk__in=Message.objects.order_by("pk")[:told].values("pk")).get()
    assert message.template == AuthorizationTemplate.APPEAL_RECEIVED and message.recipient == phone.phone
    assert request.reference in message.text and "médecin conseil" in message.text
