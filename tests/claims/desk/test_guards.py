"""The guards at the desk's door: a care sheet's dates never in the future, never before the beneficiary's
birth nor the facility's agreement; its amounts in figures, within their bounds and the currency's decimals.
The service refuses (so the page and the API both do), the refusal names the field and the rule in the
reader's language, and nothing is saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings

from sanad.claims.models import BillingFile, CareSheet, CareSheetLine
from sanad.claims.services.register import LineInput, billing_file_register, care_sheet_open
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import GuardError
from sanad.registry.models import Dependant
from tests.claims.conftest import CARE_DAY, CONSULTATION
from tests.claims.desk.conftest import AROUND_TODAY, TODAY, family, sheet
from tests.claims.desk.test_pages import CONSULT, new_sheet_url, sheet_form

DAY = datetime.timedelta(days=1)
API = "/api/v1/claims"


@pytest.fixture
def member(db):
    return family()


def refused(clerk, data) -> DomainError:
    with pytest.raises(DomainError) as caught:
        care_sheet_open(actor=clerk, sheet=data)
    assert not CareSheet.objects.exists() and not CareSheetLine.objects.exists()
    return caught.value


def one_line(day=CARE_DAY, billed=CONSULTATION) -> list[LineInput]:
    return [LineInput(kind="act", code="CON-C", billed=billed, service_date=day)]


# ---- Dates -------------------------------------------------------------------------------------------


def test_care_date_in_future_is_refused(clerk, centre, tariff):
    member = family(covered=AROUND_TODAY)
    tomorrow = TODAY + 2 * DAY

    error = refused(clerk, sheet(member, centre, care_date=tomorrow, lines=one_line(TODAY)))

    assert (error.code, error.field) == (ErrorCode.INVALID, "care_date")
    assert error.message.startswith("Date des soins")
    assert "une date dans le futur est refusée" in error.message


def test_service_date_in_future_is_refused_naming_its_line(clerk, centre, tariff):
    member = family(covered=AROUND_TODAY)
    lines = [*one_line(TODAY), *one_line(TODAY + 2 * DAY)]

    error = refused(clerk, sheet(member, centre, care_date=TODAY, lines=lines))

    assert error.field == "lines-1-service_date"
    assert error.message.startswith("Ligne 2, date de la prestation")


def test_care_date_before_the_beneficiarys_birth_is_refused(clerk, centre, tariff, member):
    child = Dependant.objects.create(
        member=member,
        first_name="Sidi",
        last_name="Ould Ahmed",
        sex="M",
        birth_date=CARE_DAY + DAY,
        relationship="child",
    )

    error = refused(clerk, sheet(member, centre, member_id=None, dependant_id=child.pk))

    assert (error.code, error.field) == (ErrorCode.INVALID, "care_date")
    assert "naissance" in error.message


def test_care_date_before_the_facilitys_agreement_is_refused(clerk, centre, tariff, member):
    before = datetime.date(2023, 12, 31)  # the centre's agreement starts on 1 January 2024

    error = refused(clerk, sheet(member, centre, care_date=before, lines=one_line(before)))

    assert (error.code, error.field) == (ErrorCode.INVALID, "care_date")
    assert "01/01/2024" in error.message


def test_a_file_received_in_the_future_is_refused_at_the_fund(centre, tariff, member):
    with pytest.raises(GuardError) as caught:
        billing_file_register(
            actor=None, sheet=sheet(member, centre), invoice_number="F-1", received_on=TODAY + 2 * DAY
        )

    assert caught.value.field == "received_on"
    assert not BillingFile.objects.exists()


# ---- Amounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("billed", "words"),
    [
        (Decimal("1e9"), "20 000 000,00 MRU"),
        (Decimal("-1000"), "négatif"),
        (Decimal("1000.005"), "au plus 2 décimales en MRU"),
    ],
    ids=["1e9", "negative", "three-decimals"],
)
def test_an_amount_of_1e9_negative_or_with_three_decimals_is_refused_naming_its_line(
    clerk, centre, tariff, member, billed, words
):
    error = refused(clerk, sheet(member, centre, lines=one_line(billed=billed)))

    assert (error.code, error.field) == (ErrorCode.INVALID, "lines-0-billed")
    assert error.message.startswith("Ligne 1, montant facturé")
    assert words in error.message.replace("\xa0", " ")


def test_a_file_registered_by_the_fund_passes_the_same_guard_of_amounts(centre, tariff, member):
    data = sheet(member, centre, lines=one_line(billed=Decimal("1e9")))

    with pytest.raises(GuardError) as caught:
        billing_file_register(actor=None, sheet=data, invoice_number="F-1", received_on=CARE_DAY + DAY)

    assert caught.value.field == "lines-0-billed"


# ---- On the page and in the API ----------------------------------------------------------------------


def test_the_page_shows_each_refusal_beside_its_field_in_french(client, clerk, centre, shelf):
    member = family(covered=AROUND_TODAY)
    client.force_login(clerk)
    future = (TODAY + 2 * DAY).isoformat()

    response = client.post(new_sheet_url(member), sheet_form([CONSULT | {"billed": "1e9"}], care_date=future))

    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-field="care_date"' in page and "une date dans le futur est refusée" in page
    assert 'data-field="lines-0-billed"' in page and "tapez le montant en chiffres" in page
    assert not CareSheet.objects.exists()


def test_the_page_refuses_in_arabic_with_no_french_or_english_word(client, clerk, centre, shelf):
    member = family(covered=AROUND_TODAY)
    client.force_login(clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    response = client.post(new_sheet_url(member), sheet_form([CONSULT | {"billed": "-5"}]))

    page = response.content.decode()
    error = page.split('data-field="lines-0-billed">', 1)[1].split("</p>", 1)[0]
    assert response.status_code == 400
    assert error.startswith("المبلغ المفوتر")
    assert not any(word in error.lower() for word in ("montant", "amount", "negative", "négatif"))


def test_the_api_refuses_the_same_entries_naming_the_field(client, clerk, centre, shelf):
    member = family(covered=AROUND_TODAY)
    client.force_login(clerk)
    line = {
        "kind": "act",
        "code": "CON-C",
        "quantity": 1,
        "billed": "1000.00",
        "service_date": TODAY.isoformat(),
    }
    body = {
        "registration_number": member.registration_number,
        "care_type": "outpatient",
        "care_date": TODAY.isoformat(),
        "diagnosis": "J06.9",
        "practitioner": "Dr Sidi Mohamed",
        "lines": [line],
    }

    def post(**changes):
        return client.post(f"{API}/care-sheets", body | changes, content_type="application/json")

    huge = post(lines=[line | {"billed": 1e9}])
    text = post(lines=[line | {"billed": "1e9"}])
    future = post(care_date=(TODAY + 2 * DAY).isoformat())
    cents = post(lines=[line | {"billed": "10.005"}])

    assert (huge.status_code, huge.json()["field"]) == (400, "lines[0].billed")
    assert "20 000 000,00" in huge.json()["message"].replace("\xa0", " ")
    assert (text.status_code, text.json()["field"]) == (400, "lines[0].billed")
    assert "en chiffres" in text.json()["message"]
    assert (future.status_code, future.json()["field"]) == (400, "care_date")
    assert "futur" in future.json()["message"]
    assert "décimales" in cents.json()["message"]
    assert not CareSheet.objects.exists()
