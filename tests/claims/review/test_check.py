"""The administrative check: papers asked for, passing to the medical review, validation, rejection."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanad.claims.models import FileDecision, InfoRequest, LineOutcome
from sanad.claims.selectors import billing_file_decision
from sanad.claims.services.check import (
    billing_file_info_request,
    billing_file_reject,
    billing_file_route_medical_review,
    billing_file_validate,
    confirmed_status,
)
from sanad.claims.signals import billing_files_decided
from sanad.claims.statuses import FileStatus, ReviewReason
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.claims.review.conftest import DUE, TODAY


@pytest.fixture
def decided(request):
    """The file ids each billing_files_decided signal carried."""
    seen: list[list[int]] = []

    def receiver(sender, file_ids, **kwargs):
        seen.append(list(file_ids))

    billing_files_decided.connect(receiver, weak=False)
    request.addfinalizer(lambda: billing_files_decided.disconnect(receiver))
    return seen


def events(billing_file, action):
    return list(AuditEvent.objects.filter(object_id=str(billing_file.pk), action=action))


def test_a_request_for_documents_is_recorded_audited_and_pauses_nothing(make_file, checker):
    billing_file = make_file(FileStatus.ADMIN_CHECK)

    request = billing_file_info_request(
        actor=checker,
        file_id=billing_file.pk,
        documents=["invoice", "prescription"],
        message="Merci d'envoyer la facture signée.",
        on=TODAY,
    )

    billing_file.refresh_from_db()
    assert (billing_file.status, billing_file.due_on) == (FileStatus.ADMIN_CHECK, DUE)  # the clock runs on
    stored = InfoRequest.objects.get(billing_file=billing_file)
    assert stored == request
    assert (stored.documents, stored.asked_by, stored.asked_on) == (
        ["invoice", "prescription"],
        checker,
        TODAY,
    )
    [event] = events(billing_file, "billing_file_info_request")
    assert event.actor == checker
    assert event.after["documents"] == ["invoice", "prescription"]


def test_a_request_names_known_documents_or_says_something(make_file, checker):
    billing_file = make_file(FileStatus.ADMIN_CHECK)

    with pytest.raises(DomainError) as unknown:
        billing_file_info_request(
            actor=checker, file_id=billing_file.pk, documents=["selfie"], message="", on=TODAY
        )
    with pytest.raises(DomainError) as empty:
        billing_file_info_request(actor=checker, file_id=billing_file.pk, documents=[], message=" ", on=TODAY)

    assert (unknown.value.code, unknown.value.field) == (ErrorCode.INVALID, "documents")
    assert (empty.value.code, empty.value.field) == (ErrorCode.REQUIRED, "documents")
    assert not InfoRequest.objects.exists()


def test_papers_are_not_asked_for_a_decided_file(make_file, checker):
    billing_file = make_file(FileStatus.VALIDATED)

    with pytest.raises(DomainError) as error:
        billing_file_info_request(
            actor=checker, file_id=billing_file.pk, documents=["invoice"], message="", on=TODAY
        )

    assert error.value.code == ErrorCode.ILLEGAL_TRANSITION


def test_the_checker_passes_a_file_to_the_medical_review_without_deciding_it(make_file, checker, decided):
    billing_file = make_file(FileStatus.ADMIN_CHECK)

    billing_file_route_medical_review(
        actor=checker, file_id=billing_file.pk, note="Protocole à vérifier", on=TODAY
    )

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.MEDICAL_REVIEW
    assert FileDecision.objects.filter(billing_file=billing_file).count() == 1  # still the engine's
    [event] = events(billing_file, "billing_file_route_medical_review")
    assert (event.before, event.after["status"]) == ({"status": "admin_check"}, "medical_review")
    assert decided == []


def test_validating_keeps_the_engines_amounts_in_a_decision_of_the_checker(
    make_file, checker, decided, django_capture_on_commit_callbacks
):
    billing_file = make_file(FileStatus.ADMIN_CHECK, lines=2)
    engine = billing_file_decision(file_id=billing_file.pk)

    with django_capture_on_commit_callbacks(execute=True):
        decision = billing_file_validate(
            actor=checker, file_id=billing_file.pk, note="Facture reçue", on=TODAY
        )

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED
    assert billing_file_decision(file_id=billing_file.pk) == decision
    assert (decision.source, decision.decided_by, decision.note) == ("checker", checker, "Facture reçue")
    assert (decision.billed, decision.fund_share, decision.patient_share) == (
        engine.billed,
        engine.fund_share,
        engine.patient_share,
    )
    # The lines the engine held for the missing invoice are confirmed as they stood.
    assert [(o.status, o.fund_share) for o in decision.lines.all()] == [("accepted", Decimal("900.00"))] * 2
    engine.refresh_from_db()
    assert not engine.is_current
    [event] = events(billing_file, "billing_file_validate")
    assert (event.before["file_status"], event.after["file_status"]) == ("admin_check", "validated")
    assert decided == [[billing_file.pk]]


def test_rejecting_a_file_pays_nothing_and_keeps_every_reason(
    make_file, checker, decided, django_capture_on_commit_callbacks
):
    billing_file = make_file(FileStatus.ADMIN_CHECK, lines=2)

    with django_capture_on_commit_callbacks(execute=True):
        decision = billing_file_reject(
            actor=checker,
            file_id=billing_file.pk,
            reason=ReviewReason.DOCUMENTS_MISSING,
            note="Facture jamais reçue",
            on=TODAY,
        )

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.REJECTED
    assert (decision.status, decision.source, decision.decided_by) == ("rejected", "checker", checker)
    assert (decision.fund_share, decision.patient_share) == (Decimal("0.00"), decision.billed)
    for outcome in decision.lines.all():
        assert (outcome.status, outcome.fund_share, outcome.patient_share) == ("rejected", 0, outcome.billed)
        codes = [f["code"] for f in outcome.findings]
        assert codes == ["documents_missing", "review_rejected"]  # the engine's reason stays
        assert outcome.findings[-1]["params"]["reason"] == "documents_missing"
    [event] = events(billing_file, "billing_file_reject")
    assert (event.after["reason"], event.after["fund_share"]) == ("documents_missing", "0.00")
    assert decided == [[billing_file.pk]]


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [("", "", "reason"), ("made_up", "", "reason"), (ReviewReason.OTHER, " ", "note")],
)
def test_a_rejection_gives_a_reason_of_the_list_and_other_needs_a_note(
    make_file, checker, reason, note, field
):
    billing_file = make_file(FileStatus.ADMIN_CHECK)

    with pytest.raises(DomainError) as error:
        billing_file_reject(actor=checker, file_id=billing_file.pk, reason=reason, note=note, on=TODAY)

    assert error.value.field == field
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.ADMIN_CHECK


def test_facility_staff_may_not_decide_a_file(make_file, desk):
    billing_file = make_file(FileStatus.ADMIN_CHECK)

    with pytest.raises(DomainError) as error:
        billing_file_validate(actor=desk, file_id=billing_file.pk, on=TODAY)

    assert error.value.code == ErrorCode.FORBIDDEN


def test_a_checker_may_not_decide_a_file_in_the_medical_review(make_file, checker):
    billing_file = make_file(FileStatus.MEDICAL_REVIEW)

    with pytest.raises(DomainError) as error:
        billing_file_validate(actor=checker, file_id=billing_file.pk, on=TODAY)

    assert error.value.code == ErrorCode.FORBIDDEN
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.MEDICAL_REVIEW


def test_a_medical_adviser_may_not_work_the_administrative_check(make_file, adviser):
    billing_file = make_file(FileStatus.ADMIN_CHECK)

    with pytest.raises(DomainError) as error:
        billing_file_route_medical_review(actor=adviser, file_id=billing_file.pk, on=TODAY)

    assert error.value.code == ErrorCode.FORBIDDEN


def test_a_file_decided_already_says_who_decided_it(make_file, checker, second_checker):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    billing_file_validate(actor=checker, file_id=billing_file.pk, on=TODAY)

    with pytest.raises(DomainError) as error:
        billing_file_reject(
            actor=second_checker, file_id=billing_file.pk, reason=ReviewReason.NOT_JUSTIFIED, on=TODAY
        )

    assert error.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert "Khadija" in error.value.message
    assert FileDecision.objects.filter(billing_file=billing_file, source="checker").count() == 1


def test_an_unknown_file_is_not_found(db, checker):
    with pytest.raises(DomainError) as error:
        billing_file_validate(actor=checker, file_id=987654, on=TODAY)

    assert error.value.code == ErrorCode.NOT_FOUND


def test_a_file_the_fund_pays_nothing_on_is_rejected_not_validated(make_file, checker):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    LineOutcome.objects.filter(decision__billing_file=billing_file).update(
        fund_share=Decimal("0.00"), patient_share=Decimal("1000.00")
    )

    with pytest.raises(DomainError) as error:
        billing_file_validate(actor=checker, file_id=billing_file.pk, on=TODAY)

    assert (error.value.code, error.value.field) == (ErrorCode.CONFLICT, "status")
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.ADMIN_CHECK


@pytest.mark.parametrize(
    ("status", "fund_share", "codes", "confirmed"),
    [
        ("to_review", "900.00", ["documents_missing"], "accepted"),
        ("to_review", "900.00", ["documents_missing", "billed_above_tariff"], "reduced"),
        ("to_review", "0.00", ["no_tariff"], "rejected"),
        ("reduced", "450.00", ["pyramid_penalty"], "reduced"),
    ],
)
def test_a_line_held_for_review_is_confirmed_as_its_reasons_and_amounts_say(
    status, fund_share, codes, confirmed
):
    outcome = LineOutcome(
        status=status,
        billed=Decimal("1000.00"),
        fund_share=Decimal(fund_share),
        findings=[{"code": code, "rule": "", "params": {}} for code in codes],
    )

    assert confirmed_status(outcome) == confirmed
