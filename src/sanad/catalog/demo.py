"""The demo catalog of a fund: key letters, a few hundred acts and drugs, devices, long-term conditions,
the benefit package and protocols, created with bulk inserts (about a second)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from sanad.catalog import demo_data as data
from sanad.catalog.models import (
    Act,
    BenefitPackageEntry,
    Device,
    Drug,
    ItemKind,
    KeyLetterValue,
    LongTermCondition,
    TreatmentProtocol,
)
from sanad.catalog.validators import ean13_check_digit
from sanad.common.demo import DemoContext

START = datetime.date(2020, 1, 1)
CENT = Decimal("0.01")
# What a Moroccan dirham is worth in demo ouguiyas, to derive CNASS drug prices (assumption: about 4 MRU).
MRU_PER_MAD = Decimal("4")
HOSPITAL_KINDS = ["regional_hospital", "national_hospital", "university_hospital", "military_hospital"]
# Category → constraints (assumptions: the usual limits of a fund's nomenclature).
CONSTRAINTS: dict[str, dict] = {
    "consultation": {"max_per_day": 1},
    "visit": {"max_per_day": 1},
    "surgery": {"min_level": 3},
    "surgery_package": {"min_level": 3, "needs_prior_approval": True},
    "intensive_care": {"min_level": 3, "facility_kinds": [*HOSPITAL_KINDS, "private_clinic"]},
    "dialysis": {"facility_kinds": [*HOSPITAL_KINDS, "dialysis_centre", "private_clinic"], "max_per_day": 1},
    "chemotherapy": {"facility_kinds": [*HOSPITAL_KINDS, "oncology_centre", "private_clinic"]},
    "radiotherapy": {"facility_kinds": ["university_hospital", "oncology_centre", "private_clinic"]},
    "physiotherapy": {"max_per_day": 1, "max_per_period": 30, "period_days": 365},
    "orthodontics_first_semester": {
        "max_age": 16,
        "needs_prior_approval": True,
        "max_per_period": 1,
        "period_days": 3650,
    },
    "orthodontics": {"max_age": 18},
    "optical": {"max_per_period": 1, "period_days": 730},
}
SEX_OF = {"CON-SF": "F", "IMG-OBS": "F", "CHI-CES": "F", "CHI-ACC": "F", "IMG-MAM": "F"}
AGE_OF = {"CON-PED": {"max_age": 15}}


def _moroccan(ctx: DemoContext) -> bool:
    return ctx.profile.country == "MA"


def _letters(ctx: DemoContext) -> list[KeyLetterValue]:
    ma = _moroccan(ctx)
    rows = []
    for letter, (mad, public, mru) in data.KEY_LETTERS.items():
        assumed = not (ma and public)
        source = data.PUBLIC if not assumed else (data.ASSUMED_MA if ma else data.ASSUMED_MR)
        start = START
        if letter == "CS":
            former = data.FORMER_CS[0 if ma else 1]
            rows.append(
                KeyLetterValue(
                    letter=letter,
                    value=former,
                    valid_from=datetime.date(2010, 1, 1),
                    valid_to=START - datetime.timedelta(days=1),
                    source="hypothèse : une valeur antérieure, pour l'historique",
                    assumption=True,
                )
            )
        rows.append(
            KeyLetterValue(
                letter=letter, value=mad if ma else mru, valid_from=start, source=source, assumption=assumed
            )
        )
    return rows


def _acts(ctx: DemoContext, count: int) -> list[Act]:
    ma = _moroccan(ctx)
    acts = []
    for code, label_fr, category, letter, coefficients, label_ar in data.ACTS:
        fields = {**CONSTRAINTS.get(category, {}), **AGE_OF.get(code, {})}
        if letter:
            public = ma and data.KEY_LETTERS[letter][1]
            price = {"key_letter": letter, "coefficient": Decimal(coefficients[0])}
        else:
            mad, public, mru = data.PACKAGES[category]
            public = ma and public
            price = {"package_price": mad if ma else mru}
        acts.append(
            Act(
                code=code,
                label_fr=label_fr,
                label_ar=label_ar,
                category=category,
                grid="NGAP" if letter else "FORFAITS",
                sex=SEX_OF.get(code, ""),
                valid_from=START,
                assumption=not public,
                source=data.PUBLIC if public else (data.ASSUMED_MA if ma else data.ASSUMED_MR),
                **price,
                **fields,
            )
        )
    number = 0
    while len(acts) < count:
        prefix, letter, category, label_fr, label_ar = data.FAMILIES[number % len(data.FAMILIES)]
        number += 1
        coefficient = Decimal(ctx.rng.choice([5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200]))
        acts.append(
            Act(
                code=f"{prefix}{number:04d}",
                label_fr=f"{label_fr} n° {number}",
                label_ar=f"{label_ar} {number}",
                category=category,
                grid=prefix.split("-")[0],
                key_letter=letter,
                coefficient=coefficient,
                valid_from=START,
                assumption=True,
                source="hypothèse : un acte numéroté de la grille, pour le volume",
                **CONSTRAINTS.get(category, {}),
            )
        )
    return acts


def _barcode(prefix: str, serial: int) -> str:
    first = f"{prefix}{serial:0{12 - len(prefix)}d}"
    return first + str(ean13_check_digit(first))


def _drugs(ctx: DemoContext, count: int) -> list[Drug]:
    ma = _moroccan(ctx)
    # 611: GS1 Morocco; 3400: French CIP13 codes of the drugs Mauritania imports (assumption).
    prefix = "611" if ma else "3400"
    drugs = []
    serial = 0
    while len(drugs) < count:
        molecule, form, strength, ppv, costly, long_term = data.DRUGS[(serial // 3) % len(data.DRUGS)]
        factor = data.FORMS_STRENGTH_FACTORS[serial % 3]
        generic = serial // (3 * len(data.DRUGS))
        price = (
            ppv * factor * (Decimal(1) - Decimal(generic % 5) / 10) * (1 if ma else MRU_PER_MAD)
        ).quantize(CENT)
        serial += 1
        drugs.append(
            Drug(
                code=f"MED-{serial:04d}",
                barcode=_barcode(prefix, serial),
                name=molecule + (f" G{generic}" if generic else ""),
                form=form,
                strength=strength if factor == 1 else f"{strength} ×{factor}",
                public_price=price,
                # The base is the price of the generic; here the price itself (assumption).
                reimbursement_base=price,
                direct_billing=costly or long_term,
                long_term_only=long_term,
                costly=costly,
                needs_prior_approval=costly,
                valid_from=START,
                assumption=True,
                source="hypothèse : ordre de grandeur du prix public",
            )
        )
    return drugs


def _devices(ctx: DemoContext) -> list[Device]:
    ma = _moroccan(ctx)
    return [
        Device(
            code=code,
            label_fr=label_fr,
            label_ar=label_ar,
            category=category,
            package_amount=amount if ma else amount * MRU_PER_MAD,
            needs_prior_approval=category != "optical",
            valid_from=START,
            assumption=True,
            source="hypothèse : ordre de grandeur du forfait",
        )
        for code, label_fr, category, amount, label_ar in data.DEVICES
    ]


def catalog_build(ctx: DemoContext, *, acts: int = 300, drugs: int = 300) -> None:
    """Create the demo catalog of `ctx.profile` with `acts` acts and `drugs` drugs."""
    profile = ctx.profile
    KeyLetterValue.objects.bulk_create(_letters(ctx))
    made_acts = Act.objects.bulk_create(_acts(ctx, acts), batch_size=2000)
    made_drugs = Drug.objects.bulk_create(_drugs(ctx, drugs), batch_size=2000)
    made_devices = Device.objects.bulk_create(_devices(ctx))
    LongTermCondition.objects.bulk_create(
        LongTermCondition(
            code=code,
            label_fr=label_fr,
            label_ar=label_ar,
            icd10_codes=list(icd),
            valid_from=START,
            assumption=True,
            source="hypothèse : d'après la liste marocaine des affections de longue durée (ALD)",
        )
        for code, label_fr, icd, label_ar in data.CONDITIONS
    )
    # CNASS covers only the services set with the ministry: here every act but the private-practice visits
    # and orthodontics (assumption); the Moroccan funds cover the whole nomenclature.
    excluded = {"visit", "orthodontics", "orthodontics_first_semester"} if profile.country != "MA" else set()
    start = START if profile.country == "MA" else datetime.date(2022, 1, 1)
    entries = [
        BenefitPackageEntry(fund=profile.code, code=obj.code, kind=kind, valid_from=start, assumption=True)
        for kind, objs in (
            (ItemKind.ACT, made_acts),
            (ItemKind.DRUG, made_drugs),
            (ItemKind.DEVICE, made_devices),
        )
        for obj in objs
        if getattr(obj, "category", "") not in excluded
    ]
    BenefitPackageEntry.objects.bulk_create(entries, batch_size=2000)
    # A smaller demo catalog lacks some of the codes the protocols name: they expect only what exists.
    known = {obj.code for obj in (*made_acts, *made_drugs)}
    TreatmentProtocol.objects.bulk_create(
        TreatmentProtocol(
            diagnosis=diagnosis,
            label=label,
            expected_codes=[code for code in codes if code in known],
            valid_from=START,
            assumption=True,
            source="hypothèse : protocole thérapeutique national simplifié",
        )
        for diagnosis, label, codes in data.PROTOCOLS
    )
    ctx.counts.update(
        {
            "key_letters": KeyLetterValue.objects.count(),
            "acts": len(made_acts),
            "drugs": len(made_drugs),
            "devices": len(made_devices),
            "long_term_conditions": len(data.CONDITIONS),
            "benefit_package": len(entries),
            "protocols": len(data.PROTOCOLS),
        }
    )


def catalog_load(ctx: DemoContext) -> None:
    """The demo catalog at its usual size."""
    catalog_build(ctx)
