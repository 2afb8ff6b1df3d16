import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from sanad.catalog.fileio import write_rows
from sanad.catalog.models import Act, Drug, KeyLetterValue, LongTermCondition
from sanad.catalog.selectors import table_records
from sanad.catalog.services import catalog_import
from sanad.catalog.tables import TABLES
from sanad.common.models import AuditEvent

DRUG_HEADER = "code,barcode,name,public_price,reimbursement_base,costly,valid_from,valid_to\n"


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def test_it_reports_each_bad_row_and_changes_nothing(db, manager):
    content = csv_bytes(
        DRUG_HEADER
        + "MED-1,6111234567895,Metformine,18.50,18.50,0,2025-01-01,\n"  # good
        + "MED-2,6111234567890,Amoxicilline,29,29,0,2025-01-01,\n"  # wrong check digit
        + "MED-3,6111234567888,,abc,29,0,2025-01-01,\n"  # no name, price not a number
        + "MED-4,6111234567895,Ibuprofène,16,16,0,2025-01-01,2024-01-01\n"  # ends before it starts
    )

    report = catalog_import(actor=manager, table="drugs", content=content, fmt="csv")

    assert not report.ok and not report.written
    assert [(e.row, e.field, e.rule) for e in report.errors] == [
        (3, "barcode", "ean13"),
        (4, "name", "required"),
        (4, "public_price", "number"),
        (5, "valid_to", "date_order"),
    ]
    assert all(str(e.message) for e in report.errors)
    assert not Drug.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_imports_good_rows_in_one_go_and_audits_each(db, manager):
    content = csv_bytes(DRUG_HEADER + "MED-1,6111234567895,Metformine,18.50,18.50,1,2025-01-01,\n")

    report = catalog_import(actor=manager, table="drugs", content=content, fmt="csv")

    assert report.ok and report.written and report.created == 1
    drug = Drug.objects.get()
    assert drug.public_price == Decimal("18.50") and drug.costly
    event = AuditEvent.objects.get(action="catalog.drugs.create")
    assert event.actor == manager and event.after["public_price"] == "18.50"


def test_it_writes_nothing_on_a_dry_run(db, manager):
    content = csv_bytes(DRUG_HEADER + "MED-1,6111234567895,Metformine,18.50,18.50,0,2025-01-01,\n")

    report = catalog_import(actor=manager, table="drugs", content=content, fmt="csv", dry_run=True)

    assert report.ok and report.created == 1 and not report.written
    assert not Drug.objects.exists()


def test_it_rejects_an_icd10_code_that_does_not_exist(db, manager):
    content = csv_bytes("code,label_fr,icd10_codes,valid_from\nALD-1,Diabète,E11|X999,2025-01-01\n")

    report = catalog_import(actor=manager, table="long_term_conditions", content=content, fmt="csv")

    assert [(e.row, e.field, e.rule) for e in report.errors] == [(2, "icd10_codes", "icd10")]
    assert not LongTermCondition.objects.exists()


def test_it_requires_a_letter_with_a_coefficient_or_a_package_price(db, manager):
    header = "code,label_fr,category,key_letter,coefficient,package_price,valid_from\n"
    content = csv_bytes(
        header
        + "A,x,surgery,KC,,,2025-01-01\nB,y,surgery,KC,10,500,2025-01-01\nC,z,surgery,,,900,2025-01-01\n"
    )

    report = catalog_import(actor=manager, table="acts", content=content, fmt="csv")

    assert [(e.row, e.rule) for e in report.errors] == [(2, "letter_or_package"), (3, "letter_or_package")]
    assert not Act.objects.exists()


def test_it_closes_the_open_row_when_a_later_value_arrives(db, manager):
    KeyLetterValue.objects.create(letter="C", value=Decimal("80"), valid_from=datetime.date(2020, 1, 1))
    content = csv_bytes("letter,sector,value,valid_from\nC,,90,2025-07-01\n")

    report = catalog_import(actor=manager, table="key_letters", content=content, fmt="csv")

    assert report.ok and report.closed == 1 and report.created == 1
    old = KeyLetterValue.objects.get(valid_from=datetime.date(2020, 1, 1))
    assert old.valid_to == datetime.date(2025, 6, 30)


