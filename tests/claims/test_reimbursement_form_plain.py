"""Issue 14, item 4: the insured's reimbursement form in plain words. The facility is chosen from the
fund's list by its code and name in the reader's language, the care and medicines from the catalog by
their label (the code second), the invoice attached; no code is typed by hand, and a facility outside the
list is refused. The counter's form is the same, with the coefficient an invoice may give."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanad.catalog.models import Act, BenefitPackageEntry, Drug, KeyLetterValue
from sanad.claims.models import BillingFile
from sanad.registry.models import Dependant
from tests.claims.complaints.conftest import (
    CARE_DAY,
    CONSULTATION,
    FUND,
    START,
    centre_create,
    clinic_create,
    insured_account,
    make_member,
)

NEW = reverse("claims:my_reimbursement_new")
CARE = reverse("claims:reimbursement_care_options")
FACILITIES = reverse("claims:reimbursement_facility_options")


@pytest.fixture(autouse=True)
def _fund(settings, tmp_path):
    """CNSS, where the insured pays a private facility first and files for a refund (seed 004)."""
    settings.SANAD_FUND = FUND
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalog(db):
    """A consultation (key letter C, 150 MAD) with an Arabic label, and a medicine."""
    KeyLetterValue.objects.create(letter="C", value=CONSULTATION, valid_from=START)
    Act.objects.create(
        code="CON-C",
        label_fr="Consultation de médecine générale",
        label_ar="استشارة الطب العام",
        category="consultation",
        key_letter="C",
        coefficient=Decimal("1"),
        valid_from=START,
    )
    Drug.objects.create(
        code="DRG-AMOX",
        barcode="6111234567895",
        name="Amoxicilline",
        strength="500 mg",
        form="gélules",
        public_price=Decimal("40.00"),
        reimbursement_base=Decimal("40.00"),
        valid_from=START,
    )
    BenefitPackageEntry.objects.create(fund=FUND, code="CON-C", kind="act", valid_from=START)
    BenefitPackageEntry.objects.create(fund=FUND, code="DRG-AMOX", kind="drug", valid_from=START)


@pytest.fixture
def clinic(db):
    return clinic_create()


@pytest.fixture
def centre(db):
    return centre_create()


@pytest.fixture
def family(db):
    member = make_member()
    Dependant.objects.create(
        member=member,
        first_name="Youssef",
        last_name=member.last_name,
        sex="M",
        birth_date=CARE_DAY.replace(year=2015),
        relationship="child",
    )
    return member


@pytest.fixture
def insured(client, make_user, family):
    client.force_login(insured_account(make_user, family, "fatima"))
    return client


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _filing(family, facility_code: str, **extra) -> dict:
    son = family.dependants.get()
    return {
        "beneficiary": f"D{son.pk}",
        "facility": facility_code,
        "receipt_number": "FAC-2026-0042",
        "care_type": "outpatient",
        "care_date": CARE_DAY.isoformat(),
        "scan_receipt": SimpleUploadedFile("facture.jpg", b"\xff\xd8\xff invoice", "image/jpeg"),
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "30",
        "lines-0-kind": "act",
        "lines-0-find": "consultation",
        "lines-0-code": "CON-C",
        "lines-0-quantity": "1",
        "lines-0-billed": "150,00",
        **{f"lines-{i}-kind": "act" for i in (1, 2)},
        **{f"lines-{i}-quantity": "1" for i in (1, 2)},
        **extra,
    }


def test_the_form_lists_the_private_facilities_by_code_and_name_and_types_no_code(
    insured, clinic, centre, catalog
):
    page = insured.get(NEW)

    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="CL-CASA-01">CL-CASA-01 · Clinique Anfa</option>' in html
    assert "CS-CASA-01" not in html  # a public centre bills the fund directly: not in the list
    assert re.search(r'<optgroup label="Casablanca-Settat">', html)  # grouped under the region's name
    # Nothing a person would type a code into: the facility is a list, the care is chosen from a search.
    assert not re.search(r'<input[^>]+name="facility"', html)
    assert not re.search(r'<input[^>]+type="text"[^>]+name="lines-\d+-code"', html)
    assert 'name="lines-0-coefficient"' not in html  # no nomenclature coefficient asked of the insured


def test_the_facility_list_reads_in_arabic(insured, clinic, catalog):
    insured.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ar"

    html = insured.get(NEW).content.decode()

    assert "CL-CASA-01 · مصحة أنفا" in html


def test_typing_part_of_a_name_narrows_the_facility_list(insured, clinic, catalog):
    found = insured.get(FACILITIES, {"facility_find": "anfa"}).content.decode()
    none = insured.get(FACILITIES, {"facility_find": "zzz"}).content.decode()

    assert "CL-CASA-01 · Clinique Anfa" in found
    assert "CL-CASA-01" not in none and 'data-found="none"' in none


def test_care_is_found_by_its_label_and_chosen_with_its_code_second(insured, catalog):
    query = {"row": "lines-0", "lines-0-kind": "act", "lines-0-find": "médecine", "care_date": CARE_DAY}

    acts = insured.get(CARE, query).content.decode()
    drugs = insured.get(CARE, {**query, "lines-0-kind": "drug", "lines-0-find": "amoxi"}).content.decode()

    assert re.search(
        r'<input type="radio" name="lines-0-code" value="CON-C">\s*Consultation de médecine générale\s*'
        r'<small class="num muted">CON-C</small>',
        acts,
    )
    assert "Amoxicilline 500 mg gélules" in drugs and 'value="DRG-AMOX"' in drugs
    assert insured.get(CARE, {"row": "nope"}).status_code == 400


def test_a_facility_outside_the_list_is_refused(insured, family, clinic, centre, catalog):
    response = insured.post(NEW, _filing(family, centre.code))

    assert response.status_code == 400
    errors = response.context["form"].errors["facility"]
    assert errors == [
        "Choisissez l'établissement dans la liste : la caisse ne rembourse que les soins payés aux "
        "établissements de la liste."
    ]
    assert not BillingFile.objects.exists()


def test_the_insured_files_with_what_was_chosen_from_the_lists(insured, family, clinic, catalog):
    response = insured.post(NEW, _filing(family, clinic.code))

    assert response.status_code == 302, _visible(response.content.decode())[:1500]
    billing_file = BillingFile.objects.get()
    assert billing_file.facility == clinic
    assert [(line.kind, line.code, line.billed) for line in billing_file.care_sheet.lines.all()] == [
        ("act", "CON-C", CONSULTATION)
    ]
    detail = insured.get(response["Location"]).content.decode()
    assert "Consultation de médecine générale" in _visible(detail)  # the file says what was paid for in words


def test_a_line_with_a_search_but_nothing_chosen_asks_to_choose(insured, family, clinic, catalog):
    data = _filing(family, clinic.code)
    del data["lines-0-code"]

    response = insured.post(NEW, data)

    assert response.status_code == 400
    assert response.context["lines"].forms[0].errors["code"] == [
        "Cherchez le soin ou le médicament par son nom, puis choisissez-le dans la liste."
    ]


def test_a_chosen_care_stays_chosen_when_the_form_comes_back(insured, family, clinic, catalog):
    data = _filing(family, clinic.code)
    del data["scan_receipt"]

    response = insured.post(NEW, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'<input type="radio" name="lines-0-code" value="CON-C" checked>', html)
    assert '<option value="CL-CASA-01" selected>' in html
    assert "scan_receipt" in response.context["form"].errors


def test_the_counter_files_the_same_way_with_the_invoice_coefficient(client, alice, family, clinic, catalog):
    client.force_login(alice)
    url = reverse("claims:reimbursement_new", args=[family.registration_number])

    page = client.get(url).content.decode()
    done = client.post(url, _filing(family, clinic.code, **{"lines-0-coefficient": "1"}))

    assert 'name="lines-0-coefficient"' in page
    assert '<option value="CL-CASA-01">CL-CASA-01 · Clinique Anfa</option>' in page
    assert done.status_code == 302
    assert client.get(CARE, {"row": "lines-0", "lines-0-find": "consult"}).status_code == 200


def test_the_lists_are_closed_to_facility_staff(client, make_user, catalog):
    from sanad.common.permissions import Role

    client.force_login(make_user("clerk", Role.FACILITY_STAFF))

    assert client.get(CARE, {"row": "lines-0", "lines-0-find": "consult"}).status_code == 403
    assert client.get(FACILITIES, {"facility_find": "anfa"}).status_code == 403


def test_a_fund_that_pays_facilities_directly_says_so_instead_of_a_form(settings, insured, clinic):
    settings.SANAD_FUND = "cnass-mr"  # insured_reimbursed_for = [] (seed 000: tiers payant)

    page = insured.get(NEW)

    assert page.status_code == 200
    assert 'id="no-reimbursement"' in page.content.decode()
    assert 'id="reimbursement-form"' not in page.content.decode()
