"""Forms of the enrollment wizard: the person, their identity documents, one dependant at a time.

They parse and run the register's own field checks, so each step shows its errors next to the field;
the final write is the one call to `enrollment_submit`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from sanad.common.errors import DomainError
from sanad.common.guards import DayField, validate_identifier
from sanad.common.scans import ScanField
from sanad.common.vocabulary import country_choices
from sanad.funds import RegistrationNumberError, registration_number_check
from sanad.funds.active import active_profile
from sanad.registry.forms import DateInput, region_choices
from sanad.registry.models import Population, Relationship, Sex
from sanad.registry.rules import certificate_kinds, photo_check
from sanad.registry.rules.numbers import registration_number_message
from sanad.registry.services import phone_normalize
from sanad.registry.vocabulary import CertificateKind


def language_choices() -> list[tuple[str, str]]:
    """The fund profile's languages, each under its own name (a reader finds theirs in any page language)."""
    return [(code, get_language_info(code)["name_local"]) for code in active_profile().languages]


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a broken rule next to its field (or above the form when the field is not on it)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    first_name_ar = forms.CharField(label=_("First name (Arabic)"), max_length=80, required=False)
    last_name_ar = forms.CharField(label=_("Last name (Arabic)"), max_length=80, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = DayField(label=_("Birth date"), widget=DateInput)
    nationality = forms.ChoiceField(label=_("Nationality"))
    population = forms.ChoiceField(label=_("Population"), choices=Population.choices)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    region = forms.ChoiceField(label=_("Region"))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    photo = forms.ImageField(label=_("Photo"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the SMS"),
        required=False,  # left empty: the fund's default language
        help_text=_("The language in which the fund writes to the member."),
    )
    registration_number = forms.CharField(
        label=_("Registration number"),
        max_length=32,
        required=False,
        help_text=_("Leave empty to give the fund's next number."),
    )

    def __init__(self, *args: Any, language: str = "fr", has_photo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_photo = has_photo
        self.fields["region"].choices = region_choices(language)
        self.fields["nationality"].choices = country_choices(language)
        self.fields["nationality"].initial = active_profile().country
        # The fund's languages, each named in itself; the fund's default first and chosen unless changed
        # (the profile gives its branches no language of their own).
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = active_profile().default_language
        for name in ("first_name_ar", "last_name_ar"):
            self.fields[name].widget.attrs.update(lang="ar", dir="rtl")

    def clean_phone(self) -> str:
        try:
            return phone_normalize(raw=self.cleaned_data["phone"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from error

    def clean_birth_date(self) -> date:
        value = self.cleaned_data["birth_date"]
        if value > date.today():
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        return value

    def clean_registration_number(self) -> str:
        value = self.cleaned_data["registration_number"].strip()
        if value:
            try:
                registration_number_check(active_profile(), value)
            except RegistrationNumberError as error:
                message = registration_number_message(active_profile(), error)
                raise forms.ValidationError(message) from error
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_photo = self.has_photo or bool(data.get("photo"))
        verdict = photo_check(active_profile(), has_photo=has_photo)
        if not verdict.ok:
            self.add_error("photo", verdict.message)
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"))
    number = forms.CharField(label=_("Number"), max_length=40, validators=[validate_identifier])
    expires_on = DayField(label=_("Expires on"), widget=DateInput, required=False)
    scan = ScanField(label=_("Scan"))

    def __init__(self, *args: Any, population: str = "national", language: str = "fr", **kwargs: Any):
        super().__init__(*args, **kwargs)
        kinds = active_profile().identity.documents_for(population)
        # A blank first choice: a row left untouched is ignored rather than refused.
        self.fields["kind"].choices = [("", "—")] + [(k.code, k.label.get(language)) for k in kinds]


class DocumentFormSet(forms.BaseFormSet):
    """Two rows: one document is enough, a second may be handed in; a blank row is ignored."""

    def __init__(self, *args: Any, population: str = "national", language: str = "fr", **kwargs: Any):
        self.population = population
        self.language = language
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"population": self.population, "language": self.language}


DocumentForms = forms.formset_factory(DocumentForm, formset=DocumentFormSet, extra=2, max_num=2)


class DependantForm(forms.Form):
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    first_name_ar = forms.CharField(label=_("First name (Arabic)"), max_length=80, required=False)
    last_name_ar = forms.CharField(label=_("Last name (Arabic)"), max_length=80, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = DayField(label=_("Birth date"), widget=DateInput)
    disabled = forms.BooleanField(label=_("Disabled"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(CertificateKind.choices)
        # Per certificate the profile's rules may ask for: its dates and an optional scan, kept pending
        # until the enrollment is submitted; left blank: not handed in.
        self.certificate_kinds = sorted(certificate_kinds(active_profile()))
        for kind in self.certificate_kinds:
            label = labels.get(kind, kind)
            self.fields[f"{kind}_issued_on"] = DayField(
                label=_("%(certificate)s: issued on") % {"certificate": label},
                widget=DateInput,
                required=False,
            )
            self.fields[f"{kind}_expires_on"] = DayField(
                label=_("%(certificate)s: expires on") % {"certificate": label},
                widget=DateInput,
                required=False,
            )
            self.fields[f"{kind}_scan"] = ScanField(label=_("%(certificate)s: scan") % {"certificate": label})
        for name in ("first_name_ar", "last_name_ar"):
            self.fields[name].widget.attrs.update(lang="ar", dir="rtl")

    def certificate_fields(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"{k}_issued_on"], self[f"{k}_expires_on"], self[f"{k}_scan"]]
            for k in self.certificate_kinds
        ]

    def certificate_scans(self) -> dict[str, Any]:
        """The scans handed in with this dependant's certificates, by kind."""
        data = self.cleaned_data
        return {k: data[f"{k}_scan"] for k in self.certificate_kinds if data.get(f"{k}_scan")}

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.base_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for kind in self.certificate_kinds:
            handed_in = data.get(f"{kind}_expires_on") or data.get(f"{kind}_scan")
            if handed_in and not data.get(f"{kind}_issued_on"):
                self.add_error(f"{kind}_issued_on", _("This value is required."))
        return data