def test_it_refuses_a_row_that_overlaps_a_closed_period(db, manager):
    KeyLetterValue.objects.create(
        letter="C",
        value=Decimal("80"),
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    content = csv_bytes("letter,sector,value,valid_from,valid_to\nC,,90,2025-01-01,2025-12-31\n")

    report = catalog_import(actor=manager, table="key_letters", content=content, fmt="csv")

    assert [(e.row, e.field, e.rule) for e in report.errors] == [(2, "valid_from", "overlap")]
    assert KeyLetterValue.objects.count() == 1


def test_it_refuses_the_same_series_and_start_twice_in_a_file(db, manager):
    content = csv_bytes("letter,sector,value,valid_from\nC,,90,2025-07-01\nC,,95,2025-07-01\n")

    report = catalog_import(actor=manager, table="key_letters", content=content, fmt="csv")

    assert [(e.row, e.rule) for e in report.errors] == [(3, "duplicate")]


def test_it_updates_the_row_with_the_same_series_and_start(db, manager):
    KeyLetterValue.objects.create(letter="C", value=Decimal("80"), valid_from=datetime.date(2020, 1, 1))
    content = csv_bytes("letter,sector,value,valid_from\nC,,85,2020-01-01\n")

    report = catalog_import(actor=manager, table="key_letters", content=content, fmt="csv")

    assert report.updated == 1 and KeyLetterValue.objects.get().value == Decimal("85")
    assert AuditEvent.objects.get().before["value"] == "80.00"


def test_it_reports_unknown_and_missing_columns(db, manager):
    content = csv_bytes("letter,colour,valid_from\nC,red,2020-01-01\n")

    report = catalog_import(actor=manager, table="key_letters", content=content, fmt="csv")

    assert {(e.row, e.field, e.rule) for e in report.errors} >= {
        (1, "value", "missing_column"),
        (1, "colour", "unknown_column"),
    }


@pytest.mark.parametrize("name", sorted(TABLES))
def test_it_reads_back_what_it_exports(name, db, manager, tariff):
    from sanad.catalog.demo import catalog_build
    from sanad.common.demo import DemoContext
    from sanad.funds import load_profile

    Act.objects.all().delete()
    KeyLetterValue.objects.all().delete()
    catalog_build(DemoContext(profile=load_profile("cnops-ma"), seed=1, members=0), acts=60, drugs=30)
    table = TABLES[name]
    for fmt in ("csv", "xlsx"):
        content = write_rows(table, table_records(table=table), fmt)
        report = catalog_import(actor=manager, table=name, content=content, fmt=fmt, dry_run=True)
        assert report.ok, report.errors[:3]
        assert report.created == 0 and report.updated == report.rows


def test_it_imports_an_xlsx_workbook(db, manager):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["letter", "sector", "value", "valid_from"])
    sheet.append(["Z", "", 10, datetime.datetime(2020, 1, 1)])
    buffer = io.BytesIO()
    book.save(buffer)

    report = catalog_import(actor=manager, table="key_letters", content=buffer.getvalue(), fmt="xlsx")

    assert report.written and KeyLetterValue.objects.get().value == Decimal("10")


def test_the_command_imports_and_fails_on_bad_rows(db, tmp_path):
    good = tmp_path / "letters.csv"
    good.write_text("letter,sector,value,valid_from\nZ,,10,2020-01-01\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("letter,sector,value,valid_from\nZ,,ten,2021-01-01\n", encoding="utf-8")

    call_command("catalog_import", "key_letters", str(good), "--dry-run")
    assert not KeyLetterValue.objects.exists()
    call_command("catalog_import", "key_letters", str(good))
    assert KeyLetterValue.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("catalog_import", "key_letters", str(bad))
    assert KeyLetterValue.objects.count() == 1

    out = tmp_path / "out.xlsx"
    call_command("catalog_export", "key_letters", str(out))
    assert openpyxl.load_workbook(out).active.max_row == 2
