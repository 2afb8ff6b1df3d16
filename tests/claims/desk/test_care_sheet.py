"""The rules of a care sheet filled at the desk, each refused with the field at fault, and nothing saved
when one fails."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.catalog.models import Act
from sanad.claims.models import CareSheet, CareSheetLine
from sanad.claims.services import register
from sanad.claims.services.register import LineInput, care_sheet_open
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.claims.conftest import CARE_DAY, CONSULTATION
from tests.claims.desk.conftest import BARCODE, family, sheet

DAY = datetime.timedelta(days=1)
ADMITTED, DISCHARGED = CARE_DAY, CARE_DAY + 3 * DAY


@pytest.fixture
def member(db):
    return family()


def refused(clerk, data) -> DomainError:
    with pytest.raises(DomainError) as caught:
        care_sheet_open(actor=clerk, sheet=data)
    assert not CareSheet.objects.exists() and not CareSheetLine.objects.exists()
    return caught.value


def stay(centre, member, **overrides):
    values = {
        "care_type": "inpatient",
        "admission_date": ADMITTED,
        "discharge_date": DISCHARGED,
        "lines": [LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=ADMITTED + DAY)],
    }
    return sheet(member, centre, **(values | overrides))


def test_a_sheet_meeting_every_rule_is_recorded_with_its_lines(clerk, centre, shelf, member):
    data = sheet(
        member,
        centre,
        diagnosis="e119",
        lines=[
            LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=CARE_DAY),
            LineInput(
                kind="act",
                code="LAB-NFS",
                billed=Decimal("400"),
                service_date=CARE_DAY,
                coefficient=Decimal("40"),
            ),
            LineInput(kind="device", code="DEV-BEQ", billed=Decimal("2000"), service_date=CARE_DAY),
        ],
    )

    care_sheet = care_sheet_open(actor=clerk, sheet=data)

    assert care_sheet.diagnosis == "E11.9"  # stored with its dot
    assert [(line.line_no, line.code) for line in care_sheet.lines.all()] == [
        (1, "CON-C"),
        (2, "LAB-NFS"),
        (3, "DEV-BEQ"),
    ]
    assert {line.beneficiary for line in care_sheet.lines.all()} == {f"M{member.pk}"}
    event = AuditEvent.objects.get(action="care_sheet_open", object_id=str(care_sheet.pk))
    assert (event.actor, event.after["lines"]) == (clerk, 3)


def test_discharge_before_admission_is_refused(clerk, centre, tariff, member):
    error = refused(clerk, stay(centre, member, discharge_date=ADMITTED - DAY))

    assert (error.code, error.field) == (ErrorCode.INVALID, "discharge_date")


def test_a_stay_needs_its_admission_and_discharge_dates(clerk, centre, tariff, member):
    error = refused(clerk, stay(centre, member, care_type="day_hospital", discharge_date=None))

    assert (error.code, error.field) == (ErrorCode.REQUIRED, "discharge_date")


def test_an_outpatient_sheet_has_no_stay_dates(clerk, centre, tariff, member):
    error = refused(clerk, sheet(member, centre, admission_date=CARE_DAY))

    assert (error.code, error.field) == (ErrorCode.INVALID, "admission_date")


def test_service_date_outside_the_stay_is_refused(clerk, centre, tariff, member):
    lines = [
        LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=ADMITTED),
        LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=DISCHARGED + DAY),
    ]

    error = refused(clerk, stay(centre, member, lines=lines))

    assert (error.code, error.field) == (ErrorCode.INVALID, "lines-1-service_date")
    assert "2" in error.message  # "Line 2: …"


def test_unknown_code_is_refused_naming_the_line_and_field(clerk, centre, tariff, member):
    lines = [
        LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=CARE_DAY),
        LineInput(kind="act", code="XYZ-999", billed=CONSULTATION, service_date=CARE_DAY),
    ]

    error = refused(clerk, sheet(member, centre, lines=lines))

    assert (error.code, error.field) == (ErrorCode.INVALID, "lines-1-code")
    assert "XYZ-999" in error.message


def test_a_code_must_be_in_the_catalog_on_the_date_of_service(clerk, centre, tariff, member):
    Act.objects.filter(code="CON-C").update(valid_to=CARE_DAY - DAY)

    error = refused(clerk, sheet(member, centre))

    assert error.field == "lines-0-code"


def test_a_code_of_another_kind_is_not_found(clerk, centre, tariff, member):
    error = refused(
        clerk,
        sheet(
            member,
            centre,
            lines=[LineInput(kind="drug", code="CON-C", billed=CONSULTATION, service_date=CARE_DAY)],
        ),
    )

    assert error.field == "lines-0-code"


def test_a_drug_is_billed_by_its_barcode(clerk, centre, shelf, member):
    line = LineInput(kind="drug", code=BARCODE, billed=Decimal("50"), service_date=CARE_DAY, quantity=2)

    care_sheet = care_sheet_open(actor=clerk, sheet=sheet(member, centre, lines=[line]))

    [stored] = care_sheet.lines.all()
    assert (stored.kind, stored.code, stored.quantity) == ("drug", "PARA-500", 2)


def test_a_barcode_with_a_wrong_check_digit_is_refused(clerk, centre, shelf, member):
    wrong = BARCODE[:-1] + str((int(BARCODE[-1]) + 1) % 10)
    line = LineInput(kind="drug", code=wrong, billed=Decimal("50"), service_date=CARE_DAY)

    error = refused(clerk, sheet(member, centre, lines=[line]))

    assert (error.code, error.field) == (ErrorCode.INVALID, "lines-0-code")


def test_only_an_act_carries_a_coefficient(clerk, centre, shelf, member):
    line = LineInput(
        kind="device", code="DEV-BEQ", billed=Decimal("2000"), service_date=CARE_DAY, coefficient=Decimal("2")
    )

    error = refused(clerk, sheet(member, centre, lines=[line]))

    assert error.field == "lines-0-coefficient"


def test_icd10_invalid_is_refused(clerk, centre, tariff, member):
    error = refused(clerk, sheet(member, centre, diagnosis="J06.99X"))

    assert (error.code, error.field) == (ErrorCode.INVALID, "diagnosis")


def test_a_sheet_names_its_diagnosis(clerk, centre, tariff, member):
    error = refused(clerk, sheet(member, centre, diagnosis=" "))

    assert (error.code, error.field) == (ErrorCode.REQUIRED, "diagnosis")


def test_referral_out_to_a_lower_level_is_refused(clerk, centre, tariff, member, post):
    lower = refused(clerk, sheet(member, centre, referral_out_level="health_post"))
    same = refused(clerk, sheet(member, centre, referral_out_level="health_centre"))
    to_post = refused(clerk, sheet(member, centre, referral_out_facility_id=post.pk))

    assert {lower.field, same.field, to_post.field} == {"referral_out_level"}


def test_referral_out_goes_to_a_higher_level(clerk, centre, tariff, member, hospital):
    care_sheet = care_sheet_open(
        actor=clerk, sheet=sheet(member, centre, referral_out_facility_id=hospital.pk)
    )

    assert (care_sheet.referral_out_level, care_sheet.referral_out_facility) == (
        "regional_hospital",
        hospital,
    )


def test_referral_out_level_and_facility_must_agree(clerk, centre, tariff, member, hospital):
    error = refused(
        clerk,
        sheet(member, centre, referral_out_level="national_hospital", referral_out_facility_id=hospital.pk),
    )

    assert error.field == "referral_out_level"


def test_referral_in_records_where_and_when_it_came_from(clerk, centre, tariff, member, post):
    data = sheet(
        member,
        centre,
        referral_in_facility_id=post.pk,
        referral_in_on=CARE_DAY - DAY,
        referral_in_valid_until=CARE_DAY + 30 * DAY,
    )

    care_sheet = care_sheet_open(actor=clerk, sheet=data)

    assert (care_sheet.referral_in_facility, care_sheet.referral_in_level) == (post, "health_post")


def test_referral_in_needs_its_date_and_a_validity_after_it(clerk, centre, tariff, member):
    undated = refused(clerk, sheet(member, centre, referral_in_level="health_post"))
    backwards = refused(
        clerk,
        sheet(
            member,
            centre,
            referral_in_level="health_post",
            referral_in_on=CARE_DAY - DAY,
            referral_in_valid_until=CARE_DAY - 2 * DAY,
        ),
    )
    unknown_level = refused(
        clerk, sheet(member, centre, referral_in_level="dispensary", referral_in_on=CARE_DAY - DAY)
    )

    assert (undated.code, undated.field) == (ErrorCode.REQUIRED, "referral_in_on")
    assert backwards.field == "referral_in_valid_until"
    assert unknown_level.field == "referral_in_level"


def test_a_clerk_opens_sheets_only_for_their_own_facility(other_clerk, centre, tariff, member):
    error = refused(other_clerk, sheet(member, centre))

    assert error.code == ErrorCode.FORBIDDEN


def test_no_partial_data_when_the_sheet_fails_after_its_lines_are_written(
    clerk, centre, tariff, member, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(register, "audit_record", broken)

    with pytest.raises(RuntimeError):
        care_sheet_open(actor=clerk, sheet=sheet(member, centre))

    assert not CareSheet.objects.exists() and not CareSheetLine.objects.exists()
