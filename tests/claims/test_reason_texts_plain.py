"""Reason texts in plain words: the engine names a facility and a billing file by their ids, a day as a
date and papers by their codes; its reasons and the anomaly signals read, on pages and in the API, with the
facility's code and name, the file's invoice number, the day in the reader's format and the papers'
labels, in French, Arabic and English."""

import datetime
import re

import pytest
from django.utils import translation

from sanad.adjudication import Reason
from sanad.adjudication.decision import finding
from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.selectors import billing_file_decision
from sanad.claims.selectors.texts import finding_strings, finding_texts, finding_texts_grouped
from sanad.claims.services import billing_files_adjudicate
from sanad.claims.statuses import DocumentKind, FileStatus
from tests.claims.conftest import CARE_DAY, agreed_centre

TODAY = datetime.date(2026, 4, 5)
API = "/api/v1/claims"
LANGUAGES = ["fr", "ar", "en"]
# The day of care (10 March 2026) as each reader writes it (Arabic keeps its right-to-left marks).
CARE_DAY_SHOWN = {"fr": "10/03/2026", "ar": "10/03/2026", "en": "03/10/2026"}
ARABIC_NAME = "مركز تيارت الصحي"
# A number standing alone: neither part of a code (CS-001, F-00012) nor of a date.
_BARE_NUMBER = re.compile(r"(?<![\w/\u200f.-])\d+(?![\w/\u200f.-])")


def centre_shown(centre, lang: str) -> str:
    return f"CS-001 {ARABIC_NAME}" if lang == "ar" else "CS-001 Centre de santé de Teyarett"


@pytest.fixture
def named_centre(centre):
    centre.name_ar = ARABIC_NAME
    centre.save(update_fields=["name_ar"])
    return centre


def decided(billing_file: BillingFile) -> FileDecision:
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY)
    return billing_file_decision(file_id=billing_file.pk)


def line_text(decision: FileDecision, lang: str) -> str:
    [outcome] = decision.lines.all()
    with translation.override(lang):
        [text] = finding_strings(outcome.findings)
    return text


def assert_plain(text: str, *ids: int) -> None:
    assert not _BARE_NUMBER.findall(text), text
    assert "2026-03-10" not in text
    for pk in ids:
        assert not re.search(rf"(?<![\w/\u200f-]){pk}(?![\w/\u200f-])", text), text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_reason_naming_a_facility_shows_its_code_and_name(bill, covered_member, named_centre, lang):
    named_centre.agreements.get().periods.update(valid_to=datetime.date(2026, 3, 9))
    decision = decided(bill(covered_member))

    text = line_text(decision, lang)

    assert centre_shown(named_centre, lang) in text
    assert CARE_DAY_SHOWN[lang] in text
    assert_plain(text, named_centre.pk)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_duplicate_reason_shows_the_other_files_invoice_number(bill, covered_member, lang):
    paid = bill(covered_member, invoice="F-PAID-1")
    decided(paid)
    again = bill(covered_member)

    text = line_text(decided(again), lang)

    assert "F-PAID-1" in text
    assert CARE_DAY_SHOWN[lang] in text
    assert_plain(text, paid.pk, again.pk)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_copy_of_a_file_being_processed_shows_the_other_files_invoice_number(bill, covered_member, lang):
    waiting = bill(covered_member, invoice="F-WAIT-1", received_on=datetime.date(2026, 4, 1))
    BillingFile.objects.filter(pk=waiting.pk).update(status=FileStatus.ADMIN_CHECK)
    copy = bill(covered_member)

    text = line_text(decided(copy), lang)

    assert "F-WAIT-1" in text
    assert_plain(text, waiting.pk, copy.pk)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_engines_own_findings_read_the_same_as_stored_ones(bill, covered_member, named_centre, lang):
    paid = bill(covered_member, invoice="F-PAID-2")
    findings = [
        finding(
            Reason.FACILITY_NOT_AGREED, "facility_agreement", facility=str(named_centre.pk), date=CARE_DAY
        ),
        finding(Reason.DUPLICATE_ALREADY_PAID, "duplicates", code="CON-C", date=CARE_DAY, claim=str(paid.pk)),
    ]

    with translation.override(lang):
        texts = finding_strings(findings)

    assert centre_shown(named_centre, lang) in texts[0] and "F-PAID-2" in texts[1]
    for text in texts:
        assert CARE_DAY_SHOWN[lang] in text
        assert_plain(text, named_centre.pk, paid.pk)


