"""Fixtures of the fund's pipeline tests: files brought to each queue by the engine itself.

The CNASS profile lists no required document, so these tests make the invoice required for outpatient
care (as CNOPS's list does): a file without it goes to the administrative check. A file billing more than
the profile's medical-review amount (20,000 MRU) goes to the medical review.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from decimal import Decimal

import pytest

from sanad.adjudication import CareType
from sanad.claims.models import BillingFile
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register, billing_files_adjudicate
from sanad.claims.statuses import FileStatus
from sanad.common.permissions import Role
from sanad.providers.models import (
    Facility,
    FacilityStaff,
)
from tests.claims.conftest import CARE_DAY, RECEIVED, agreed_centre, make_member

TODAY = datetime.date(2026, 4, 10)
DUE = RECEIVED + datetime.timedelta(days=30)  # the 30-day processing clock of CNASS
OVER_REVIEW_LIMIT = Decimal("25000.00")

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _invoice_required(_no_random_sample, monkeypatch):
    from sanad.catalog import snapshot

    rules = snapshot.profile_rules
    required = {CareType.OUTPATIENT: frozenset({"invoice"})}
    monkeypatch.setattr(
        snapshot,
        "profile_rules",
        lambda profile: dataclasses.replace(rules(profile), required_documents=required),
    )


@pytest.fixture
def adviser(make_user):
    """Dr Mohamed Lemine reviews files as the fund's medical adviser."""
    return make_user("lemine", Role.MEDICAL_ADVISER, first_name="Mohamed", last_name="Lemine")


@pytest.fixture
def second_checker(make_user):
    """Oumar checks claims in the same office as Khadija."""
    return make_user("oumar", Role.CLAIMS_CHECKER, first_name="Oumar")


@pytest.fixture
def desk(make_user, centre):
    """Fatimetou works at the health centre's desk."""
    user = make_user("fatimetou", Role.FACILITY_STAFF, first_name="Fatimetou")
    FacilityStaff.objects.create(user=user, facility=centre)
    return user


@pytest.fixture
def other_centre(db):
    """A second health centre under agreement, as the first one."""
    return agreed_centre("CS-002", "Centre de santé de Sebkha", "MR-13", "DRS de Nouakchott-Sud")


@pytest.fixture
def make_file(centre, tariff):
    """`make_file(queue)`: a file the engine routed to `queue` (admin_check, medical_review or validated).

    Its clock runs from its receipt: due on `received_on` + 30 days. Each file is for a member of its own
    unless `member` is given: two files of one member billing the same days are copies of each other.
    """

    def make(
        queue: str = FileStatus.ADMIN_CHECK,
        *,
        lines: int = 1,
        received_on: datetime.date = RECEIVED,
        facility: Facility | None = None,
        member=None,
    ) -> BillingFile:
        if queue == FileStatus.MEDICAL_REVIEW:
            amounts = [OVER_REVIEW_LIMIT] + [Decimal("1000.00")] * (lines - 1)
        else:
            amounts = [Decimal("1000.00")] * lines
        day = CARE_DAY
        sheet = CareSheetInput(
            facility_id=(facility or centre).pk,
            member_id=(member or make_member()).pk,
            care_type="outpatient",
            care_date=day,
            diagnosis="J06.9",
            practitioner_name="Dr Sidi Mohamed",
            lines=[
                LineInput(kind="act", code="CON-C", billed=amount, service_date=day + datetime.timedelta(n))
                for n, amount in enumerate(amounts)
            ],
        )
        documents = () if queue == FileStatus.ADMIN_CHECK else ("invoice",)
        billing_file = billing_file_register(
            actor=None,
            sheet=sheet,
            invoice_number=f"R-{next(_serial):05d}",
            received_on=received_on,
            documents=documents,
        )
        BillingFile.objects.filter(pk=billing_file.pk).update(
            due_on=received_on + datetime.timedelta(days=30)
        )
        billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=received_on)
        billing_file.refresh_from_db()
        assert billing_file.status == queue, billing_file.status
        return billing_file

    return make


def due_in(billing_file: BillingFile, days: int) -> BillingFile:
    """Move a file's processing clock so that it ends `days` days from the real today (negative: overdue)."""
    from django.utils import timezone

    due_on = timezone.localdate() + datetime.timedelta(days=days)
    BillingFile.objects.filter(pk=billing_file.pk).update(due_on=due_on)
    billing_file.due_on = due_on
    return billing_file


@pytest.fixture
def envelope(settings, tmp_path):
    """`envelope(file)`: the file's confidential medical envelope and its prescription, as scans."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sanad.claims.models import FileDocument

    settings.MEDIA_ROOT = tmp_path

    def attach(billing_file: BillingFile) -> tuple[FileDocument, FileDocument]:
        secret = FileDocument.objects.create(
            billing_file=billing_file,
            kind="medical_envelope",
            confidential=True,
            scan=SimpleUploadedFile("envelope.pdf", b"%PDF-1.4 confidential", content_type="application/pdf"),
        )
        prescription = FileDocument.objects.create(
            billing_file=billing_file,
            kind="prescription",
            scan=SimpleUploadedFile(
                "ordonnance.pdf", b"%PDF-1.4 prescription", content_type="application/pdf"
            ),
        )
        return secret, prescription

    return attach
