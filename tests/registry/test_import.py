"""Bulk import of a register: the dry run reports every row's errors and writes nothing; a good file
imports members, dependants, documents and certificates in one go (COPY on PostgreSQL)."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection

from sanad.common.tabular import write_table
from sanad.funds import registration_number_check, registration_number_make
from sanad.registry.imports.columns import COLUMNS, template_file
from sanad.registry.imports.services import register_import
from sanad.registry.imports.writing import families_write, next_serial
from sanad.registry.models import Dependant, IdentityDocument, Member, SupportingCertificate

from .conftest import NATIONAL_ID, PHONE, TODAY

pytestmark = pytest.mark.django_db


def line(**cells) -> list[str]:
    return [str(cells.get(name, "")) for name in COLUMNS]


def member(fund, profile, family="F1", **cells) -> list[str]:
    values = {
        "family": family, "role": "member", "first_name": "Aminetou", "last_name": "Mint Ahmed",
        "first_name_ar": "أمينتو", "last_name_ar": "منت أحمد", "sex": "F", "birth_date": "1986-05-04",
        "population": "national", "nationality": profile.country, "phone": PHONE[fund],
        "region": profile.regions[0].code, "document_kind": NATIONAL_ID[fund], "document_number": "A1",
        "document_expires_on": "2030-01-01",
    }  # fmt: skip
    return line(**{**values, **cells})


def dependant(role, birth_date, family="F1", **cells) -> list[str]:
    values = {"family": family, "role": role, "first_name": "Sidi", "last_name": "Ould Ahmed", "sex": "M"}
    return line(**{**values, "birth_date": birth_date, **cells})


def spouse_proof(profile) -> str:
    return "no_profession_proof" if profile.dependants.spouse_proof_of_no_profession else ""


def good_rows(fund, profile) -> list[list[str]]:
    given = registration_number_make(profile, 500)
    card = {"document_number": "C9", "document_expires_on": "2031-01-01"}
    return [
        member(fund, profile, "F1"),
        dependant("spouse", "1984-02-01", "F1", sex="M", certificates=spouse_proof(profile)),
        dependant("child", "2015-03-02", "F1", document_kind=NATIONAL_ID[fund], **card),
        dependant("child", "2002-01-01", "F1", certificates="school_certificate|unmarried_certificate"),
        member(fund, profile, "F2", registration_number=given, first_name="Mohamed", sex="M"),
        dependant("child", "2020-06-06", "F2", sex="F", first_name="Fatma"),
    ]


def wrong_check_digit(profile) -> str:
    number = registration_number_make(profile, 7)
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def as_csv(rows) -> bytes:
    return write_table(COLUMNS, rows, "csv")


def test_it_reports_each_bad_row_and_writes_nothing(fund, profile):
    rows = [
        member(fund, profile, "F1", sex="X", birth_date="2999-01-01"),
        member(fund, profile, "F1"),  # a second member in the family
        member(fund, profile, "F2", registration_number=wrong_check_digit(profile)),
        member(fund, profile, "F3", region="nowhere", phone="123", nationality="ZZ"),
        member(fund, profile, "F4", document_expires_on="2020-01-01"),
        dependant("child", "1990-01-01", "F1"),  # 36 years old
        dependant("child", "2010-01-01", "F9"),  # no member for F9
        dependant("cousin", "2010-01-01", "F1"),
    ]
    report = register_import(actor=None, content=as_csv(rows), fmt="csv", on=TODAY)
    found = {(e.row, e.field, e.rule) for e in report.errors}
    assert {
        (2, "sex", "choice"),
        (2, "birth_date", "future"),
        (3, "role", "one_member"),
        (5, "region", "choice"),
        (5, "phone", "phone"),
        (5, "nationality", "country"),
        (6, "document_kind", "document_expired"),
        (7, "birth_date", "age_limit"),
        (8, "family", "no_member"),
        (9, "role", "choice"),
    } <= found
    assert (4, "registration_number", "invalid_check_digit") in found
    assert all(str(e.message) for e in report.errors)
    assert not report.written
    assert not Member.objects.exists() and not Dependant.objects.exists()
    assert not IdentityDocument.objects.exists()


def test_it_reports_a_missing_column_and_a_taken_number(settings, profile, fund):
    content = write_table(["family", "role"], [["F1", "member"]], "csv")
    report = register_import(actor=None, content=content, fmt="csv", on=TODAY)
    assert {(e.row, e.rule) for e in report.errors} >= {(1, "missing_column")}
    register_import(actor=None, content=as_csv(good_rows(fund, profile)), fmt="csv", on=TODAY)
    again = register_import(actor=None, content=as_csv(good_rows(fund, profile)), fmt="csv", on=TODAY)
    assert [(e.row, e.rule) for e in again.errors] == [(6, "taken")]


def test_the_dry_run_writes_nothing(fund, profile):
    content = as_csv(good_rows(fund, profile))
    report = register_import(actor=None, content=content, fmt="csv", on=TODAY, dry_run=True)
    assert report.ok and (report.members, report.dependants) == (2, 4)
    assert not report.written and not Member.objects.exists()


def test_a_good_csv_imports_members_dependants_and_documents(fund, profile):
    report = register_import(actor=None, content=as_csv(good_rows(fund, profile)), fmt="csv", on=TODAY)
    assert report.written and (report.members, report.dependants, report.documents) == (2, 4, 3)
    first = Member.objects.get(first_name="Aminetou")
    assert first.enrolled_on == TODAY and first.phone == PHONE[fund] and first.first_name_ar == "أمينتو"
    assert [d.relationship for d in first.dependants.order_by("id")] == ["spouse", "child", "child"]
    assert first.documents.get().number == "A1"
    assert IdentityDocument.objects.filter(dependant__member=first, number="C9").exists()
    student = first.dependants.get(birth_date=datetime.date(2002, 1, 1))
    assert {c.kind for c in student.certificates.all()} == {"school_certificate", "unmarried_certificate"}
    assert Member.objects.get(first_name="Mohamed").registration_number == registration_number_make(
        profile, 500
    )
    # A number left empty is the fund's next one after the highest, with a valid check digit.
    registration_number_check(profile, first.registration_number)
    assert first.registration_number == registration_number_make(profile, 501)


def test_a_good_xlsx_imports_with_date_cells(settings, profile):
    book = openpyxl.load_workbook(io.BytesIO(template_file(profile, "xlsx")))
    sheet = book.worksheets[0]
    sheet["H2"] = datetime.datetime(1980, 4, 12)  # a date cell, as spreadsheets save them
    buffer = io.BytesIO()
    book.save(buffer)
    report = register_import(actor=None, content=buffer.getvalue(), fmt="xlsx", on=TODAY)
    assert report.errors == [] and report.written
    imported = Member.objects.get()
    assert imported.birth_date == datetime.date(1980, 4, 12)
    assert imported.dependants.count() == 2 and imported.documents.count() == 1
    registration_number_check(profile, imported.registration_number)


def test_the_csv_template_imports_as_it_is(fund, profile):
    report = register_import(actor=None, content=template_file(profile, "csv"), fmt="csv", on=TODAY)
    assert report.written and Dependant.objects.count() == 2


def test_the_command_checks_reports_and_imports(fund, profile, tmp_path):
    bad, good, errors = tmp_path / "bad.csv", tmp_path / "good.csv", tmp_path / "errors.csv"
    bad.write_bytes(as_csv([member(fund, profile, sex="X")]))
    good.write_bytes(as_csv(good_rows(fund, profile)))
    with pytest.raises(Exception, match="1 error"):
        call_command("register_import", str(bad), "--dry-run", "--report", str(errors), stdout=io.StringIO())
    lines = list(csv.reader(io.StringIO(errors.read_text("utf-8-sig"))))
    assert lines[1][:3] == ["2", "sex", "choice"]
    out = io.StringIO()
    call_command("register_import", str(good), "--on", TODAY.isoformat(), stdout=out)
    assert "2 member(s)" in out.getvalue() and Member.objects.count() == 2


def test_the_copy_path_writes_on_postgresql(settings, profile):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's: run with DATABASE_URL=postgres://…")
    from sanad.registry.bench import families_make

    families = families_make(profile, 300)
    written = families_write(families, profile=profile, on=TODAY, serial=next_serial(profile), chunk=128)
    dependants = sum(len(f.dependants) for f in families)
    assert (written.members, written.dependants) == (300, dependants)
    assert Member.objects.count() == 300 and Dependant.objects.count() == dependants
    assert IdentityDocument.objects.count() == written.documents == 300 + 150
    assert SupportingCertificate.objects.count() == written.certificates
    numbers = Member.objects.values_list("registration_number", flat=True)
    for number in numbers:
        registration_number_check(profile, number)
    # Ids were reserved from the sequences: the next ordinary insert does not collide.
    Member.objects.create(
        registration_number=registration_number_make(profile, 999), first_name="A", last_name="B",
        sex="F", birth_date=TODAY, population="national", nationality="MR", region="x", enrolled_on=TODAY,
    )  # fmt: skip


def test_the_bench_yields_its_figures(settings):
    from sanad.registry.bench import run

    figures = {metric: (value, unit) for metric, value, unit in run(0.0005)}
    assert figures["members_per_s"][1] == "members/s" and figures["members_per_s"][0] > 0
    assert figures["rows_validated_per_s"][0] > 0