def test_the_names_of_all_the_findings_rendered_are_read_in_one_query_each(
    bill, covered_member, named_centre, django_assert_num_queries
):
    other_centre = agreed_centre("CS-002", "Centre de santé de Sebkha", "MR-13", "DRS de Nouakchott-Sud")
    files = [bill(covered_member, invoice=f"F-MANY-{n}") for n in range(3)]
    findings = [
        {"code": "facility_not_agreed", "params": {"facility": str(f.pk), "date": "2026-03-10"}}
        for f in (named_centre, other_centre)
    ] + [
        {
            "code": "duplicate_already_paid",
            "params": {"code": "CON-C", "date": "2026-03-10", "claim": str(f.pk)},
        }
        for f in files
    ]

    with django_assert_num_queries(2), translation.override("fr"):
        texts = [item["text"] for item in finding_texts(findings)]

    assert "CS-002 Centre de santé de Sebkha" in texts[1]
    assert [t.split("dossier ")[1].rstrip(".") for t in texts[2:]] == ["F-MANY-0", "F-MANY-1", "F-MANY-2"]


def test_the_lines_of_a_file_are_named_together(bill, covered_member, django_assert_num_queries):
    files = [bill(covered_member, invoice=f"F-LINE-{n}") for n in range(3)]
    params = [{"code": "CON-C", "date": "2026-03-10", "claim": str(f.pk)} for f in files]
    lines = [[{"code": "duplicate_in_batch", "params": p}] for p in params]

    with django_assert_num_queries(1), translation.override("en"):
        grouped = finding_texts_grouped(lines)

    assert [group[0]["text"].split("file ")[1].split(" ")[0] for group in grouped] == [
        "F-LINE-0",
        "F-LINE-1",
        "F-LINE-2",
    ]


def test_reasons_without_a_facility_or_a_file_read_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("fr"):
        [text] = finding_strings([{"code": "no_rights", "params": {"date": "2026-03-10"}}])

    assert text == "Aucun droit ouvert le 10/03/2026."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_api_gives_the_reasons_with_the_invoice_number_and_the_readers_day(
    client, checker, bill, covered_member, lang
):
    paid = bill(covered_member, invoice="F-PAID-3")
    decided(paid)
    again = bill(covered_member)
    decided(again)
    client.force_login(checker)

    body = client.get(f"{API}/billing-files/{again.pk}", HTTP_ACCEPT_LANGUAGE=lang).json()

    [line] = body["decision"]["lines"]
    [reason] = line["findings"]
    assert reason["code"] == "duplicate_already_paid"
    assert "F-PAID-3" in reason["text"] and CARE_DAY_SHOWN[lang] in reason["text"]
    assert_plain(reason["text"], paid.pk, again.pk)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_anomaly_signal_names_the_other_facility_by_its_code_and_name(db, lang):
    other = agreed_centre("CS-002", "Centre de santé de Sebkha", "MR-13", "DRS de Nouakchott-Sud")
    signals = [
        {"code": "same_day_elsewhere", "params": {"day": "2026-03-10", "facilities": [other.pk]}},
        {"code": "anomaly_flagged", "params": {"flags": "identical_burst, same_day_elsewhere"}},
    ]

    with translation.override(lang):
        texts = finding_strings(signals)

    assert "CS-002 Centre de santé de Sebkha" in texts[0] and CARE_DAY_SHOWN[lang] in texts[0]
    for text in texts:
        assert "_" not in text
        assert_plain(text, other.pk)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_papers_read_as_their_labels(db, lang):
    stored = {"code": "documents_missing", "params": {"missing": "invoice, prescription"}}

    with translation.override(lang):
        [text] = finding_strings([stored])
        labels = [str(DocumentKind.INVOICE.label), str(DocumentKind.PRESCRIPTION.label)]

    assert ("، " if lang == "ar" else ", ").join(labels) in text
    assert "invoice" not in text or lang == "en"
