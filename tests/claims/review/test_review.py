"""The medical review, line by line: accept, reduce, reject; fund share + patient share = billed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanad.claims.models import FileDecision
from sanad.claims.selectors import billing_file_decision
from sanad.claims.services.review import LineReview, billing_file_review
from sanad.claims.signals import billing_files_decided
from sanad.claims.statuses import FileStatus, ReviewReason
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.claims.review.conftest import TODAY

R = ReviewReason


@pytest.fixture
def in_review(make_file):
    """A file of two lines for the medical adviser: 25,000 MRU billed for a 1,000 MRU consultation (the
    fund pays 900), and a consultation at the tariff (900)."""
    billing_file = make_file(FileStatus.MEDICAL_REVIEW, lines=2)
    first, second = billing_file.care_sheet.lines.order_by("line_no")
    return billing_file, first.pk, second.pk


def amounts_add_up(decision: FileDecision) -> None:
    for outcome in decision.lines.all():
        assert outcome.fund_share + outcome.patient_share == outcome.billed
    assert decision.fund_share + decision.patient_share == decision.billed
    assert decision.fund_share == sum(o.fund_share for o in decision.lines.all())


def test_accepting_every_line_validates_the_file_with_the_engines_amounts(in_review, adviser):
    billing_file, first, second = in_review
    engine = billing_file_decision(file_id=billing_file.pk)

    decision = billing_file_review(
        actor=adviser,
        file_id=billing_file.pk,
        lines=[LineReview(line_id=first, verdict="accept"), LineReview(line_id=second, verdict="accept")],
        on=TODAY,
    )

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED
    assert (decision.source, decision.decided_by, decision.routing) == ("adviser", adviser, "medical_review")
    assert (decision.fund_share, decision.patient_share) == (engine.fund_share, engine.patient_share)
    amounts_add_up(decision)


def test_a_reduced_line_pays_the_new_fund_share_and_the_patient_the_rest(
    in_review, adviser, django_capture_on_commit_callbacks
):
    billing_file, first, second = in_review
    seen = []
    billing_files_decided.connect(
        lambda sender, file_ids, **kw: seen.append(file_ids), weak=False, dispatch_uid="t"
    )

    try:
        with django_capture_on_commit_callbacks(execute=True):
            decision = billing_file_review(
                actor=adviser,
                file_id=billing_file.pk,
                lines=[
                    LineReview(
                        line_id=first,
                        verdict="reduce",
                        fund_share=Decimal("450.00"),
                        reason=R.QUANTITY_EXCESSIVE,
                        note="Une seule consultation justifiée",
                    ),
                    LineReview(line_id=second, verdict="accept"),
                ],
                note="Relu avec le protocole",
                on=TODAY,
            )
    finally:
        billing_files_decided.disconnect(dispatch_uid="t")

    reduced, kept = decision.lines.order_by("line__line_no")
    assert (reduced.status, reduced.fund_share, reduced.patient_share) == (
        "reduced",
        Decimal("450.00"),
        Decimal("24550.00"),
    )
    assert (kept.status, kept.fund_share) == ("accepted", Decimal("900.00"))
    assert [f["code"] for f in reduced.findings] == ["billed_above_tariff", "review_reduced"]
    assert reduced.findings[-1]["params"] == {
        "reason": "quantity_excessive",
        "fund_share_before": "900.00",
        "fund_share": "450.00",
        "note": "Une seule consultation justifiée",
    }
    assert (decision.status, decision.fund_share, decision.note) == (
        "reduced",
        Decimal("1350.00"),
        "Relu avec le protocole",
    )
    amounts_add_up(decision)
    # The engine's decision is kept, no longer current.
    assert list(
        FileDecision.objects.filter(billing_file=billing_file).values_list("source", "is_current")
    ) == [
        ("adviser", True),
        ("engine", False),
    ]
    event = AuditEvent.objects.get(action="billing_file_review", object_id=str(billing_file.pk))
    assert event.before["lines"] == {"1": "900.00", "2": "900.00"}
    assert event.after["lines"] == {"1": "450.00", "2": "900.00"}
    assert event.after["verdicts"]["1"] == {"verdict": "reduce", "reason": "quantity_excessive"}
    assert seen == [[billing_file.pk]]


def test_rejecting_every_line_rejects_the_file(in_review, adviser):
    billing_file, first, second = in_review

    decision = billing_file_review(
        actor=adviser,
        file_id=billing_file.pk,
        lines=[
            LineReview(line_id=first, verdict="reject", reason=R.NOT_PERFORMED),
            LineReview(line_id=second, verdict="reject", reason=R.NOT_JUSTIFIED),
        ],
        on=TODAY,
    )

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.REJECTED
    assert (decision.status, decision.fund_share, decision.patient_share) == ("rejected", 0, decision.billed)
    amounts_add_up(decision)


def test_one_line_kept_keeps_the_file_validated(in_review, adviser):
    billing_file, first, second = in_review

    billing_file_review(
        actor=adviser,
        file_id=billing_file.pk,
        lines=[
            LineReview(line_id=first, verdict="reject", reason=R.NOT_PER_PROTOCOL),
            LineReview(line_id=second, verdict="accept"),
        ],
        on=TODAY,
    )

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED


@pytest.mark.parametrize(
    ("share", "code"),
    [
        (Decimal("900.00"), ErrorCode.INVALID),  # not lower than the engine's
        (Decimal("950.00"), ErrorCode.INVALID),  # above the engine's
        (Decimal("-1.00"), ErrorCode.INVALID),
        (Decimal("100.005"), ErrorCode.INVALID),  # below the currency's unit
        (None, ErrorCode.REQUIRED),
    ],
)
def test_a_reduction_pays_less_than_the_engine_and_at_least_nothing(in_review, adviser, share, code):
    billing_file, first, second = in_review

    with pytest.raises(DomainError) as error:
        billing_file_review(
            actor=adviser,
            file_id=billing_file.pk,
            lines=[
                LineReview(line_id=first, verdict="reduce", fund_share=share, reason=R.TARIFF_EXCEEDED),
                LineReview(line_id=second, verdict="accept"),
            ],
            on=TODAY,
        )

    assert (error.value.code, error.value.field) == (code, f"fund_share_{first}")
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.MEDICAL_REVIEW
    assert FileDecision.objects.filter(billing_file=billing_file).count() == 1


def test_a_reduction_to_nothing_rejects_the_line(in_review, adviser):
    billing_file, first, second = in_review

    decision = billing_file_review(
        actor=adviser,
        file_id=billing_file.pk,
        lines=[
            LineReview(line_id=first, verdict="reduce", fund_share=Decimal("0"), reason=R.NOT_COVERED),
            LineReview(line_id=second, verdict="accept"),
        ],
        on=TODAY,
    )

    outcome = decision.lines.get(line_id=first)
    assert (outcome.status, outcome.fund_share, outcome.patient_share) == ("rejected", 0, outcome.billed)


@pytest.mark.parametrize("verdict", ["reduce", "reject"])
def test_a_reduction_or_a_rejection_needs_a_reason(in_review, adviser, verdict):
    billing_file, first, second = in_review

    with pytest.raises(DomainError) as error:
        billing_file_review(
            actor=adviser,
            file_id=billing_file.pk,
            lines=[
                LineReview(line_id=first, verdict=verdict, fund_share=Decimal("100.00")),
                LineReview(line_id=second, verdict="accept"),
            ],
            on=TODAY,
        )

    assert (error.value.code, error.value.field) == (ErrorCode.REQUIRED, f"reason_{first}")


def test_every_line_gets_a_verdict(in_review, adviser):
    billing_file, first, second = in_review

    with pytest.raises(DomainError) as error:
        billing_file_review(
            actor=adviser,
            file_id=billing_file.pk,
            lines=[LineReview(line_id=first, verdict="accept")],
            on=TODAY,
        )

    assert error.value.field == f"verdict_{second}"


def test_a_verdict_on_another_files_line_is_refused(in_review, make_file, adviser):
    billing_file, first, second = in_review
    other = make_file(FileStatus.MEDICAL_REVIEW).care_sheet.lines.get()

    with pytest.raises(DomainError) as error:
        billing_file_review(
            actor=adviser,
            file_id=billing_file.pk,
            lines=[
                LineReview(line_id=first, verdict="accept"),
                LineReview(line_id=second, verdict="accept"),
                LineReview(line_id=other.pk, verdict="accept"),
            ],
            on=TODAY,
        )

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "lines")


def test_a_claims_checker_cannot_do_the_medical_review(in_review, checker):
    billing_file, first, second = in_review

    with pytest.raises(DomainError) as error:
        billing_file_review(
            actor=checker,
            file_id=billing_file.pk,
            lines=[LineReview(line_id=first, verdict="accept"), LineReview(line_id=second, verdict="accept")],
            on=TODAY,
        )

    assert error.value.code == ErrorCode.FORBIDDEN
