"""Plain words, one thing at a time: how a page names what the walk of test_plain_words only sees in the
demo's data (issue 15)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from sanad.adjudication.reasons import RULE_SOURCES
from sanad.claims.models import CareSheet
from sanad.claims.views.audit_words import audit_fields
from sanad.common.permissions import Role
from sanad.common.vocabulary import Specialty, country_choices, country_name, specialty_name
from sanad.registry.models import Member
from sanad.web.reasons import RULES


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("fr", "23/11/2026", "23/11/2026 14:30"), ("ar", "23/11/2026", "23/11/2026 14:30")],
)
def test_dates_read_day_first_in_french_and_arabic(language, day, moment):
    at = datetime.datetime(2026, 11, 23, 14, 30)

    with translation.override(language):
        assert date_format(at.date(), "SHORT_DATE_FORMAT") == day
        assert date_format(at, "SHORT_DATETIME_FORMAT") == moment


def test_a_country_reads_as_its_name_in_the_reader_s_language():
    assert country_name("MR", "fr") == "Mauritanie"
    assert country_name("mr", "ar") == "موريتانيا"
    assert country_name("SN", "en") == "Senegal"
    assert country_name("??", "fr") == "??"
    names = [name for _code, name in country_choices("fr")]
    assert names.index("Égypte") < names.index("Espagne")  # accents aside, as a French reader sorts


def test_the_member_page_names_the_nationality(client, demo):
    member = Member.objects.exclude(nationality="").first()
    client.force_login(demo.users[Role.MANAGER.value])

    page = client.get(reverse("registry:member_detail", args=[member.pk]), HTTP_ACCEPT_LANGUAGE="ar")

    assert country_name(member.nationality, "ar") in page.content.decode()


def test_a_specialty_reads_as_its_name_and_free_text_as_typed():
    with translation.override("fr"):
        assert specialty_name(Specialty.GENERAL_MEDICINE) == "Médecine générale"
        assert specialty_name("Médecine du sport") == "Médecine du sport"


def test_a_care_sheet_is_named_by_its_date_of_care_never_by_its_row_number(client, demo):
    staff = demo.users[Role.FACILITY_STAFF.value]
    sheet = CareSheet.objects.filter(facility=staff.facility_staff.facility).first()
    client.force_login(staff)

    page = client.get(reverse("claims:sheet_detail", args=[sheet.pk]), HTTP_ACCEPT_LANGUAGE="fr")

    title = f"Feuille de soins du {sheet.care_date:%d/%m/%Y}"
    assert f"<h1>{title}</h1>" in page.content.decode()


def test_the_audit_trail_reads_labels_days_and_amounts_and_no_id():
    with translation.override("fr"):
        fields = audit_fields(
            {
                "status": "validated",
                "fund_share": "900.00",
                "documents": ["barcodes"],
                "received_on": "2026-10-15",
                "decision": 7,
                "note": "Relance sans réponse.",
            }
        )

    assert [(f.label, f.value) for f in fields] == [
        ("Statut", "Validé"),
        ("Part de la caisse", "900,00"),
        ("Pièces", "Vignettes code-barres des médicaments"),
        ("Reçu le", "15/10/2026"),
        ("Note", "Relance sans réponse."),
    ]
    assert [f.written for f in fields] == [False, False, False, False, True]


def test_the_audit_trail_names_reasons_in_words():
    with translation.override("en"):
        [field] = audit_fields({"reasons": ["documents_missing"]})

    assert field.label == "Reasons"
    assert "{" not in field.value and "documents_missing" not in field.value


def test_every_rule_of_the_engine_has_a_name_on_the_reason_page():
    assert set(RULE_SOURCES) <= set(RULES)


def test_the_catalog_import_names_its_tables_in_the_reader_s_language(client, demo):
    client.force_login(demo.users[Role.MANAGER.value])

    page = client.get(reverse("catalog:import"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert ">Affections de longue durée</option>" in page
    assert ">long_term_conditions<" not in page


def test_an_amount_in_the_audit_trail_keeps_its_cents():
    with translation.override("fr"):
        [field] = audit_fields({"billed": str(Decimal("1198"))})

    assert field.value == "1198,00"
