"""The dry run checks an imported file against the rest of the catalog."""

import pytest
from django.utils import translation

from sanad.catalog.models import Act, BenefitPackageEntry, TreatmentProtocol
from sanad.catalog.services import catalog_import
from sanad.common.models import AuditEvent


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English texts; the staff's own language is tested elsewhere."""
    with translation.override("en"):
        yield


ACTS = "code,label_fr,category,key_letter,coefficient,package_price,valid_from\n"


def dry_run(manager, table, text):
    return catalog_import(actor=manager, table=table, content=text.encode(), fmt="csv", dry_run=True)


def test_an_acts_key_letter_needs_a_value_for_some_period(manager, tariff):
    report = dry_run(
        manager,
        "acts",
        ACTS
        + "CON-2,Consultation,consultation,C,2,,2025-01-01\n"  # C has values
        + "LAB-1,Glycémie,lab,B,20,,2025-01-01\n"  # B has none
        + "REA-2,Réanimation,intensive_care,,,1500,2025-01-01\n",  # a package price needs no letter
    )

    assert [(e.row, e.field, e.rule) for e in report.errors] == [(3, "key_letter", "key_letter_value")]
    with translation.override("en"):
        assert str(report.errors[0].message) == (
            "The key letter B has no value for any period: import its values first."
        )


def test_a_package_entry_names_a_code_of_its_kind(manager, tariff, shelf):
    report = dry_run(
        manager,
        "benefit_package",
        "fund,code,kind,valid_from\n"
        "cnops-ma,CON-C,act,2025-01-01\n"
        "cnops-ma,MED-1,drug,2025-01-01\n"
        "cnops-ma,DEV-1,device,2025-01-01\n"
        "cnops-ma,MED-1,act,2026-01-01\n"  # a drug, not an act
        "cnops-ma,NOPE,device,2025-01-01\n",
    )

    assert [(e.row, e.field, e.rule) for e in report.errors] == [
        (5, "code", "unknown_code"),
        (6, "code", "unknown_code"),
    ]
    with translation.override("en"):
        assert [str(e.message) for e in report.errors] == [
            "No act of the catalog has this code.",
            "No device of the catalog has this code.",
        ]


def test_a_protocols_expected_codes_are_acts_or_drugs_of_the_catalog(manager, tariff, shelf):
    report = dry_run(
        manager,
        "protocols",
        "diagnosis,expected_codes,valid_from\nI10,CON-C|MED-2,2025-01-01\nJ18,CON-C|LAB-9|MED-9,2025-01-01\n",
    )

    assert [(e.row, e.field, e.rule) for e in report.errors] == [(3, "expected_codes", "unknown_code")]
    with translation.override("en"):
        assert str(report.errors[0].message) == (
            "These codes are neither an act nor a drug of the catalog: LAB-9, MED-9."
        )


def test_the_import_refuses_what_the_dry_run_reports_and_writes_nothing(manager, tariff):
    report = catalog_import(
        actor=manager,
        table="benefit_package",
        content=b"fund,code,kind,valid_from\ncnops-ma,CON-C,act,2025-01-01\ncnops-ma,NOPE,act,2025-01-01\n",
        fmt="csv",
    )

    assert not report.ok and not report.written
    assert not BenefitPackageEntry.objects.exists() and not AuditEvent.objects.exists()


def test_cross_checks_are_reported_with_the_rows_other_errors(manager, db):
    report = dry_run(
        manager,
        "protocols",
        "diagnosis,expected_codes,valid_from\nE11,CON-C,2025-01-01\nX999,CON-C,2025-01-01\n",
    )

    assert [(e.row, e.field, e.rule) for e in report.errors] == [
        (2, "expected_codes", "unknown_code"),
        (3, "diagnosis", "icd10"),
    ]
    assert not TreatmentProtocol.objects.exists() and not Act.objects.exists()


def test_the_checks_cost_one_query_per_referenced_table(
    manager, tariff, shelf, django_assert_max_num_queries
):
    lines = "".join(f"cnops-ma,C{i},act,2025-01-01\n" for i in range(300))

    with django_assert_max_num_queries(6):
        report = dry_run(manager, "benefit_package", "fund,code,kind,valid_from\n" + lines)

    assert len(report.errors) == 300
