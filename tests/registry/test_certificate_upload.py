"""Issue 3, item 2: the scans of a dependant's supporting certificates, at enrollment and afterwards.

A child who turns 21 loses rights unless the certificates are on file: the counter files them later from the
member's page, and the scans are personal data served only through a view that checks who asks.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sanad.common.permissions import Role
from sanad.common.scans import SCAN_MAX_BYTES
from sanad.registry.models import Dependant, Member, SupportingCertificate
from sanad.registry.services import dependant_add
from tests.registry.conftest import NATIONAL_ID, child
from tests.registry.test_certificate_family import family_enroll
from tests.registry.test_pages import dependant, documents, person, step, years_ago

PDF = b"%PDF-1.4\n% a scanned certificate\n%%EOF\n"
DAY = datetime.timedelta(days=1)


def pdf(name: str = "certificate.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def agent(client, alice):
    client.force_login(alice)
    return client


def pending() -> list[str]:
    if not default_storage.exists("registry/pending"):
        return []
    return default_storage.listdir("registry/pending")[1]


# --- 1. The wizard: a scan per certificate, kept pending until the single submit ---------------------------


def test_it_keeps_a_certificate_scan_pending_until_the_submit(agent, fund, profile):
    agent.post(step("person"), person(profile, fund))
    agent.post(step("documents"), documents(NATIONAL_ID[fund]))
    school = profile.dependants.student_certificates[0]
    fields = {f"{kind}_issued_on": "2026-09-01" for kind in profile.dependants.student_certificates}
    fields[f"{school}_scan"] = pdf("school.pdf")
    response = agent.post(step("dependants"), dependant("child", years_ago(22), "Khadija", **fields))
    assert response.status_code == 302
    assert len(pending()) == 2  # the member's photo and the school certificate's scan
    assert not SupportingCertificate.objects.exists()

    agent.post(step("review"))
    khadija = Dependant.objects.get(first_name="Khadija")
    with_scan = khadija.certificates.get(kind=school)
    assert with_scan.scan.name.startswith("registry/certificates/")
    with with_scan.scan.open("rb") as handle:
        assert handle.read() == PDF
    assert all(not c.scan for c in khadija.certificates.exclude(kind=school))
    assert pending() == []  # copied to their place, the pending files are gone


def test_it_refuses_a_scan_that_is_no_pdf_jpeg_or_png_naming_the_field(agent, fund, profile):
    agent.post(step("person"), person(profile, fund))
    agent.post(step("documents"), documents(NATIONAL_ID[fund]))
    kind = profile.dependants.student_certificates[0]
    fields = {f"{k}_issued_on": "2026-09-01" for k in profile.dependants.student_certificates}
    fields[f"{kind}_scan"] = pdf("school.pdf", b"MZ\x90\x00 not a pdf at all")
    response = agent.post(step("dependants"), dependant("child", years_ago(22), "Khadija", **fields))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-field="{kind}_scan"' in page and "PDF, JPEG" in page
    assert pending() == [agent.session["registry_enrollment"]["person"]["photo"].rsplit("/", 1)[1]]


def test_it_refuses_a_scan_over_the_size_limit(agent, fund, profile):
    agent.post(step("person"), person(profile, fund))
    agent.post(step("documents"), documents(NATIONAL_ID[fund]))
    kind = profile.dependants.student_certificates[0]
    fields = {f"{k}_issued_on": "2026-09-01" for k in profile.dependants.student_certificates}
    fields[f"{kind}_scan"] = pdf("big.pdf", PDF + b"0" * SCAN_MAX_BYTES)
    response = agent.post(step("dependants"), dependant("child", years_ago(22), "Khadija", **fields))
    assert response.status_code == 400
    assert f'data-field="{kind}_scan"' in response.content.decode()
    assert "5 Mo" in response.content.decode()  # the counter reads French first


def test_it_forgets_the_scans_of_a_dependant_removed_before_the_submit(agent, fund, profile):
    agent.post(step("person"), person(profile, fund))
    agent.post(step("documents"), documents(NATIONAL_ID[fund]))
    fields = {f"{k}_issued_on": "2026-09-01" for k in profile.dependants.student_certificates}
    fields[f"{profile.dependants.student_certificates[0]}_scan"] = pdf()
    agent.post(step("dependants"), dependant("child", years_ago(22), "Khadija", **fields))
    assert len(pending()) == 2
    agent.post(step("dependants"), {"action": "remove-0"})
    assert len(pending()) == 1  # the photo stays


# --- 2. The member's page: a certificate filed later, and its scan behind a permission check ---------------


@pytest.fixture
def family(alice, fund) -> Member:
    """A covered family today, and a daughter of 22 added when she was 20: no certificate on file."""
    member = family_enroll(actor=alice)
    today = timezone.localdate()
    born = today.replace(year=today.year - 22) - 10 * DAY
    dependant_add(
        actor=alice,
        member_id=member.pk,
        dependant=child(born, name="Khadija"),
        on=born.replace(year=born.year + 20),
    )
    return member


def daughter(member: Member) -> Dependant:
    return member.dependants.get(first_name="Khadija")


def rights_cell(page: str, dependant: Dependant) -> str:
    row = page[page.index(f'data-dependant="{dependant.pk}"') :]
    return row[row.index("data-rights=") :][:40]


def file_certificate(client, dependant: Dependant, kind: str, **fields):
    today = timezone.localdate()
    data = {
        "kind": kind,
        "issued_on": (today - 30 * DAY).isoformat(),
        "expires_on": (today + 200 * DAY).isoformat(),
        "reference": "LYC-2026-17",
        **fields,
    }
    prefix = f"certificate-{dependant.pk}"
    return client.post(
        reverse("registry:certificate_add", args=[dependant.pk]),
        {f"{prefix}-{k}": v for k, v in data.items()},
    )


def test_a_child_of_22_is_covered_once_the_certificates_are_filed(agent, family, profile):
    khadija = daughter(family)
    url = reverse("registry:member_detail", args=[family.pk])
    page = agent.get(url).content.decode()
    assert 'data-rights="not-covered"' in rights_cell(page, khadija)
    assert f'id="certificate-form-{khadija.pk}"' in page
    table = page[page.index('id="dependants"') : page.index("</table>", page.index('id="dependants"'))]
    assert table.count("<tr data-dependant=") == family.dependants.count() == table.count("<tr") - 1

    for kind in profile.dependants.student_certificates:
        response = file_certificate(agent, khadija, kind, scan=pdf(f"{kind}.pdf"))
        assert response.status_code == 302 and response.url == url

    page = agent.get(url).content.decode()
    assert 'data-rights="covered"' in rights_cell(page, khadija)
    assert set(khadija.certificates.values_list("kind", flat=True)) == set(
        profile.dependants.student_certificates
    )
    assert all(c.scan for c in khadija.certificates.all())


def test_it_shows_the_errors_of_a_certificate_next_to_the_field(agent, family, profile):
    khadija = daughter(family)
    kind = profile.dependants.student_certificates[0]
    today = timezone.localdate()
    response = file_certificate(agent, khadija, kind, expires_on=(today - 60 * DAY).isoformat())
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field="expires_on"' in page and f'id="certificate-form-{khadija.pk}"' in page

    response = file_certificate(agent, khadija, kind, scan=SimpleUploadedFile("notes.txt", b"hello"))
    assert response.status_code == 400 and 'data-field="scan"' in response.content.decode()
    assert not khadija.certificates.exists()


def test_it_offers_only_the_certificates_that_fit_the_dependant(agent, family, profile):
    khadija = daughter(family)
    # A child is not asked for a proof of no profession: the kind is refused next to its field.
    response = file_certificate(agent, khadija, "no_profession_proof")
    assert response.status_code == 400 and 'data-field="kind"' in response.content.decode()
    page = agent.get(reverse("registry:member_detail", args=[family.pk])).content.decode()
    form = page[page.index(f'id="certificate-form-{khadija.pk}"') :]
    form = form[: form.index("</form>")]
    assert 'value="no_profession_proof"' not in form
    assert all(f'value="{kind}"' in form for kind in profile.dependants.student_certificates)


def test_filing_a_certificate_is_kept_from_other_roles(client, make_user, family, profile):
    client.force_login(make_user("dr", Role.MEDICAL_ADVISER))
    khadija = daughter(family)
    page = client.get(reverse("registry:member_detail", args=[family.pk])).content.decode()
    assert "certificate-form-" not in page
    response = file_certificate(client, khadija, profile.dependants.student_certificates[0])
    assert response.status_code == 403
    assert not khadija.certificates.exists()


@pytest.fixture
def scanned(agent, family, profile) -> SupportingCertificate:
    khadija = daughter(family)
    file_certificate(agent, khadija, profile.dependants.student_certificates[0], scan=pdf("school.pdf"))
    return khadija.certificates.get()


def test_the_counter_gets_a_scan_through_the_checked_view_only(agent, scanned, settings):
    page = agent.get(reverse("registry:member_detail", args=[scanned.dependant.member_id])).content.decode()
    url = reverse("registry:certificate_scan", args=[scanned.pk])
    assert f'href="{url}"' in page
    assert settings.MEDIA_URL not in page and scanned.scan.name not in page
    response = agent.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_an_insured_person_of_another_family_gets_404(client, make_user, alice, scanned):
    url = reverse("registry:certificate_scan", args=[scanned.pk])
    other = family_enroll(actor=alice, first_name="Mariem")
    stranger = make_user("insured-other", Role.INSURED)
    Member.objects.filter(pk=other.pk).update(user=stranger)
    client.force_login(stranger)
    assert client.get(url).status_code == 404

    # The family's own insured person may see it; staff without the register's view may not.
    own = make_user("insured-own", Role.INSURED)
    Member.objects.filter(pk=scanned.dependant.member_id).update(user=own)
    client.force_login(own)
    assert client.get(url).status_code == 200
    client.force_login(make_user("desk", Role.FACILITY_STAFF))
    assert client.get(url).status_code == 404


def test_a_scan_asks_for_a_login(client, scanned):
    client.logout()
    response = client.get(reverse("registry:certificate_scan", args=[scanned.pk]))
    assert response.status_code == 302 and "login" in response.url
