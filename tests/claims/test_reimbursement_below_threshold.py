"""Issue 15, part 2: care below the direct-billing threshold of a fund that has one.

DOMAIN.md, care and claims: "CNOPS: files of 200 MAD or more are paid directly to the facility" (seed 002),
so below 200 MAD the facility does not bill the fund: the insured pays it and files for reimbursement.
"CNSS: in the private sector the patient pays first and then files for reimbursement" (seed 004). CNASS:
"payment is direct (tiers payant)" (seed 000), nothing is filed. The profile says which (`claims.
insured_reimbursed_for`); the reimbursement check, the engine's reason and the form follow it.

One world for the three funds: a consultation worth 150 MAD, a public health centre under agreement (it
bills the fund directly), a private clinic with no agreement, a covered family.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from sanad.catalog.models import Act, BenefitPackageEntry, KeyLetterValue
from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.selectors.reimbursement_choices import reimbursement_facilities
from sanad.claims.selectors.texts import finding_texts
from sanad.claims.services import LineInput, billing_file_register, billing_files_adjudicate
from sanad.claims.services.reimbursements import reimbursement_register
from sanad.claims.statuses import Channel, FileStatus, SubmittedVia
from sanad.common.errors import DomainError, ErrorCode
from sanad.providers.models import DirectBillingAccess, DirectBillingEvent, Facility
from sanad.registry.models import Dependant
from tests.claims.complaints.conftest import (
    CARE_DAY,
    CONSULTATION,
    START,
    TODAY,
    centre_create,
    clinic_create,
    insured_account,
    make_member,
    receipt_scan,
    sheet_for,
)

FUNDS = ("cnass-mr", "cnops-ma", "cnss-ma")
MY_NEW = reverse("claims:my_reimbursement_new")


@pytest.fixture(autouse=True)
def _fund(settings, tmp_path):
    settings.SANAD_FUND = "cnops-ma"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalog(db):
    """The consultation CON-C (key letter C, 150 MAD) in the benefit package of the three funds."""
    KeyLetterValue.objects.create(letter="C", value=CONSULTATION, valid_from=START)
    Act.objects.create(
        code="CON-C",
        label_fr="Consultation",
        category="consultation",
        key_letter="C",
        coefficient=Decimal("1"),
        valid_from=START,
    )
    for fund in FUNDS:
        BenefitPackageEntry.objects.create(fund=fund, code="CON-C", kind="act", valid_from=START)


@pytest.fixture
def centre(db):
    return centre_create()


@pytest.fixture
def clinic(db):
    return clinic_create()


@pytest.fixture
def family(db):
    member = make_member()
    Dependant.objects.create(
        member=member,
        first_name="Youssef",
        last_name=member.last_name,
        sex="M",
        birth_date=datetime.date(2015, 6, 1),
        relationship="child",
    )
    return member


def _lines(*billed: str) -> list[LineInput]:
    return [LineInput(kind="act", code="CON-C", billed=Decimal(b), service_date=CARE_DAY) for b in billed]


def _file(actor, facility, member, *billed: str, number: str = "RC-15"):
    sheet = dataclasses.replace(sheet_for(facility, member=member), lines=_lines(*billed))
    return reimbursement_register(
        actor=actor,
        sheet=sheet,
        receipt_number=number,
        scans=[receipt_scan()],
        submitted_via=SubmittedVia.BRANCH,
        on=TODAY,
    )


def _decision(billing_file: BillingFile) -> FileDecision:
    return FileDecision.objects.get(billing_file=billing_file, is_current=True)


def _shares_add_up(decision: FileDecision) -> None:
    assert decision.fund_share > 0
    assert decision.fund_share + decision.patient_share == decision.billed


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


# ---- What each fund accepts and refuses, by the profile ------------------------------------------------


@pytest.mark.parametrize(
    ("fund", "where", "billed"),
    [
        # CNOPS (seed 002): below 200 MAD at a facility that bills the fund directly, the insured files.
        ("cnops-ma", "centre", ("150.00",)),
        ("cnops-ma", "centre", ("199.99",)),
        # CNSS (seed 004): the patient pays a private facility first, whatever the amount.
        ("cnss-ma", "clinic", ("150.00",)),
        ("cnss-ma", "clinic", ("150.00", "150.00")),
    ],
)
def test_below_200_mad_the_insured_pays_and_files_and_in_private_the_patient_pays_first(
    settings, alice, family, centre, clinic, catalog, fund, where, billed
):
    settings.SANAD_FUND = fund

    billing_file = _file(alice, {"centre": centre, "clinic": clinic}[where], family, *billed)

    billing_file.refresh_from_db()
    assert (billing_file.channel, billing_file.status) == (Channel.REIMBURSEMENT, FileStatus.VALIDATED)
    decision = _decision(billing_file)
    assert (decision.payee, decision.billed) == ("insured", sum(Decimal(b) for b in billed))
    _shares_add_up(decision)
    # A reimbursement file is never refused for the threshold, nor told about it.
    assert "below_direct_billing_threshold" not in {f["code"] for f in decision.findings}


@pytest.mark.parametrize(
    ("fund", "where", "billed", "refusal"),
    [
        # CNOPS (seed 002): from 200 MAD the facility bills the fund; elsewhere nothing was billed directly.
        ("cnops-ma", "centre", ("200.00",), "from 200.00 MAD the facility bills the fund directly"),
        ("cnops-ma", "centre", ("150.00", "150.00"), "This care costs 300.00 MAD"),
        ("cnops-ma", "clinic", ("150.00",), "This facility did not bill the fund directly on"),
        # CNSS (seed 004): a public facility bills the fund directly.
        ("cnss-ma", "centre", ("150.00",), "Only care paid to a private facility is reimbursed"),
        # CNASS (seed 000): tiers payant for every file, nothing to file.
        ("cnass-mr", "centre", ("150.00",), "This fund pays the facilities directly"),
        ("cnass-mr", "clinic", ("150.00",), "This fund pays the facilities directly"),
    ],
)
def test_files_of_200_mad_or_more_are_paid_directly_to_the_facility_and_tiers_payant_files_nothing(
    settings, alice, family, centre, clinic, catalog, fund, where, billed, refusal
):
    settings.SANAD_FUND = fund

    with translation.override("en"), pytest.raises(DomainError) as error:
        _file(alice, {"centre": centre, "clinic": clinic}[where], family, *billed)

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "facility")
    assert refusal in _plain(error.value.message)
    assert not BillingFile.objects.exists()


def test_cnops_the_insured_is_refused_from_200_mad_with_what_to_do(alice, family, centre, catalog):
    with translation.override("fr"), pytest.raises(DomainError) as error:
        _file(alice, centre, family, "250.00")

    message = _plain(error.value.message)
    assert message.startswith("Ces soins coûtent 250,00 MAD : à partir de 200,00 MAD")
    assert message.endswith("L'établissement envoie le dossier à la caisse.")


def test_cnops_a_private_clinic_with_direct_billing_access_is_offered_below_200_mad(
    settings, family, centre, clinic, catalog
):
    """Seed 002: a private clinic bills CNOPS directly once granted the access; it is then offered."""
    access = DirectBillingAccess.objects.create(facility=clinic, status="granted", applied_on=START)
    DirectBillingEvent.objects.create(
        access=access, on=START, action="direct_billing_grant", from_status="applied", to_status="granted"
    )
    elsewhere = Facility.objects.create(
        code="CL-RABAT-09",
        name_fr="Clinique sans tiers payant",
        kind="private_clinic",
        sector="private",
        level="health_centre",
        region="MA-04",
    )

    assert [f.code for f in reimbursement_facilities()] == [clinic.code, centre.code]  # by region, code
    settings.SANAD_FUND = "cnss-ma"  # private care: every private facility, never the public centre
    assert [f.code for f in reimbursement_facilities()] == [elsewhere.code, clinic.code]
    settings.SANAD_FUND = "cnass-mr"
    assert reimbursement_facilities() == []


# ---- The engine's reason on the facility's own file below the threshold --------------------------------


def _direct_file(centre, member, billed: str) -> BillingFile:
    sheet = dataclasses.replace(sheet_for(centre, member=member), lines=_lines(billed))
    billing_file = billing_file_register(actor=None, sheet=sheet, invoice_number="F-0150", received_on=TODAY)
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY)
    billing_file.refresh_from_db()
    return billing_file


def test_cnops_the_facilitys_file_below_200_mad_tells_the_insured_to_pay_and_file(family, centre, catalog):
    billing_file = _direct_file(centre, family, "150.00")
    decision = _decision(billing_file)

    # Wherever the engine puts it: on the file, or on each line of a file it rejects.
    found = [*decision.findings, *(f for line in decision.lines.all() for f in line.findings)]
    assert {f["code"] for f in found} == {"below_direct_billing_threshold"}
    texts = {}
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            reason = finding_texts(found)[0]
        texts[language] = _plain(reason["text"])
    assert texts["en"] == (
        "File total 150.00 MAD is below the direct-billing threshold of 200.00 MAD: the fund does not pay "
        "the facility for it. The insured pays the facility and files for reimbursement at the fund."
    )
    assert texts["fr"] == (
        "Total du dossier 150,00 MAD, sous le seuil de tiers payant de 200,00 MAD : la caisse ne le paie "
        "pas à l'établissement. L'assuré règle l'établissement et dépose sa demande de remboursement à la "
        "caisse."
    )
    # Amounts in the reader's format: a decimal comma in French and Arabic.
    assert "150,00" in texts["ar"] and "200,00" in texts["ar"] and "طلب الاسترداد" in texts["ar"]


def test_cnops_the_facilitys_file_below_200_mad_is_rejected_and_pays_nothing(family, centre, catalog):
    billing_file = _direct_file(centre, family, "150.00")
    decision = _decision(billing_file)

    assert billing_file.status == FileStatus.REJECTED
    assert (decision.fund_share, decision.patient_share) == (Decimal("0.00"), decision.billed)


def test_cnops_the_facilitys_file_of_200_mad_is_paid_to_it(family, centre, catalog):
    billing_file = _direct_file(centre, family, "200.00")
    decision = _decision(billing_file)

    assert decision.payee == "facility"
    assert "below_direct_billing_threshold" not in {f["code"] for f in decision.findings}
    _shares_add_up(decision)


def test_cnops_after_the_facilitys_file_below_200_mad_the_insured_files_and_is_reimbursed(
    alice, family, centre, catalog
):
    """What the reason says to do can be done: the reimbursement of the same care is accepted."""
    _direct_file(centre, family, "150.00")

    reimbursed = _file(alice, centre, family, "150.00")

    reimbursed.refresh_from_db()
    assert reimbursed.status == FileStatus.VALIDATED
    _shares_add_up(_decision(reimbursed))


# ---- Filing through the page and through the counter ---------------------------------------------------


def _form(member, facility_code: str, billed: str, number: str = "FAC-2026-0150") -> dict:
    return {
        "beneficiary": f"M{member.pk}",
        "facility": facility_code,
        "receipt_number": number,
        "care_type": "outpatient",
        "care_date": CARE_DAY.isoformat(),
        "scan_receipt": SimpleUploadedFile("facture.jpg", b"\xff\xd8\xff invoice", "image/jpeg"),
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "30",
        "lines-0-kind": "act",
        "lines-0-code": "CON-C",
        "lines-0-quantity": "1",
        "lines-0-billed": billed,
    }


def _visible(html: str) -> str:
    return _plain(re.sub(r"<[^>]+>", " ", html))


def test_cnops_the_insured_files_online_below_200_mad_at_a_facility_billing_directly(
    client, make_user, family, centre, catalog
):
    client.force_login(insured_account(make_user, family, "fatima"))

    said = _visible(client.get(MY_NEW).content.decode())
    assert "Les soins de moins de 200,00 MAD dans un établissement qui facture la caisse" in said

    done = client.post(MY_NEW, _form(family, centre.code, "150,00"))

    assert done.status_code == 302, _visible(done.content.decode())[:1500]
    billing_file = BillingFile.objects.get()
    assert billing_file.submitted_via == SubmittedVia.SELF_SERVICE
    decision = _decision(billing_file)
    assert decision.payee == "insured"
    _shares_add_up(decision)
    detail = client.get(done["Location"])
    assert detail.status_code == 200 and 'id="to-reimburse"' in detail.content.decode()


def test_cnops_the_page_refuses_200_mad_next_to_the_facility(client, make_user, family, centre, catalog):
    client.force_login(insured_account(make_user, family, "fatima"))

    refused = client.post(MY_NEW, _form(family, centre.code, "200,00"))

    assert refused.status_code == 400
    [error] = refused.context["form"].errors["facility"]
    assert _plain(error).startswith("Ces soins coûtent 200,00 MAD : à partir de 200,00 MAD")
    assert not BillingFile.objects.exists()


def test_cnops_the_counter_files_below_200_mad_for_the_insured(client, alice, family, centre, catalog):
    client.force_login(alice)
    start = client.get(reverse("claims:reimbursement_start"))
    assert "Les soins de moins de 200,00 MAD" in _visible(start.content.decode())
    url = reverse("claims:reimbursement_new", args=[family.registration_number])

    done = client.post(url, _form(family, centre.code, "150,00"))

    assert done.status_code == 302, _visible(done.content.decode())[:1500]
    detail = client.get(done["Location"])
    assert detail.context["file"].submitted_via == SubmittedVia.BRANCH
    assert detail.context["decision"].payee == "insured"
    _shares_add_up(detail.context["decision"])


@pytest.mark.parametrize(
    ("fund", "offered", "says", "not_said"),
    [
        ("cnss-ma", "clinic", "Les soins payés à un établissement privé", "Les soins de moins de"),
        (
            "cnops-ma",
            "centre",
            "Les soins de moins de 200,00 MAD",
            "Les soins payés à un établissement privé",
        ),
    ],
)
def test_the_form_says_what_each_fund_reimburses_and_offers_those_facilities(
    settings, client, alice, family, centre, clinic, catalog, fund, offered, says, not_said
):
    settings.SANAD_FUND = fund
    client.force_login(alice)
    url = reverse("claims:reimbursement_new", args=[family.registration_number])

    html = client.get(url).content.decode()

    facility = {"centre": centre, "clinic": clinic}[offered]
    other = clinic if facility == centre else centre
    assert f'<option value="{facility.code}">' in html
    assert f'<option value="{other.code}"' not in html
    assert says in _visible(html) and not_said not in _visible(html)


def test_cnass_tiers_payant_the_counter_says_there_is_nothing_to_file(settings, client, alice, family):
    settings.SANAD_FUND = "cnass-mr"
    client.force_login(alice)

    start = client.get(reverse("claims:reimbursement_start")).content.decode()
    form = client.get(reverse("claims:reimbursement_new", args=[family.registration_number])).content.decode()

    assert 'id="no-reimbursement"' in start and 'id="no-reimbursement"' in form
    assert 'id="reimbursement-form"' not in form
