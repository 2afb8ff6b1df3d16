"""The fund's pipeline pages: each role sees only what it may; queues cost the same queries whatever their
length; the checker and the adviser decide through them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanad.claims.models import InfoRequest
from sanad.claims.services.check import billing_file_reject
from sanad.claims.statuses import FileStatus
from tests.claims.conftest import make_member
from tests.claims.review.conftest import TODAY, due_in

QUEUES = ["claims:fund_check_queue", "claims:fund_review_queue", "claims:fund_overdue"]


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.mark.parametrize("name", QUEUES)
def test_facility_staff_never_see_the_funds_queues(as_user, desk, name):
    assert as_user(desk).get(reverse(name)).status_code == 403


def test_facility_staff_never_see_the_funds_file_page_nor_the_envelope(as_user, desk, make_file, envelope):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    secret, prescription = envelope(billing_file)
    client = as_user(desk)

    assert client.get(reverse("claims:fund_file", args=[billing_file.pk])).status_code == 403
    # Their own file's documents they filed open at the desk; the envelope never does.
    assert client.get(reverse("claims:document_open", args=[prescription.pk])).status_code == 200
    assert client.get(reverse("claims:document_open", args=[secret.pk])).status_code == 403
    response = client.post(reverse("claims:fund_file_action", args=[billing_file.pk, "validate"]))
    assert response.status_code == 403


def test_a_checker_works_the_check_queue_not_the_medical_review(as_user, checker, make_file):
    billing_file = make_file(FileStatus.MEDICAL_REVIEW)
    client = as_user(checker)

    assert client.get(reverse("claims:fund_check_queue")).status_code == 200
    assert client.get(reverse("claims:fund_review_queue")).status_code == 403
    assert client.get(reverse("claims:fund_file_review", args=[billing_file.pk])).status_code == 403


def test_a_medical_adviser_works_the_review_queue_not_the_check(as_user, adviser):
    client = as_user(adviser)

    assert client.get(reverse("claims:fund_review_queue")).status_code == 200
    assert client.get(reverse("claims:fund_check_queue")).status_code == 403


def test_only_medical_advisers_open_the_confidential_envelope(
    as_user, checker, adviser, manager, make_file, envelope
):
    billing_file = make_file(FileStatus.MEDICAL_REVIEW)
    secret, prescription = envelope(billing_file)
    page = reverse("claims:fund_file", args=[billing_file.pk])
    secret_url = reverse("claims:document_open", args=[secret.pk])

    for reader in (checker, manager):
        client = as_user(reader)
        body = client.get(page).content.decode()
        assert secret_url not in body and 'id="withheld"' in body
        assert client.get(secret_url).status_code == 403
        assert client.get(reverse("claims:document_open", args=[prescription.pk])).status_code == 200

    client = as_user(adviser)
    assert secret_url in client.get(page).content.decode()
    response = client.get(secret_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 confidential"
    assert (
        secret_url in client.get(reverse("claims:fund_file_review", args=[billing_file.pk])).content.decode()
    )


def test_reading_the_confidential_envelope_is_audited_on_the_files_trail(
    as_user, checker, adviser, make_file, envelope
):
    """Issue #16, §2: who read a file's confidential medical envelope, and when, is recorded; a refused
    reader and the other documents leave no trace of reading."""
    from sanad.claims.selectors.facility import file_history
    from sanad.common.models import AuditEvent

    billing_file = make_file(FileStatus.MEDICAL_REVIEW)
    secret, prescription = envelope(billing_file)
    as_user(checker).get(reverse("claims:document_open", args=[secret.pk]))
    as_user(checker).get(reverse("claims:document_open", args=[prescription.pk]))
    assert not AuditEvent.objects.filter(action="medical_envelope_read").exists()

    as_user(adviser).get(reverse("claims:document_open", args=[secret.pk]))

    [read] = AuditEvent.objects.filter(action="medical_envelope_read")
    assert read.actor == adviser and read.object_id == str(billing_file.pk)
    [step] = [s for s in file_history(billing_file=billing_file) if s.action == "medical_envelope_read"]
    assert step.label in ("Confidential medical envelope read", "Pli médical confidentiel consulté")


def test_the_queue_shows_each_files_clock_overdue_in_red(as_user, checker, make_file):
    late = due_in(make_file(FileStatus.ADMIN_CHECK), -4)
    fresh = due_in(make_file(FileStatus.ADMIN_CHECK), 12)

    body = as_user(checker).get(reverse("claims:fund_check_queue")).content.decode()

    assert f'data-file="{late.pk}" class="late"' in body
    assert 'data-overdue="1"' in body
    assert 'data-days-left="12"' in body
    assert reverse("claims:fund_file", args=[fresh.pk]) in body


def test_the_overdue_page_lists_late_files_per_step_for_managers(as_user, manager, make_file):
    late = due_in(make_file(FileStatus.MEDICAL_REVIEW), -1)
    on_time = due_in(make_file(FileStatus.MEDICAL_REVIEW), 3)
    client = as_user(manager)

    body = client.get(reverse("claims:fund_overdue"), {"status": "medical_review"}).content.decode()

    assert f'data-file="{late.pk}"' in body
    assert f'data-file="{on_time.pk}"' not in body


@pytest.mark.parametrize(
    ("name", "queue", "user"),
    [
        ("claims:fund_check_queue", FileStatus.ADMIN_CHECK, "checker"),
        ("claims:fund_review_queue", FileStatus.MEDICAL_REVIEW, "adviser"),
        ("claims:fund_overdue", FileStatus.ADMIN_CHECK, "manager"),
    ],
)
def test_a_queue_page_costs_the_same_queries_whatever_its_length(
    request, as_user, make_file, django_assert_max_num_queries, name, queue, user
):
    client = as_user(request.getfixturevalue(user))
    due_in(make_file(queue), -1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(name)).status_code == 200
    for _ in range(6):
        due_in(make_file(queue, member=make_member()), -1)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse(name))

    assert response.content.decode().count("data-file=") == 7


def test_the_file_page_costs_the_same_queries_whatever_the_number_of_lines(
    as_user, checker, make_file, django_assert_max_num_queries
):
    client = as_user(checker)
    small = make_file(FileStatus.ADMIN_CHECK, lines=1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("claims:fund_file", args=[small.pk]))
    big = make_file(FileStatus.ADMIN_CHECK, lines=8, member=make_member())

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("claims:fund_file", args=[big.pk])).status_code == 200


def test_the_file_page_shows_every_decision_the_audit_trail_and_the_reasons(as_user, checker, make_file):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    billing_file_reject(actor=checker, file_id=billing_file.pk, reason="documents_missing", on=TODAY)

    body = as_user(checker).get(reverse("claims:fund_file", args=[billing_file.pk])).content.decode()

    assert 'data-source="engine"' in body and 'data-source="checker"' in body
    assert 'data-action="billing_file_reject"' in body
    assert 'data-code="documents_missing"' in body and 'data-code="review_rejected"' in body
    assert 'id="check-actions"' not in body  # decided: nothing left to do


def test_the_check_actions_are_offered_to_the_checker_while_the_file_is_checked(
    as_user, checker, manager, make_file
):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    url = reverse("claims:fund_file", args=[billing_file.pk])

    assert 'id="check-actions"' in as_user(checker).get(url).content.decode()
    assert 'id="check-actions"' not in as_user(manager).get(url).content.decode()


def test_the_checker_validates_through_the_page(as_user, checker, make_file):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    url = reverse("claims:fund_file_action", args=[billing_file.pk, "validate"])

    response = as_user(checker).post(url, {"validate-note": "Facture reçue par courriel"})

    assert response.status_code == 302
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED


def test_a_rejection_without_reason_shows_the_error_on_the_page(as_user, checker, make_file):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    url = reverse("claims:fund_file_action", args=[billing_file.pk, "reject"])

    response = as_user(checker).post(url, {"reject-reason": "", "reject-note": ""})

    assert response.status_code == 400
    assert 'data-field="reason"' in response.content.decode()
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.ADMIN_CHECK


def test_the_checker_asks_for_documents_through_the_page(as_user, checker, make_file):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    url = reverse("claims:fund_file_action", args=[billing_file.pk, "request"])

    response = as_user(checker).post(url, {"request-documents": ["invoice"], "request-message": "Facture ?"})

    assert response.status_code == 302
    assert InfoRequest.objects.get(billing_file=billing_file).documents == ["invoice"]


def test_the_adviser_reviews_line_by_line_through_the_page(as_user, adviser, make_file):
    billing_file = make_file(FileStatus.MEDICAL_REVIEW, lines=2)
    first, second = billing_file.care_sheet.lines.order_by("line_no")
    url = reverse("claims:fund_file_review", args=[billing_file.pk])
    client = as_user(adviser)
    assert client.get(url).status_code == 200

    refused = client.post(
        url,
        {f"verdict_{first.pk}": "reduce", f"fund_share_{first.pk}": "2000", f"verdict_{second.pk}": "accept"},
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert f'data-field="fund_share_{first.pk}"' in body or f'data-field="reason_{first.pk}"' in body

    response = client.post(
        url,
        {
            f"verdict_{first.pk}": "reduce",
            f"fund_share_{first.pk}": "300.00",
            f"reason_{first.pk}": "quantity_excessive",
            f"verdict_{second.pk}": "accept",
            "note": "",
        },
    )

    assert response.status_code == 302
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED


def test_a_manager_reads_the_file_but_an_action_is_refused_on_the_page(as_user, manager, make_file):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    client = as_user(manager)

    assert client.get(reverse("claims:fund_file", args=[billing_file.pk])).status_code == 200
    response = client.post(reverse("claims:fund_file_action", args=[billing_file.pk, "validate"]), {})

    assert response.status_code == 400
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.ADMIN_CHECK


def test_an_unknown_action_or_file_is_not_found(as_user, checker, make_file):
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    client = as_user(checker)

    assert client.post(reverse("claims:fund_file_action", args=[billing_file.pk, "pay"])).status_code == 404
    assert client.get(reverse("claims:fund_file", args=[987654])).status_code == 404
