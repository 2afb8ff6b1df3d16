"""Submitting (issue 17, §2): the type decides the form, an emergency is accepted only up to the profile's
limit, the facility submits for its own patients only, a repeat of an idempotency key writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.authorizations.models import AuthorizationRequest, RequestDocument
from sanad.authorizations.reasons import RefusalReason
from sanad.authorizations.services import authorization_documents_add
from sanad.authorizations.statuses import RequestStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.authorizations.conftest import STAY, at, scans, submit

pytestmark = pytest.mark.django_db

STAY_PAPERS = ("request_form", "confidential_report")
SATURDAY = datetime.date(2026, 3, 7)


def test_an_emergency_on_saturday_is_accepted_on_monday(clerk, member):
    request = submit(
        clerk,
        member,
        "medical_stay",
        "medical_stay",
        STAY,
        STAY_PAPERS,
        emergency=True,
        act_date=SATURDAY,
        now=at(2026, 3, 9, 17),
    )
    assert request.status == RequestStatus.PENDING
    assert request.due_at == at(2026, 3, 11, 17)


def test_an_emergency_on_saturday_is_refused_on_wednesday_with_its_reason(clerk, member):
    request = submit(
        clerk,
        member,
        "medical_stay",
        "medical_stay",
        STAY,
        STAY_PAPERS,
        emergency=True,
        act_date=SATURDAY,
        now=at(2026, 3, 11, 9),
    )
    assert request.status == RequestStatus.REFUSED
    assert request.decision.automatic and request.decision.rule == "emergency_request_clock"
    assert request.decision.reasons == [RefusalReason.LATE_EMERGENCY]
    assert request.due_at is None


def test_an_emergency_completed_too_late_is_refused(clerk, member):
    returned = submit(
        clerk,
        member,
        "medical_stay",
        "medical_stay",
        STAY,
        ("request_form",),
        emergency=True,
        act_date=SATURDAY,
        now=at(2026, 3, 9, 12),
    )
    assert returned.status == RequestStatus.RETURNED
    completed = authorization_documents_add(
        actor=clerk, request=returned, documents=scans("confidential_report"), now=at(2026, 3, 10, 9)
    )
    assert completed.status == RequestStatus.REFUSED


def test_a_type_asked_before_the_care_is_no_emergency(clerk, member):
    values = {"device_code": "PROT-HANCHE", "quantity": "1", "quote_amount": "18000"}
    with pytest.raises(DomainError) as refused:
        submit(
            clerk,
            member,
            "device",
            "outpatient",
            values,
            emergency=True,
            act_date=SATURDAY,
            now=at(2026, 3, 9),
        )
    assert refused.value.field == "emergency"


def test_the_form_must_match_the_admission(clerk, member):
    with pytest.raises(DomainError) as refused:
        submit(clerk, member, "medical_stay", "surgery", STAY, STAY_PAPERS, now=at(2026, 3, 9))
    assert refused.value.field == "admission"
    assert "Hospitalisation en médecine" in refused.value.message
    assert not AuthorizationRequest.objects.exists()


def test_a_value_outside_its_bounds_is_refused_at_its_field(clerk, member):
    with pytest.raises(DomainError) as refused:
        submit(
            clerk,
            member,
            "medical_stay",
            "medical_stay",
            {**STAY, "expected_days": "120"},
            now=at(2026, 3, 9),
        )
    assert refused.value.field == "field_expected_days"


def test_a_required_value_left_empty_names_its_field(clerk, member):
    with pytest.raises(DomainError) as refused:
        submit(clerk, member, "medical_stay", "medical_stay", {**STAY, "diagnosis": " "}, now=at(2026, 3, 9))
    assert refused.value.code == ErrorCode.REQUIRED and refused.value.field == "field_diagnosis"


def test_a_chemotherapy_request_keeps_the_body_surface_area(clerk, member):
    values = {
        "diagnosis": "C50.9",
        "protocol": "AC 60",
        "weight_kg": "62",
        "height_cm": "165",
        "dose_per_m2": "60",
        "duration_weeks": "12",
        "cycles": "4",
        "metastatic": "no",
    }
    request = submit(clerk, member, "chemotherapy", "day_hospital", values, now=at(2026, 3, 9))
    assert request.body_surface_area == Decimal("1.69")


def test_a_facility_submits_for_itself_only(clerk, other_clerk, member):
    from sanad.authorizations import services

    data = services.RequestInput(
        facility_id=clerk.facility_staff.facility.pk,
        member_id=member.pk,
        request_type="medical_stay",
        admission="medical_stay",
        values=STAY,
    )
    with pytest.raises(DomainError) as refused:
        services.authorization_submit(actor=other_clerk, data=data, now=at(2026, 3, 9))
    assert refused.value.code == ErrorCode.FORBIDDEN


def test_pharmacies_submit_their_own_requests_and_only_they(clerk, pharmacist, member):
    values = {
        "provider_identifier": "INPE-77",
        "drug_code": "PARA-500",
        "quantity": "2",
        "prescription_date": "2026-03-02",
    }
    with pytest.raises(DomainError) as refused:
        submit(clerk, member, "pharmacy_drug", "pharmacy", values, now=at(2026, 3, 9))
    assert refused.value.field == "request_type"
    request = submit(pharmacist, member, "pharmacy_drug", "pharmacy", values, now=at(2026, 3, 9))
    assert request.channel == "pharmacy"


def test_the_confidential_report_is_stored_confidential(clerk, member):
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, STAY_PAPERS, now=at(2026, 3, 9))
    kept = {doc.code: doc.confidential for doc in RequestDocument.objects.filter(request=request)}
    assert kept == {"request_form": False, "confidential_report": True}
    assert all("Benali" not in doc.scan.name for doc in request.documents.all())


def test_a_paper_not_on_the_checklist_is_refused(clerk, member):
    with pytest.raises(DomainError) as refused:
        submit(clerk, member, "medical_stay", "medical_stay", STAY, ("quote",), now=at(2026, 3, 9))
    assert refused.value.field == "document_quote"


def test_a_returned_request_starts_its_clock_when_completed(clerk, member):
    returned = submit(
        clerk, member, "medical_stay", "medical_stay", STAY, ("request_form",), now=at(2026, 3, 6, 16)
    )
    assert returned.missing == ["confidential_report"] and returned.due_at is None
    completed = authorization_documents_add(
        actor=clerk, request=returned, documents=scans("confidential_report"), now=at(2026, 3, 9, 10)
    )
    assert completed.status == RequestStatus.PENDING
    assert completed.received_at == at(2026, 3, 9, 10)
    assert completed.due_at == at(2026, 3, 11, 10)
    actions = list(completed.events.values_list("action", flat=True))
    assert actions == [
        "authorization_submit",
        "authorization_return",
        "authorization_document_add",
        "authorization_resubmit",
    ]


def test_a_repeated_idempotency_key_returns_the_first_request(clerk, member):
    first = submit(
        clerk,
        member,
        "medical_stay",
        "medical_stay",
        STAY,
        STAY_PAPERS,
        idempotency_key="k-1",
        now=at(2026, 3, 9),
    )
    again = submit(
        clerk,
        member,
        "medical_stay",
        "medical_stay",
        STAY,
        STAY_PAPERS,
        idempotency_key="k-1",
        now=at(2026, 3, 9),
    )
    assert again.pk == first.pk
    assert AuthorizationRequest.objects.count() == 1


def test_every_submission_is_audited_with_its_reference(clerk, member):
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, STAY_PAPERS, now=at(2026, 3, 9))
    assert request.reference == f"PEC-2026-{request.pk:06d}"
    audit = AuditEvent.objects.filter(action="authorization_submit", object_id=str(request.pk)).get()
    assert audit.actor == clerk and audit.after["reference"] == request.reference
