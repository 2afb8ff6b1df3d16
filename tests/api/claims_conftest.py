"""The world of the claims API tests, built by plain functions their fixtures call: the CNASS world of
tests/claims (the Teyarett health centre under agreement, the consultation CON-C at 1,000 MRU), the
centre's clerk, another facility's clerk, the fund's checker and medical adviser, and a family covered
around today (the API works on the day it is called); and the steps facilities' software takes.

As in the pipeline tests, the invoice is a required document of outpatient care: a file with its invoice
scan is validated by the engine, one without goes to the administrative check, one above the
medical-review amount (20,000 MRU) to the medical adviser.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanad.adjudication import CareType
from sanad.catalog.models import Act, BenefitPackageEntry, KeyLetterValue
from sanad.common.permissions import Role
from sanad.providers.models import Facility
from sanad.registry.models import Member
from tests.claims.conftest import CONSULTATION, FUND, START, agreed_centre
from tests.claims.desk.conftest import AROUND_TODAY, family, staff_of

API = "/api/v1/claims"
TODAY = timezone.localdate()
OVER_REVIEW_LIMIT = Decimal("25000.00")
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


def world_rules(settings, monkeypatch, tmp_path) -> None:
    """The fund is CNASS, scans go to a throw-away folder, no random review sample (it draws on ids, which
    differ between databases) and the invoice is required for outpatient care. Each test module calls it
    from an autouse fixture of its own."""
    from sanad.catalog import snapshot

    settings.SANAD_FUND = FUND
    settings.MEDIA_ROOT = tmp_path / "media"
    real = snapshot.profile_rules
    required = {CareType.OUTPATIENT: frozenset({"invoice"})}
    monkeypatch.setattr(
        snapshot,
        "profile_rules",
        lambda profile: dataclasses.replace(real(profile), review_sample_rate=0, required_documents=required),
    )


@dataclasses.dataclass(frozen=True)
class World:
    centre: Facility
    hospital: Facility
    clerk: Any  # Salka keeps the desk of the Teyarett health centre
    other_clerk: Any  # Brahim keeps the desk of the regional hospital: the centre's papers are not his
    checker: Any  # Khadija checks claims and registers the batches received at the fund
    adviser: Any  # Dr Lemine, the fund's medical adviser
    member: Member  # covered around today


def _centre() -> Facility:
    """The Teyarett health centre, under agreement from 2024 to 2027."""
    return agreed_centre("CS-001", "Centre de santé de Teyarett", "MR-12", "DRS de Nouakchott-Nord")


def _tariff() -> None:
    """The consultation CON-C: key letter C worth 1,000 MRU, in the fund's benefit package."""
    KeyLetterValue.objects.create(letter="C", value=CONSULTATION, valid_from=START)
    Act.objects.create(
        code="CON-C",
        label_fr="Consultation",
        category="consultation",
        key_letter="C",
        coefficient=Decimal("1"),
        valid_from=START,
    )
    BenefitPackageEntry.objects.create(fund=FUND, code="CON-C", kind="act", valid_from=START)


def world_make(make_user) -> World:
    centre = _centre()
    _tariff()
    hospital = Facility.objects.create(
        code="HR-KIF",
        name_fr="Hôpital régional de Kiffa",
        kind="regional_hospital",
        sector="public",
        level="regional_hospital",
        region="MR-03",
        network_status="active",
    )
    return World(
        centre=centre,
        hospital=hospital,
        clerk=staff_of(make_user, "salka", centre),
        other_clerk=staff_of(make_user, "brahim", hospital),
        checker=make_user("khadija", Role.CLAIMS_CHECKER, first_name="Khadija"),
        adviser=make_user("lemine", Role.MEDICAL_ADVISER, first_name="Mohamed"),
        member=family(covered=AROUND_TODAY),
    )


def scan(name: str = "invoice.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 a scanned page", content_type="application/pdf")


def sheet_body(member: Member, *, billed: str = "1000.00", day: datetime.date = TODAY, **fields) -> dict:
    """One consultation today for the member, as facilities' software posts it."""
    line = {"kind": "act", "code": "CON-C", "quantity": 1, "billed": billed, "service_date": day.isoformat()}
    return {
        "registration_number": member.registration_number,
        "care_type": "outpatient",
        "care_date": day.isoformat(),
        "diagnosis": "J06.9",
        "practitioner": "Dr Sidi Mohamed",
        "lines": [line],
    } | fields


def billed_file(
    client, member: Member, invoice: str, *, billed: str = "1000.00", papers=("invoice",)
) -> dict:
    """Through the API: a care sheet, its draft billing file and its scans (the logged-in clerk's)."""
    sheet = client.post(
        f"{API}/care-sheets", sheet_body(member, billed=billed), content_type="application/json"
    )
    assert sheet.status_code == 201, sheet.json()
    body = {"care_sheet_id": sheet.json()["id"], "invoice_number": invoice}
    created = client.post(f"{API}/billing-files", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    file_id = created.json()["id"]
    for kind in papers:
        upload = client.post(f"{API}/billing-files/{file_id}/documents", {"kind": kind, "scan": scan()})
        assert upload.status_code == 201, upload.json()
    return created.json()


def submitted_batch(client, file_ids: list[int]) -> dict:
    """Through the API: an outpatient batch of the files, submitted."""
    batch = client.post(f"{API}/batches", {"group": "outpatient"}, content_type="application/json").json()
    added = client.post(
        f"{API}/batches/{batch['id']}/files", {"file_ids": file_ids}, content_type="application/json"
    )
    assert added.status_code == 200, added.json()
    sent = client.post(f"{API}/batches/{batch['id']}/submit")
    assert sent.status_code == 200, sent.json()
    return sent.json()


def received_file(client, clerk, checker, member: Member, invoice: str, **billing) -> int:
    """Through the API: the clerk bills a file and submits it in a batch, the checker receives the batch;
    then the engine decides it (as the task started by the receipt does). Logged in as the checker."""
    from sanad.claims.services import billing_files_adjudicate

    client.force_login(clerk)
    file_id = billed_file(client, member, invoice, **billing)["id"]
    batch = submitted_batch(client, [file_id])
    client.force_login(checker)
    received = client.post(f"{API}/batches/{batch['id']}/receive", {}, content_type="application/json")
    assert received.status_code == 200, received.json()
    billing_files_adjudicate(actor=None, file_ids=[file_id], on=TODAY)
    return file_id


def openapi_document(client) -> dict:
    """The API's OpenAPI document as a signed-in reader gets it (with DEBUG off, as in tests and in
    production, an anonymous caller gets a 401)."""
    from django.contrib.auth import get_user_model

    reader, _ = get_user_model().objects.get_or_create(username="openapi-reader")
    client.force_login(reader)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200, response.content[:200]
    return response.json()
