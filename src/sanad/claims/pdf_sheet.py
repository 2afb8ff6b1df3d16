"""The printable care sheet (feuille de soins): the fund, the facility, the beneficiary, every service and
the boxes for signatures, in the reader's language (right to left in Arabic)."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi

from sanad.catalog.models import Act, Device, Drug
from sanad.claims.models import CareSheet
from sanad.claims.statuses import LineKind
from sanad.common.pdf import html_to_pdf
from sanad.funds.active import active_profile


def _labels(sheet: CareSheet, arabic: bool) -> dict[tuple[str, str], str]:
    """The catalog's name of each code on the sheet (any version: names rarely change), one query a kind."""
    lines = list(sheet.lines.all())
    labels: dict[tuple[str, str], str] = {}
    codes = {kind: {line.code for line in lines if line.kind == kind} for kind in LineKind.values}
    if codes[LineKind.ACT]:
        for code, fr, ar in Act.objects.filter(code__in=codes[LineKind.ACT]).values_list(
            "code", "label_fr", "label_ar"
        ):
            labels[(LineKind.ACT, code)] = (ar if arabic and ar else fr) or fr
    if codes[LineKind.DRUG]:
        for code, name, strength in Drug.objects.filter(code__in=codes[LineKind.DRUG]).values_list(
            "code", "name", "strength"
        ):
            labels[(LineKind.DRUG, code)] = f"{name} {strength}".strip()
    if codes[LineKind.DEVICE]:
        for code, fr, ar in Device.objects.filter(code__in=codes[LineKind.DEVICE]).values_list(
            "code", "label_fr", "label_ar"
        ):
            labels[(LineKind.DEVICE, code)] = (ar if arabic and ar else fr) or fr
    return labels


def care_sheet_html(sheet: CareSheet) -> str:
    """The care sheet as one HTML page with its style sheet inlined, ready for WeasyPrint."""
    language = (get_language() or "fr").split("-")[0]
    arabic = language == "ar"
    labels = _labels(sheet, arabic)
    lines = [(line, labels.get((line.kind, line.code), "")) for line in sheet.lines.all()]
    person = sheet.dependant or sheet.member
    member = sheet.dependant.member if sheet.dependant else sheet.member
    return render_to_string(
        "claims/desk/sheet_pdf.html",
        {
            "sheet": sheet,
            "lines": lines,
            "total": sum((line.billed for line in sheet.lines.all()), Decimal("0.00")),
            "person": person,
            "person_name": (person.full_name_ar if arabic and person.full_name_ar else person.full_name),
            "member": member,
            "facility": sheet.facility,
            "profile": active_profile(),
            "language": language,
            "rtl": get_language_bidi(),
        },
    )


def care_sheet_pdf(sheet: CareSheet) -> bytes:
    return html_to_pdf(care_sheet_html(sheet))
