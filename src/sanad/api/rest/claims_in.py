"""What the claims API takes in, made into the services' inputs: a care sheet sent to be opened or
corrected becomes a `CareSheetInput`, a facility's code its id; and the services' names of a sheet's fields
(`lines-1-code`, `member`) made the request's (`lines[1].code`, `registration_number`), for
`claims_out.fields_renamed`."""

from __future__ import annotations

import re

from sanad.api.rest.claims_schemas import CareIn
from sanad.claims.selectors.facility import facility_id_by_code
from sanad.claims.services import CareSheetInput, LineInput
from sanad.common.errors import DomainError, ErrorCode

# The service's names of a sheet's fields → the request's.
_SHEET_FIELDS = {
    "member": "registration_number",
    "dependant": "dependant_id",
    "practitioner_name": "practitioner",
    "referral_in_facility": "referral_in.facility_code",
    "referral_in_facility_id": "referral_in.facility_code",
    "referral_in_level": "referral_in.level",
    "referral_in_on": "referral_in.on",
    "referral_in_valid_until": "referral_in.valid_until",
    "referral_out_level": "referral_out.level",
    "referral_out_facility": "referral_out.facility_code",
    "referral_out_facility_id": "referral_out.facility_code",
}
_LINE_FIELD = re.compile(r"lines-(\d+)-(\w+)")


def sheet_field(field: str) -> str:
    """The request's name of a sheet's field the service named."""
    line = _LINE_FIELD.fullmatch(field)
    return f"lines[{line[1]}].{line[2]}" if line else _SHEET_FIELDS.get(field, field)


def facility_id_of(code: str | None, field: str) -> int | None:
    """The id of the facility of `code` (none without a code); an unknown code is 404 naming `field`."""
    if not code:
        return None
    found = facility_id_by_code(code=code)
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, field=field)
    return found


def sheet_input(
    data: CareIn, facility_id: int, member_id: int | None, dependant_id: int | None
) -> CareSheetInput:
    """The care sent in, at `facility_id`, for the member or (if given) their dependant."""
    referral_in, referral_out = data.referral_in, data.referral_out
    return CareSheetInput(
        facility_id=facility_id,
        member_id=None if dependant_id else member_id,
        dependant_id=dependant_id,
        care_type=data.care_type.value,
        care_date=data.care_date,
        admission_date=data.admission_date,
        discharge_date=data.discharge_date,
        diagnosis=data.diagnosis,
        practitioner_name=data.practitioner.strip(),
        emergency=data.emergency,
        referral_in_facility_id=facility_id_of(
            referral_in and referral_in.facility_code, "referral_in.facility_code"
        ),
        referral_in_level=referral_in.level if referral_in else "",
        referral_in_on=referral_in.on if referral_in else None,
        referral_in_valid_until=referral_in.valid_until if referral_in else None,
        referral_out_level=referral_out.level if referral_out else "",
        referral_out_facility_id=facility_id_of(
            referral_out and referral_out.facility_code, "referral_out.facility_code"
        ),
        lines=[
            LineInput(
                kind=line.kind.value,
                code=line.code,
                billed=line.billed,
                service_date=line.service_date,
                quantity=line.quantity,
                coefficient=line.coefficient,
            )
            for line in data.lines
        ],
    )
