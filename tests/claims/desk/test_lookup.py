"""Search at the desk: acts, drugs and devices by code or label with the tariff in force on the date of
care, the amount billed filled from the tariff and a warning when it exceeds it, and ICD-10 diagnoses by
label (WHO's, or the fund's own in French)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from sanad.catalog.models import KeyLetterValue, TreatmentProtocol
from sanad.catalog.selectors.lookup import diagnosis_search, item_search
from sanad.claims.selectors.tariffs import line_hint
from sanad.claims.services.register import LineInput, care_sheet_open
from tests.claims.conftest import START
from tests.claims.desk.conftest import AROUND_TODAY, BARCODE, TODAY, family, sheet
from tests.claims.desk.test_pages import CONSULT, new_sheet_url, sheet_form

RAISED = datetime.date(2026, 6, 1)  # the consultation's key letter C goes from 1,000 to 1,200 that day


@pytest.fixture
def raised_tariff(shelf):
    KeyLetterValue.objects.filter(letter="C").update(valid_to=RAISED - datetime.timedelta(days=1))
    KeyLetterValue.objects.create(letter="C", value=Decimal("1200"), valid_from=RAISED)


def row(prefix: str = "lines-0", **values) -> dict[str, str]:
    return {"row": prefix} | {f"{prefix}-{name}": value for name, value in values.items()}


def test_an_act_is_found_by_code_or_label_with_the_tariff_in_force_on_the_date_of_care(raised_tariff):
    by_code = item_search(kind="act", text="con", day=datetime.date(2026, 3, 10), sector="public")
    by_label = item_search(kind="act", text="sanguine", day=datetime.date(2026, 3, 10), sector="public")
    later = item_search(kind="act", text="Consultation", day=datetime.date(2026, 7, 1), sector="public")

    assert [(item.code, item.unit_tariff) for item in by_code] == [("CON-C", Decimal("1000.00"))]
    assert [(item.code, item.unit_tariff) for item in by_label] == [("LAB-NFS", Decimal("400.00"))]
    assert [(item.code, item.unit_tariff) for item in later] == [("CON-C", Decimal("1200.00"))]


def test_a_drug_is_found_by_barcode_and_a_device_by_label(shelf):
    drugs = item_search(kind="drug", text=BARCODE[:8], day=TODAY, sector="public")
    devices = item_search(kind="device", text="béquille", day=TODAY, sector="public")

    assert [(d.code, d.label, d.unit_tariff) for d in drugs] == [
        ("PARA-500", "Paracétamol 500 mg", Decimal("50"))
    ]
    assert [(d.code, d.unit_tariff) for d in devices] == [("DEV-BEQ", Decimal("2000"))]


def test_a_search_is_bounded(shelf):
    found = item_search(kind="act", text="n", day=TODAY, sector="public", limit=1)

    assert len(found) == 1


def test_the_tariff_of_a_line_counts_its_quantity_and_caps_its_coefficient(shelf):
    # LAB-NFS is B 40 with B worth 10: 400 a unit; billed at B 50 it is still valued at B 40.
    two = line_hint(kind="act", code="LAB-NFS", day=TODAY, sector="public", quantity=2)
    capped = line_hint(kind="act", code="LAB-NFS", day=TODAY, sector="public", coefficient=Decimal("50"))
    lower = line_hint(kind="act", code="LAB-NFS", day=TODAY, sector="public", coefficient=Decimal("30"))

    assert (two.tariff, capped.tariff, lower.tariff) == (
        Decimal("800.00"),
        Decimal("400.00"),
        Decimal("300.00"),
    )


def test_picking_an_act_fills_the_amount_billed_from_the_tariff_on_the_date_of_care(
    client, clerk, raised_tariff
):
    client.force_login(clerk)

    response = client.get(
        reverse("claims:sheet_line_pick"),
        row(kind="act", code="cons", quantity="2", billed="", service_date="2026-07-01") | {"pick": "CON-C"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="lines-0-code" value="CON-C"' in page
    assert 'name="lines-0-billed" value="2400.00"' in page  # 2 × 1,200 in force on 1 July 2026
    assert 'data-tariff="2400.00"' in page and 'data-warning="over-tariff"' not in page


def test_an_amount_billed_above_the_tariff_is_warned_not_refused(client, clerk, shelf):
    client.force_login(clerk)
    day = TODAY.isoformat()

    above = client.get(
        reverse("claims:sheet_line_tariff"), row(kind="act", code="CON-C", billed="1500", service_date=day)
    )
    at = client.get(
        reverse("claims:sheet_line_tariff"), row(kind="act", code="CON-C", billed="1000", service_date=day)
    )

    assert 'data-warning="over-tariff"' in above.content.decode()
    assert "500,00 MRU au-dessus du tarif" in above.content.decode().replace("\xa0", " ")
    assert (
        'data-tariff="1000.00"' in at.content.decode()
        and 'data-warning="over-tariff"' not in at.content.decode()
    )


def test_a_sheet_opened_above_the_tariff_is_saved_with_a_warning(client, clerk, centre, shelf):
    member = family(covered=AROUND_TODAY)
    client.force_login(clerk)

    response = client.post(new_sheet_url(member), sheet_form([CONSULT | {"billed": "1500"}]), follow=True)

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert response.status_code == 200
    assert len(warnings) == 1 and "au-dessus du tarif en vigueur" in warnings[0]


def test_the_search_box_answers_with_buttons_that_fill_the_row(client, clerk, shelf):
    client.force_login(clerk)

    response = client.get(
        reverse("claims:desk_items"), row(kind="act", code="Numération", service_date=TODAY.isoformat())
    )
    nothing = client.get(reverse("claims:desk_items"), row(kind="device", code="zzz"))

    page = response.content.decode()
    assert 'data-code="LAB-NFS"' in page and "400,00 MRU" in page
    assert 'data-found="none"' in nothing.content.decode()


def test_icd10_search_by_label(db):
    found = diagnosis_search(text="upper respiratory unspecified", day=TODAY, language="fr")

    assert "J06.9" in [d.code for d in found]
    assert all(d.language == "en" for d in found)  # WHO's description, the catalog having no label of its own


def test_icd10_search_by_the_funds_french_label_without_accents(db):
    TreatmentProtocol.objects.create(
        diagnosis="E11", label="Diabète de type 2", expected_codes=["CON-C"], valid_from=START
    )

    found = diagnosis_search(text="diabete type", day=TODAY, language="fr")
    by_code = diagnosis_search(text="e11.9", day=TODAY, language="fr")

    assert (found[0].code, found[0].label, found[0].language) == ("E11", "Diabète de type 2", "fr")
    assert [d.code for d in by_code] == ["E11.9"]


def test_the_diagnosis_box_lists_codes_and_a_pick_fills_the_field(client, clerk, shelf):
    client.force_login(clerk)

    listed = client.get(reverse("claims:desk_diagnoses"), {"diagnosis": "acute upper respiratory"})
    picked = client.get(reverse("claims:desk_diagnosis_pick"), {"code": "J06.9"})

    assert 'data-code="J06.9"' in listed.content.decode()
    assert 'name="diagnosis" value="J06.9"' in picked.content.decode()
    assert "Acute upper respiratory infection, unspecified" in picked.content.decode()


def test_the_searches_are_the_facilitys_staffs_only(client, checker, shelf):
    client.force_login(checker)

    assert client.get(reverse("claims:desk_items"), row(kind="act", code="CON")).status_code == 403


def test_a_line_of_a_sheet_opened_at_the_tariff_is_not_warned(clerk, centre, shelf):
    from sanad.claims.selectors.tariffs import lines_over_tariff

    member = family(covered=AROUND_TODAY)
    lines = [
        LineInput(kind="act", code="CON-C", billed=Decimal("1000"), service_date=TODAY),
        LineInput(kind="act", code="LAB-NFS", billed=Decimal("450"), service_date=TODAY),
    ]
    care_sheet = care_sheet_open(actor=clerk, sheet=sheet(member, centre, care_date=TODAY, lines=lines))

    over = lines_over_tariff(care_sheet=care_sheet)

    assert [(line.code, hint.excess) for line, hint in over] == [("LAB-NFS", Decimal("50.00"))]
