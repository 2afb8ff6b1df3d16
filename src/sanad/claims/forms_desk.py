"""Forms of the facility's desk: they parse what the clerk typed; the rules live in the services."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import CareSheet
from sanad.claims.selectors.facility import facility_id_by_code
from sanad.claims.services.corrections import REASON_MAX
from sanad.claims.services.register import CareSheetInput, LineInput
from sanad.claims.services.sheet_rules import MAX_QUANTITY
from sanad.claims.statuses import CareType, DocumentKind, LineKind
from sanad.common.errors import DomainError
from sanad.common.guards import (
    AmountField,
    DayField,
    GuardError,
    PastDateField,
    VersionField,
    validate_identifier,
)
from sanad.common.vocabulary import specialty_name
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility, Practitioner

_SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


class DeskCheckForm(forms.Form):
    """A registration number typed, or a certificate's QR code read by a scanner (it types the link)."""

    query = forms.CharField(
        label=_("Registration number or certificate code"),
        max_length=2100,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}),
    )


def _searching(url: str, target: str, include: str, row: str | None = None) -> dict[str, str]:
    """The htmx attributes of a box that searches as the clerk types (a bounded list of what matches)."""
    attrs = {
        "hx-get": url,
        "hx-trigger": "input changed delay:300ms, search",
        "hx-target": target,
        "hx-include": include,
        "hx-sync": "this:replace",
        "autocomplete": "off",
        "spellcheck": "false",
    }
    if row is not None:
        attrs["hx-vals"] = json.dumps({"row": row})
    return attrs


def _diagnosis_field() -> forms.CharField:
    return forms.CharField(
        label=_("Diagnosis (ICD-10)"),
        max_length=10,
        help_text=_("Type the code, or words of the diagnosis to find it."),
    )


def _diagnosis_searches(form: forms.Form) -> None:
    form.fields["diagnosis"].widget.attrs.update(
        _searching(reverse("claims:desk_diagnoses"), "#found-diagnosis", "#id_care_date")
    )


class DiagnosisForm(forms.Form):
    """The diagnosis alone: the care sheet's field, filled again with the code the clerk picked."""

    diagnosis = _diagnosis_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _diagnosis_searches(self)


