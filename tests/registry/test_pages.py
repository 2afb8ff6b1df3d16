"""The enrollment wizard, the member page, contributions and receipts, the enrollments' clock."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sanad.common.permissions import Role
from sanad.registry.models import Contribution, Enrollment, Member
from tests.registry.conftest import NATIONAL_ID, PHONE


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def agent(client, alice):
    client.force_login(alice)
    return client


def years_ago(years: int, days: int = 0) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) - datetime.timedelta(days=days)).isoformat()


def person(profile, fund, **fields) -> dict:
    return {
        "first_name": "Aminetou",
        "last_name": "Mint Ahmed",
        "first_name_ar": "أمينتو",
        "last_name_ar": "منت أحمد",
        "sex": "F",
        "birth_date": "1986-05-04",
        "nationality": profile.country,
        "population": "national",
        "phone": PHONE[fund],
        "region": profile.regions[0].code,
        "address": "Tevragh Zeina",
        "photo": photo(),
        **fields,
    }


def documents(kind: str, expires_on: str = "2031-01-01") -> dict:
    return {
        "doc-TOTAL_FORMS": "2",
        "doc-INITIAL_FORMS": "0",
        "doc-0-kind": kind,
        "doc-0-number": "A123456",
        "doc-0-expires_on": expires_on,
        "doc-1-kind": "",
        "doc-1-number": "",
    }


def dependant(relationship: str, birth_date: str, name: str, **fields) -> dict:
    sex = "M" if relationship == "spouse" else "F"
    return {"action": "add", "relationship": relationship, "first_name": name, "last_name": "Ould Ahmed",
            "sex": sex, "birth_date": birth_date, **fields}  # fmt: skip


def step(name: str) -> str:
    return reverse("registry:enroll_step", args=[name])


def test_it_enrolls_a_family_in_four_steps_and_writes_only_at_the_end(agent, fund, profile):
    assert agent.post(step("person"), person(profile, fund)).status_code == 302
    assert agent.post(step("documents"), documents(NATIONAL_ID[fund])).status_code == 302
    spouse_fields = {}
    if profile.dependants.spouse_proof_of_no_profession:
        spouse_fields["no_profession_proof_issued_on"] = "2026-01-01"
    assert (
        agent.post(
            step("dependants"), dependant("spouse", years_ago(38), "Mohamed", **spouse_fields)
        ).status_code
        == 302
    )
    assert agent.post(step("dependants"), dependant("child", years_ago(8), "Fatimetou")).status_code == 302
    assert agent.post(step("dependants"), dependant("child", years_ago(5), "Sidi")).status_code == 302
    assert not Member.objects.exists()
    review = agent.get(step("review"))
    assert "Fatimetou" in review.content.decode()
    response = agent.post(step("review"))
    member = Member.objects.get()
    assert response.url == reverse("registry:member_detail", args=[member.pk])
    assert member.dependants.count() == 3
    assert member.photo and member.documents.get().kind == NATIONAL_ID[fund]
    assert member.phone == PHONE[fund]
    assert Enrollment.objects.get().status == "submitted"
    assert "registry_enrollment" not in agent.session


def test_it_shows_a_phone_of_another_country_next_to_the_field(agent, fund, profile):
    foreign = "+33612345678"
    response = agent.post(step("person"), person(profile, fund, phone=foreign))
    assert response.status_code == 400
    assert 'data-field="phone"' in response.content.decode()


def test_it_offers_the_documents_of_the_population(agent, settings):
    settings.SANAD_FUND = "cnass-mr"
    from sanad.funds import load_profile

    profile = load_profile("cnass-mr")
    agent.post(step("person"), person(profile, "cnass-mr", population="refugee", nationality="ML"))
    page = agent.get(step("documents")).content.decode()
    assert "refugee_card" in page and "national_id_card" not in page


def test_it_blocks_an_expired_document_naming_it(agent, fund, profile):
    agent.post(step("person"), person(profile, fund))
    response = agent.post(step("documents"), documents(NATIONAL_ID[fund], expires_on="2020-01-01"))
    assert response.status_code == 400
    assert 'data-field="documents"' in response.content.decode()
    assert agent.get(step("review")).status_code == 302  # not reachable yet


def test_it_refuses_a_child_of_22_without_certificates_next_to_them(agent, fund, profile):
    agent.post(step("person"), person(profile, fund))
    agent.post(step("documents"), documents(NATIONAL_ID[fund]))
    response = agent.post(step("dependants"), dependant("child", years_ago(22), "Khadija"))
    assert response.status_code == 400
    assert 'data-field="__all__"' in response.content.decode()
    kinds = dict.fromkeys((f"{c}_issued_on" for c in profile.dependants.student_certificates), "2026-09-01")
    response = agent.post(step("dependants"), dependant("child", years_ago(22), "Khadija", **kinds))
    assert response.status_code == 302
    assert len(agent.session["registry_enrollment"]["dependants"]) == 1


def test_it_keeps_counter_pages_from_other_roles(client, make_user):
    client.force_login(make_user("dr", Role.MEDICAL_ADVISER))
    assert client.get(reverse("registry:enroll")).status_code == 403
    assert client.get(reverse("registry:queue")).status_code == 403
    assert client.get(reverse("registry:enrollment_list")).status_code == 200


@pytest.fixture
def enrolled(agent, fund, profile) -> Member:
    agent.post(step("person"), person(profile, fund))
    agent.post(step("documents"), documents(NATIONAL_ID[fund]))
    agent.post(step("dependants"), dependant("child", years_ago(8), "Fatimetou"))
    agent.post(step("review"))
    return Member.objects.get()


def test_it_shows_the_member_with_rights_dependants_and_documents(agent, enrolled):
    page = agent.get(reverse("registry:member_detail", args=[enrolled.pk])).content.decode()
    assert enrolled.registration_number in page
    assert "Fatimetou" in page and "A123456" in page
    assert 'id="member-rights"' in page


def test_it_asks_the_fields_of_the_way_of_paying(agent, enrolled, profile):
    url = reverse("registry:contribution_fields", args=[enrolled.pk])
    assert 'name="operator"' in agent.get(url, {"method": "mobile_money"}).content.decode()
    assert 'name="bank"' in agent.get(url, {"method": "cheque"}).content.decode()
    data = {"paid_on": timezone.localdate().isoformat(), "salary": "8000"}
    if "mobile_money" in profile.contributions.payment_methods:
        data.update(method="mobile_money", operator=profile.contributions.mobile_money_operators[0])
    else:
        data.update(method="bank_transfer")
    response = agent.post(reverse("registry:contribution_add", args=[enrolled.pk]), data)
    assert response.status_code == 400
    assert 'data-field="reference"' in response.content.decode()
    assert not Contribution.objects.exists()


def test_it_records_a_payment_and_prints_its_receipt(agent, enrolled, profile):
    data = {"paid_on": timezone.localdate().isoformat(), "salary": "8000"}
    if "cheque" in profile.contributions.payment_methods:
        data.update(method="cheque", cheque_number="0012345", bank="BMCI")
    else:
        data.update(method="bank_transfer", reference="0012345")
    response = agent.post(reverse("registry:contribution_add", args=[enrolled.pk]), data)
    contribution = Contribution.objects.get()
    assert response.url == reverse("registry:receipt", args=[contribution.pk])
    receipt = agent.get(response.url).content.decode()
    assert contribution.receipt_number in receipt and "0012345" in receipt
    assert "registry/registry.css" in receipt
    stylesheet = Path(finders.find("registry/registry.css")).read_text(encoding="utf-8")
    assert "@media print" in stylesheet


def test_it_lists_waiting_enrollments_with_their_clock_and_the_overdue_ones(agent, enrolled):
    enrollment = enrolled.enrollment
    page = agent.get(reverse("registry:enrollment_list")).content.decode()
    assert enrolled.registration_number in page
    assert (
        enrolled.registration_number
        not in agent.get(reverse("registry:enrollment_list"), {"overdue": "1"}).content.decode()
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    overdue = agent.get(reverse("registry:enrollment_list"), {"overdue": "1"}).content.decode()
    assert enrolled.registration_number in overdue and 'data-overdue="1"' in overdue


def _stashed(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_refused_step_leaves_no_upload_behind(agent, fund, profile, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    refused = agent.post(step("person"), person(profile, fund, phone="+33612345678"))
    assert refused.status_code == 400
    assert _stashed(tmp_path) == []

    assert agent.post(step("person"), person(profile, fund)).status_code == 302
    assert len(_stashed(tmp_path)) == 1  # the accepted step's photo
    agent.post(step("person"), person(profile, fund))  # the photo taken again replaces the first
    assert len(_stashed(tmp_path)) == 1


def test_a_forged_remove_action_on_the_dependants_step_removes_nothing(agent, fund, profile):
    agent.post(step("person"), person(profile, fund))
    agent.post(step("documents"), documents(NATIONAL_ID[fund]))
    agent.post(step("dependants"), dependant("child", years_ago(8), "Fatimetou"))
    for forged in ("remove-abc", "remove-٣", "remove-99", "remove-"):
        assert agent.post(step("dependants"), {"action": forged}).status_code == 302
    assert "Fatimetou" in agent.get(step("review")).content.decode()
