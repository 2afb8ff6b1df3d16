"""The reimbursement form in plain words, for the insured person online and the branch counter: what the
fund reimburses (the profile's cases), who was cared for, the facility chosen from the fund's list by its
code and name, the care and the medicines chosen from the catalog by their label (searched by name, the
code shown second), the amounts paid and the photos of the invoice and the prescription. Nothing is typed
as a code: a code is what is chosen from a list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.selectors.reimbursement_choices import FacilityChoice, reimbursement_facilities
from sanad.claims.services.reimbursements import MAX_SCAN_MB, Scan
from sanad.claims.statuses import DocumentKind, LineKind
from sanad.common.guards import AmountField, PastDateField, validate_identifier
from sanad.common.money import amount_text
from sanad.common.scans import ScanField
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.registry.models import Member

MAX_LINES = 30
# The kinds of line in the words of an invoice, not of the catalog.
KIND_CHOICES = [
    (LineKind.ACT.value, gettext_lazy("Consultation, examination or care")),
    (LineKind.DRUG.value, gettext_lazy("Medicine")),
    (LineKind.DEVICE.value, gettext_lazy("Medical device")),
]


def facility_groups(
    facilities: list[FacilityChoice], *, language: str, first_region: str = ""
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The facilities grouped under their region's name in the reader's language, the member's own region
    first: the options of the facility list."""
    profile = active_profile()
    groups: dict[str, list[tuple[str, str]]] = {}
    for facility in facilities:
        groups.setdefault(facility.region, []).append((facility.code, facility.label(language)))

    def name(code: str) -> str:
        try:
            return profile.region(code).name.get(language)
        except KeyError:
            return code

    order = sorted(groups, key=lambda code: (code != first_region, name(code)))
    return [(name(code), groups[code]) for code in order]


def reimbursed_cases(profile: FundProfile) -> list[str]:
    """What the fund reimburses to the insured, in plain words: one sentence per case of the profile's
    `claims.insured_reimbursed_for` (seed 004: private care paid first; seed 002: care below the
    direct-billing threshold, which the facility does not bill the fund for)."""
    rules = profile.claims
    cases = []
    if rules.patient_pays_first_in_private:
        cases.append(_("Care paid to a private facility of the fund's list: the patient pays it first."))
    threshold = rules.direct_billing_threshold
    if rules.reimburses_below_direct_billing_threshold and threshold is not None:
        cases.append(
            _(
                "Care of less than %(threshold)s at a facility that bills the fund directly: below that "
                "amount the facility does not bill the fund, the patient pays it and files it here."
            )
            % {"threshold": amount_text(threshold, profile)}
        )
    return cases