class CareSheetForm(forms.Form):
    care_date = PastDateField(label=_("Date of care"), widget=DateInput)
    care_type = forms.ChoiceField(label=_("Care type"), choices=CareType.choices)
    admission_date = PastDateField(label=_("Admission date"), widget=DateInput, required=False)
    discharge_date = PastDateField(label=_("Discharge date"), widget=DateInput, required=False)
    diagnosis = _diagnosis_field()
    practitioner = forms.ChoiceField(label=_("Practitioner"), required=False)
    practitioner_other = forms.CharField(
        label=_("Or another practitioner (name)"), max_length=200, required=False
    )
    emergency = forms.BooleanField(label=_("Emergency"), required=False)
    referral_in_facility = forms.CharField(
        label=_("Referred by (facility code)"), max_length=32, required=False
    )
    referral_in_level = forms.ChoiceField(label=_("Level of the referring facility"), required=False)
    referral_in_on = PastDateField(label=_("Referral date"), widget=DateInput, required=False)
    referral_in_valid_until = DayField(label=_("Referral valid until"), widget=DateInput, required=False)
    referral_out_level = forms.ChoiceField(label=_("Referred to level"), required=False)
    referral_out_facility = forms.CharField(
        label=_("Referred to (facility code)"), max_length=32, required=False
    )
    # The version of the sheet the page showed (a correction): of two clerks, the second is told.
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        practitioners: list[Practitioner],
        profile: FundProfile,
        language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.practitioners = {str(p.pk): p for p in practitioners}
        self.fields["practitioner"].choices = [("", "—")] + [
            (str(p.pk), f"{p.name} ({specialty_name(p.specialty)})") for p in practitioners
        ]
        levels = [("", "—")] + [(lv.code, lv.label.get(language)) for lv in profile.care_pyramid.levels]
        self.fields["referral_in_level"].choices = levels
        self.fields["referral_out_level"].choices = levels
        _diagnosis_searches(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = self.practitioners.get(data.get("practitioner") or "")
        other = (data.get("practitioner_other") or "").strip()
        if chosen is None and not other:
            self.add_error("practitioner", _("Choose the practitioner or type their name."))
        data["practitioner_name"] = chosen.name if chosen is not None else other
        for name in ("referral_in_facility", "referral_out_facility"):
            code = (data.get(name) or "").strip()
            data[f"{name}_id"] = None
            if code:
                data[f"{name}_id"] = facility_id_by_code(code=code)
                if data[f"{name}_id"] is None:
                    self.add_error(name, _("No facility has this code."))
        return data


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LineKind.choices)
    code = forms.CharField(
        label=_("Code or barcode"),
        max_length=32,
        help_text=_("An act's or a device's code; a drug's code or its barcode (EAN-13)."),
    )
    coefficient = forms.DecimalField(
        label=_("Coefficient"), max_digits=8, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1)
    billed = AmountField(label=_("Amount billed"))
    service_date = PastDateField(label=_("Date of service"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The code searches the catalog as it is typed: acts, drugs or devices with their tariff that day.
        row = self.prefix or ""
        self.fields["code"].widget.attrs.update(
            _searching(reverse("claims:desk_items"), f"#found-{row}", "closest tr", row)
        )
        self.hint: Any = None  # the tariff in force and whether the amount billed exceeds it (the page's)


MAX_LINES = 200
LineFormSet = forms.formset_factory(
    LineForm, extra=0, can_delete=True, max_num=MAX_LINES, absolute_max=MAX_LINES
)


def lines_formset(
    data: Any = None, *, initial_day: datetime.date | None = None, lines: list[dict] | None = None
) -> Any:
    """The sheet's lines: its recorded `lines` (a correction), or one row to start with, filled with the
    day of care; the page adds rows."""
    initial = None
    if data is None:
        initial = lines if lines else [{"service_date": initial_day, "quantity": 1}]
    return LineFormSet(data, prefix="lines", initial=initial)


def line_row(index: int, initial: dict[str, Any] | None = None) -> LineForm:
    """A row of the sheet's lines named as the formset's row `index` (with its remove box): blank when
    added, or filled with `initial` (a code picked from the catalog, its amount from the tariff)."""
    formset = LineFormSet(prefix="lines")
    form = formset.form(
        auto_id=formset.auto_id,
        prefix=formset.add_prefix(index),
        initial=initial,
        empty_permitted=True,
        use_required_attribute=False,
        renderer=formset.renderer,
    )
    formset.add_fields(form, index)
    return form


def sheet_initial(care_sheet: CareSheet, practitioners: list[Practitioner]) -> tuple[dict, list[dict]]:
    """The correction form's values: the sheet as recorded, and one row per line."""
    by_name = {p.name: str(p.pk) for p in practitioners}
    chosen = by_name.get(care_sheet.practitioner_name, "")
    initial = {
        "care_date": care_sheet.care_date,
        "care_type": care_sheet.care_type,
        "admission_date": care_sheet.admission_date,
        "discharge_date": care_sheet.discharge_date,
        "diagnosis": care_sheet.diagnosis,
        "practitioner": chosen,
        "practitioner_other": "" if chosen else care_sheet.practitioner_name,
        "emergency": care_sheet.emergency,
        "referral_in_facility": getattr(care_sheet.referral_in_facility, "code", ""),
        "referral_in_level": care_sheet.referral_in_level,
        "referral_in_on": care_sheet.referral_in_on,
        "referral_in_valid_until": care_sheet.referral_in_valid_until,
        "referral_out_level": care_sheet.referral_out_level,
        "referral_out_facility": getattr(care_sheet.referral_out_facility, "code", ""),
        "version": care_sheet.version,
    }
    lines = [
        {
            "kind": line.kind,
            "code": line.code,
            "coefficient": line.coefficient,
            "quantity": line.quantity,
            "billed": line.billed,
            "service_date": line.service_date,
        }
        for line in care_sheet.lines.all()
    ]
    return initial, lines


def sheet_input(
    form: CareSheetForm, formset: Any, *, facility: Facility, member_id: int | None, dependant_id: int | None
) -> tuple[CareSheetInput, list[int]]:
    """The sheet to open and, for each of its lines, the index of the row of the formset it came from."""
    data = form.cleaned_data
    lines, rows = [], []
    for index, row in enumerate(formset.forms):
        # Rows added and left blank, and rows marked for removal, bill nothing.
        if index >= formset.initial_form_count() and not row.has_changed():
            continue
        if row.cleaned_data.get("DELETE") or not row.cleaned_data:
            continue
        line = row.cleaned_data
        lines.append(
            LineInput(
                kind=line["kind"],
                code=line["code"].strip(),
                billed=line["billed"],
                service_date=line["service_date"],
                quantity=line["quantity"],
                coefficient=line.get("coefficient"),
            )
        )
        rows.append(index)
    sheet = CareSheetInput(
        facility_id=facility.pk,
        member_id=None if dependant_id else member_id,
        dependant_id=dependant_id,
        care_type=data["care_type"],
        care_date=data["care_date"],
        lines=lines,
        admission_date=data.get("admission_date"),
        discharge_date=data.get("discharge_date"),
        diagnosis=data["diagnosis"],
        practitioner_name=data["practitioner_name"],
        emergency=bool(data.get("emergency")),
        referral_in_facility_id=data.get("referral_in_facility_id"),
        referral_in_level=data.get("referral_in_level") or "",
        referral_in_on=data.get("referral_in_on"),
        referral_in_valid_until=data.get("referral_in_valid_until"),
        referral_out_level=data.get("referral_out_level") or "",
        referral_out_facility_id=data.get("referral_out_facility_id"),
    )
    return sheet, rows


def beside_field(error: DomainError) -> str:
    """What a page shows beside the field at fault, whose label it already shows: a guard's rule alone."""
    return error.rule if isinstance(error, GuardError) else error.message


def sheet_error(form: CareSheetForm, formset: Any, error: DomainError, rows: list[int]) -> None:
    """Show a broken rule next to its field: a line's in its row ("lines-<i>-<field>"), else the sheet's;
    a rule that names no field of the page, with the field's name, above the form."""
    field = error.field or ""
    if field.startswith("lines-"):
        _prefix, index, name = field.split("-", 2)
        row = formset.forms[rows[int(index)]]
        if name in row.fields:
            row.add_error(name, beside_field(error))
        else:
            row.add_error(None, error.message)
        return
    aliases = {
        "referral_in_facility_id": "referral_in_facility",
        "referral_out_facility_id": "referral_out_facility",
    }
    field = aliases.get(field, field)
    if field in form.fields and field != "version":
        form.add_error(field, beside_field(error))
    else:
        form.add_error(None, error.message)


class BillingFileForm(forms.Form):
    invoice_number = forms.CharField(
        label=_("Invoice number"), max_length=40, validators=[validate_identifier]
    )
    # The version of the sheet the page showed (a correction of the invoice number).
    version = VersionField()


class CancelForm(forms.Form):
    """Why a care sheet (and its draft billing file) is cancelled, and the version of the sheet the page
    showed."""

    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = VersionField()


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    scan = forms.FileField(
        label=_("Scan (PDF, JPEG or PNG, 5 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": _SCAN_ACCEPT}),
    )


class InfoAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    kind = forms.ChoiceField(label=_("Document"), choices=[("", "—"), *DocumentKind.choices], required=False)
    scan = forms.FileField(
        label=_("Scan (PDF, JPEG or PNG, 5 MB at most)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": _SCAN_ACCEPT}),
    )
