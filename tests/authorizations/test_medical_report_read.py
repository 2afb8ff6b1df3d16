"""Reading the confidential medical report is itself audited (seed 002: the "pli confidentiel" is opened by
the medical adviser only): every opening writes an audit event naming the reader, and the request's
timeline says in plain words who read it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.common.models import AuditEvent
from tests.authorizations.conftest import STAY, submit

pytestmark = pytest.mark.django_db

PAPERS = ("request_form", "confidential_report")


def test_reading_the_medical_report_is_audited(client, clerk, adviser, member, catalogue):
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS)
    report = request.documents.get(code="confidential_report")
    form = request.documents.get(code="request_form")
    client.force_login(adviser)
    for _ in range(2):
        url = reverse("authorizations:request_document", args=[request.reference, report.pk])
        assert client.get(url).status_code == 200
    reads = AuditEvent.objects.filter(action="medical_report_read", actor=adviser)
    assert reads.count() == 2  # every opening, not only the first
    assert {event.object_id for event in reads} == {str(report.pk)}

    # An ordinary paper is not a medical report: opening it writes no read event.
    client.get(reverse("authorizations:request_document", args=[request.reference, form.pk]))
    assert AuditEvent.objects.filter(action="medical_report_read").count() == 2

    timeline = request.events.filter(action="medical_report_read")
    assert timeline.count() == 2 and timeline.first().actor == adviser
    page = client.get(reverse("authorizations:request_detail", args=[request.reference])).content.decode()
    assert "Rapport médical lu par Karim" in page
    assert "medical_report_read" not in page


def test_a_refused_reader_leaves_no_read_of_the_medical_report(client, clerk, member, catalogue):
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS)
    report = request.documents.get(code="confidential_report")
    client.force_login(clerk)
    url = reverse("authorizations:request_document", args=[request.reference, report.pk])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="medical_report_read").exists()
