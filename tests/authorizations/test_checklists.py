"""Every type's checklist (issue 17, §1–2): checked at once on submission, each missing paper named, an
incomplete request returned without starting its clock; the papers the register holds are not asked."""

from __future__ import annotations

import datetime

import pytest

from sanad.authorizations.statuses import RequestStatus
from sanad.funds import load_profile
from sanad.registry.models import Dependant, SupportingCertificate
from tests.authorizations.conftest import STAY, at, family, submit

pytestmark = pytest.mark.django_db

NOW = at(2026, 3, 2, 10)


def sample_values(catalogue, request_type) -> dict[str, str]:
    """A valid value for every field of the type's form."""
    values = {}
    for code in request_type.fields:
        field = catalogue.field(code)
        if field.type in ("integer", "decimal"):
            values[code] = str(max(field.minimum or 1, 1))
        elif field.type == "date":
            values[code] = "2026-03-05"
        elif field.type == "choice":
            values[code] = field.choices[0].code
        else:
            values[code] = "N18.5" if code == "diagnosis" else "X1"
    return values


def cases():
    for fund in ("cnass-mr", "cnops-ma", "cnss-ma"):
        for request_type in load_profile(fund).authorization_requests.types:
            yield pytest.param(fund, request_type.code, id=f"{fund}-{request_type.code}")


@pytest.mark.parametrize(("fund_code", "type_code"), list(cases()))
def test_every_types_checklist_names_each_missing_paper_then_starts_the_clock_when_complete(
    fund, fund_code, type_code, clerk, pharmacist
):
    profile = fund.use(fund_code)
    catalogue = profile.authorization_requests
    request_type = catalogue.type(type_code)
    asker = pharmacist if request_type.facility_kinds == ("pharmacy",) else clerk
    member = family(fund=fund_code)
    values = sample_values(catalogue, request_type)
    expected = list(request_type.documents)
    if request_type.dossier:
        expected += [code for code in catalogue.dossier.everyone if code not in expected]
    # The register issued the card and holds the member's valid identity card: never asked.
    asked = [
        code
        for code in expected
        if catalogue.document(code).register
        not in ("registration_card", "member_identity", "beneficiary_identity")
    ]

    returned = submit(asker, member, type_code, request_type.admissions[0], values, now=NOW)

    assert returned.status == RequestStatus.RETURNED
    assert returned.missing == asked
    assert returned.received_at is None and returned.due_at is None
    assert returned.events.filter(action="authorization_return").get().data["missing"] == asked

    again = submit(asker, member, type_code, request_type.admissions[0], values, documents=asked, now=NOW)

    assert again.status != RequestStatus.RETURNED
    assert again.missing == []
    assert again.received_at == NOW and (again.due_at is not None or again.decision is not None)


def test_a_metastatic_progression_needs_its_work_ups(clerk, member):
    values = {
        "diagnosis": "C73",
        "act_code": "IRA-1",
        "act_label": "Irathérapie 100 mCi",
        "metastatic": "yes",
    }
    request = submit(clerk, member, "iratherapy", "outpatient", values, now=NOW)
    assert "progression_workups" in request.missing
    values["metastatic"] = "no"
    request = submit(clerk, member, "iratherapy", "outpatient", values, now=NOW)
    assert "progression_workups" not in request.missing


def test_a_student_child_of_21_to_26_brings_school_and_unmarried_certificates_unless_the_register_holds_them(
    clerk,
):
    member = family(dependants=[{"relationship": "child", "birth_date": datetime.date(2003, 1, 1)}])
    child = Dependant.objects.get(member=member)
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, now=NOW, dependant_id=child.pk)
    assert {"beneficiary_identity", "school_certificate", "unmarried_certificate"} <= set(request.missing)

    SupportingCertificate.objects.create(
        dependant=child, kind="school_certificate", issued_on=datetime.date(2025, 9, 1)
    )
    SupportingCertificate.objects.create(
        dependant=child, kind="unmarried_certificate", issued_on=datetime.date(2025, 9, 1)
    )
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, now=NOW, dependant_id=child.pk)
    assert "school_certificate" not in request.missing and "unmarried_certificate" not in request.missing
    sources = {item["code"]: item["source"] for item in request.checklist}
    assert sources["school_certificate"] == "register"


def test_a_disabled_child_over_21_brings_the_medical_control_certificate(clerk):
    member = family(
        dependants=[{"relationship": "child", "birth_date": datetime.date(2000, 1, 1), "disabled": True}]
    )
    child = Dependant.objects.get(member=member)
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, now=NOW, dependant_id=child.pk)
    assert "medical_control_certificate" in request.missing
    assert "school_certificate" not in request.missing


def test_a_cnops_spouse_brings_the_proof_of_no_profession(clerk):
    member = family(dependants=[{"relationship": "spouse", "birth_date": datetime.date(1978, 1, 1)}])
    spouse = Dependant.objects.get(member=member)
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, now=NOW, dependant_id=spouse.pk)
    assert "no_profession_proof" in request.missing


def test_a_member_without_a_valid_identity_card_on_file_brings_a_copy(clerk):
    member = family(identity=False)
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, now=NOW)
    assert request.missing == ["request_form", "confidential_report", "member_identity"]