class ReimbursementForm(forms.Form):
    """The facility's care sheet, as the insured reads it on the invoice they paid."""

    beneficiary = forms.ChoiceField(label=gettext_lazy("Who received the care"))
    facility = forms.ChoiceField(
        label=gettext_lazy("Facility where the care was paid"),
        help_text=gettext_lazy(
            "The facilities whose care the fund reimburses, by code and name: type part of the name to find "
            "it."
        ),
        error_messages={
            "required": gettext_lazy("Choose the facility in the list."),
            "invalid_choice": gettext_lazy(
                "Choose the facility in the list: the fund reimburses only the care paid to the facilities "
                "listed."
            ),
        },
    )
    facility_find = forms.CharField(label=gettext_lazy("Find the facility"), max_length=100, required=False)
    receipt_number = forms.CharField(
        label=gettext_lazy("Number printed on the invoice"),
        max_length=40,
        validators=[validate_identifier],
        help_text=gettext_lazy("The number of the invoice (receipt) the facility gave when it was paid."),
    )
    care_type = forms.ChoiceField(label=gettext_lazy("Kind of care"))
    care_date = PastDateField(label=gettext_lazy("Date of care"))
    admission_date = PastDateField(
        label=gettext_lazy("Admission date"),
        required=False,
        help_text=gettext_lazy("Only for a stay in hospital."),
    )
    discharge_date = PastDateField(
        label=gettext_lazy("Discharge date"),
        required=False,
        help_text=gettext_lazy("Only for a stay in hospital."),
    )
    diagnosis = forms.CharField(label=gettext_lazy("Illness"), max_length=10, required=False)
    diagnosis_find = forms.CharField(
        label=gettext_lazy("Illness, if the doctor wrote it"), max_length=100, required=False
    )
    practitioner_name = forms.CharField(label=gettext_lazy("Doctor's name"), max_length=200, required=False)
    scan_receipt = ScanField(
        max_mb=MAX_SCAN_MB,
        required=True,
        label=gettext_lazy("Photo or scan of the invoice paid"),
        error_messages={"required": gettext_lazy("Attach a photo or a scan of the invoice paid.")},
    )
    scan_prescription = ScanField(
        max_mb=MAX_SCAN_MB, label=gettext_lazy("Photo or scan of the prescription"), required=False
    )
    scan_results = ScanField(
        max_mb=MAX_SCAN_MB, label=gettext_lazy("Photo or scan of the results"), required=False
    )

    SCANS = {
        "scan_receipt": DocumentKind.RECEIPT,
        "scan_prescription": DocumentKind.PRESCRIPTION,
        "scan_results": DocumentKind.RESULTS,
    }

    def __init__(self, *args: Any, member: Member, language: str = "fr", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.language = language
        name = member.full_name_ar if language == "ar" and member.full_name_ar else member.full_name
        choices = [(f"M{member.pk}", f"{name} · {_('Insured person')}")]
        for d in member.dependants.all():
            own = d.full_name_ar if language == "ar" and d.full_name_ar else d.full_name
            choices.append((f"D{d.pk}", f"{own} · {d.get_relationship_display()}"))
        self.fields["beneficiary"].choices = choices
        self.facilities = reimbursement_facilities()
        self.fields["facility"].choices = [(f.code, f.label(language)) for f in self.facilities]
        profile = active_profile()
        self.fields["care_type"].choices = [(c.code, c.label.get(language)) for c in profile.care_types]

    def facility_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return facility_groups(self.facilities, language=self.language, first_region=self.member.region)

    def facility_value(self) -> str:
        value = self["facility"].value()
        return str(value or "")

    def beneficiary_ids(self) -> tuple[int | None, int | None]:
        value = self.cleaned_data["beneficiary"]
        number = int(value[1:])
        return (number, None) if value.startswith("M") else (None, number)

    def scans(self) -> list[Scan]:
        return [
            Scan(kind=kind, file=self.cleaned_data[name])
            for name, kind in self.SCANS.items()
            if self.cleaned_data.get(name)
        ]


class LineForm(forms.Form):
    """One thing paid for: chosen from the catalog by its label; the counter also copies the coefficient
    written on the invoice."""

    kind = forms.ChoiceField(
        label=gettext_lazy("What was paid for"), choices=KIND_CHOICES, initial=LineKind.ACT
    )
    find = forms.CharField(label=gettext_lazy("Search by name"), max_length=100, required=False)
    code = forms.CharField(
        label=gettext_lazy("Care or medicine"),
        max_length=32,
        error_messages={
            "required": gettext_lazy(
                "Search for the care or the medicine by its name, then choose it in the list."
            )
        },
    )
    quantity = forms.IntegerField(label=gettext_lazy("How many"), min_value=1, max_value=999, initial=1)
    billed = AmountField(label=gettext_lazy("Amount paid"))
    service_date = PastDateField(
        label=gettext_lazy("Date, if not the date of care"),
        required=False,
    )
    coefficient = forms.DecimalField(
        label=gettext_lazy("Coefficient written on the invoice"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=gettext_lazy("For an act only, when the invoice gives one (50 for K50)."),
    )

    def __init__(self, *args: Any, counter: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not counter:  # an insured person does not know the nomenclature's coefficients
            del self.fields["coefficient"]


class BaseLineFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": gettext_lazy("Enter at least one care or medicine paid."),
    }


LineFormSet = forms.formset_factory(
    LineForm,
    formset=BaseLineFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
)
