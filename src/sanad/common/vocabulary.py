"""Words every app shares: the kinds of facility and the sectors (catalog constraints, network, claims),
practitioners' specialties and the names of countries in the reader's language."""

import gettext
import unicodedata
from functools import cache

import pycountry
from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    HEALTH_POST = "health_post", _("Health post")
    HEALTH_CENTRE = "health_centre", _("Health centre")
    REGIONAL_HOSPITAL = "regional_hospital", _("Regional hospital")
    NATIONAL_HOSPITAL = "national_hospital", _("National hospital")
    UNIVERSITY_HOSPITAL = "university_hospital", _("University hospital")
    MILITARY_HOSPITAL = "military_hospital", _("Military hospital")
    PRIVATE_CLINIC = "private_clinic", _("Private clinic")
    DIALYSIS_CENTRE = "dialysis_centre", _("Dialysis centre")
    EYE_CENTRE = "eye_centre", _("Eye centre")
    ONCOLOGY_CENTRE = "oncology_centre", _("Oncology centre")
    PHARMACY = "pharmacy", _("Pharmacy")
    LABORATORY = "laboratory", _("Laboratory")
    IMAGING_CENTRE = "imaging_centre", _("Imaging centre")


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    NON_PROFIT = "non_profit", _("Non-profit")
    PRIVATE = "private", _("Private")


class Specialty(models.TextChoices):
    """A practitioner's medical specialty: a code stored, its name shown in the reader's language."""

    GENERAL_MEDICINE = "general_medicine", _("General medicine")
    INTERNAL_MEDICINE = "internal_medicine", _("Internal medicine")
    PAEDIATRICS = "paediatrics", _("Paediatrics")
    OBSTETRICS = "obstetrics", _("Obstetrics")
    GYNAECOLOGY = "gynaecology", _("Gynaecology")
    SURGERY = "surgery", _("Surgery")
    ANAESTHESIA = "anaesthesia", _("Anaesthesia")
    CARDIOLOGY = "cardiology", _("Cardiology")
    NEPHROLOGY = "nephrology", _("Nephrology")
    OPHTHALMOLOGY = "ophthalmology", _("Ophthalmology")
    ENT = "ent", _("Ear, nose and throat")
    DERMATOLOGY = "dermatology", _("Dermatology")
    PSYCHIATRY = "psychiatry", _("Psychiatry")
    RADIOLOGY = "radiology", _("Radiology")
    ONCOLOGY = "oncology", _("Oncology")
    DENTISTRY = "dentistry", _("Dentistry")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    MIDWIFERY = "midwifery", _("Midwifery")
    PHARMACY = "pharmacy", _("Pharmacy")
    LABORATORY = "laboratory", _("Medical laboratory")


def specialty_name(value: str) -> str:
    """A specialty's name in the reader's language; a specialty typed before the list existed, as typed."""
    try:
        return str(Specialty(value).label)
    except ValueError:
        return value


@cache
def _country_catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(code: str, language: str) -> str:
    """An ISO 3166 country code (`MR`) → the country's name in `language` (`Mauritanie`, `موريتانيا`), from
    the translations pycountry ships; an unknown code is shown as is."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    return _country_catalogue(language).gettext(country.name)


def country_choices(language: str) -> list[tuple[str, str]]:
    """Every country as (code, name in `language`), in the alphabetical order of its name (accents aside)."""
    names = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]

    def key(choice: tuple[str, str]) -> str:
        plain = unicodedata.normalize("NFKD", choice[1]).encode("ascii", "ignore").decode()
        return plain.casefold() or choice[1]

    return sorted(names, key=key)
