"""Forms of the provider pages: they parse input; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.common.errors import DomainError
from sanad.common.vocabulary import FacilityKind, Sector, Specialty
from sanad.funds.types import FundProfile
from sanad.providers.checklist import PREREQUISITES
from sanad.providers.facility_rules import facility_code_free, field_clean
from sanad.providers.statuses import SignatoryParty


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


def _on(label=None) -> forms.DateField:
    return forms.DateField(label=label or _("Date"), widget=DateInput)


class RequestForm(forms.Form):
    requested_on = _on(_("Request date"))
    directorate_copy = forms.CharField(
        label=_("Copy to the regional health directorate"), max_length=200, required=False
    )


class MissionAnnounceForm(forms.Form):
    on = _on(_("Date of the letter"))
    planned_on = forms.DateField(label=_("Planned mission date"), widget=DateInput, required=False)


class MissionRecordForm(forms.Form):
    on = _on(_("Mission date"))
    experts = forms.CharField(label=_("Experts"), max_length=500)
    report = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label, maximum in PREREQUISITES:
            self.fields[f"score_{code}"] = forms.IntegerField(
                label=_("%(label)s (out of %(max)s)") % {"label": label, "max": maximum},
                min_value=0,
                max_value=maximum,
            )

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"score_{code}"] for code, _label, _max in PREREQUISITES}


class DateOnlyForm(forms.Form):
    on = _on()


class RefuseForm(forms.Form):
    on = _on(_("Date of the letter"))
    reasons = forms.CharField(label=_("Reasons for refusal"), widget=forms.Textarea(attrs={"rows": 3}))


class DraftForm(forms.Form):
    on = _on(_("Date sent"))
    validity_months = forms.IntegerField(label=_("Validity (months)"), initial=36, min_value=1, max_value=120)
    tariff_schedule = forms.CharField(label=_("Tariff schedule"), max_length=32)


class SignForm(forms.Form):
    party = forms.ChoiceField(label=_("Signed by"), choices=SignatoryParty.choices)
    on = _on(_("Date of signature"))


class ReasonForm(forms.Form):
    on = _on()
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RenewForm(forms.Form):
    on = _on(_("Date of renewal"))
    validity_months = forms.IntegerField(label=_("Validity (months)"), initial=36, min_value=1, max_value=120)
    tariff_schedule = forms.CharField(label=_("Tariff schedule"), max_length=32, required=False)


class DirectBillingApplyForm(forms.Form):
    applied_on = _on(_("Application date"))
    bank_account = forms.CharField(label=_("Bank account (IBAN or RIB)"), max_length=40)
    registration_sheet = forms.CharField(label=_("Regulator's registration sheet"), max_length=64)


class DecideForm(forms.Form):
    on = _on(_("Decision date"))
    grant = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Grant")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FacilityForm(forms.Form):
    """A facility's details as a manager edits them; each field runs the check the service runs, so every
    error shows next to its field at once."""

    name_fr = forms.CharField(label=_("Name (French)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=FacilityKind.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    level = forms.ChoiceField(label=_("Level on the care pyramid"))
    region = forms.ChoiceField(label=_("Region"))
    health_directorate = forms.CharField(
        label=_("Regional health directorate"), max_length=200, required=False
    )
    # Most facilities give curative care; the model's default, checked until the manager says otherwise.
    mission_curative = forms.BooleanField(label=_("Permanent curative care"), required=False, initial=True)
    mission_preventive = forms.BooleanField(label=_("Permanent preventive care"), required=False)
    mission_rehabilitation = forms.BooleanField(label=_("Permanent rehabilitation"), required=False)
    bank_account = forms.CharField(label=_("Bank account (IBAN or RIB)"), max_length=40, required=False)
    regulator_registration = forms.CharField(
        label=_("Regulator's registration"), max_length=64, required=False
    )
    provider_identifier = forms.CharField(
        label=_("Provider identifier (INPE)"), max_length=32, required=False
    )

    def __init__(self, *args: Any, profile: FundProfile, language: str = "fr", settled: bool = False, **kw):
        super().__init__(*args, **kw)
        self.profile = profile
        blank = [("", "—")]
        self.fields["kind"].choices = blank + list(FacilityKind.choices)
        self.fields["sector"].choices = blank + list(Sector.choices)
        self.fields["level"].choices = blank + [
            (level.code, level.label.get(language)) for level in profile.care_pyramid.levels
        ]
        self.fields["region"].choices = blank + [(r.code, r.name.get(language)) for r in profile.regions]
        self.fields["name_ar"].widget.attrs.update(lang="ar", dir="rtl")
        if settled:
            for name in ("kind", "sector"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Fixed once the facility has asked for an agreement or direct billing."
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in self.fields:
            if name in data and name not in self.errors:
                try:
                    data[name] = field_clean(name, data[name], self.profile)
                except DomainError as error:
                    self.add_error(name, error.message)
        return data


class FacilityEditForm(FacilityForm):
    """A facility's details once registered: its bank account is changed only on the audited, four-eyes
    page of settlement (a payment goes to the account valid on the run's date), so it is not offered here."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        del self.fields["bank_account"]


class FacilityRegisterForm(FacilityForm):
    """A new facility: its code first, then the details (its first bank account among them)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("2 to 32 letters, digits or hyphens; it names the facility on every paper."),
    )
    field_order = ["code"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "code" in data and "code" not in self.errors:
            try:
                facility_code_free(data["code"])
            except DomainError as error:
                self.add_error("code", error.message)
        return data


class PractitionerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    specialty = forms.ChoiceField(label=_("Specialty"), choices=Specialty.choices)
    identifier = forms.CharField(label=_("Identifier"), max_length=32)


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
