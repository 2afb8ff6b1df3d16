"""Demo facilities: every level of the care pyramid in every region, plus private and specialised ones,
with their practitioners, agreements in every workflow state and direct-billing access."""

from __future__ import annotations

from sanad.common.demo import DemoContext
from sanad.common.vocabulary import Specialty
from sanad.providers.demo_network import agreements_load, direct_billing_load
from sanad.providers.models import Facility, FacilityKind, Practitioner, Sector
from sanad.providers.services import facility_staff_assign

_SPECIALTIES = (
    Specialty.GENERAL_MEDICINE,
    Specialty.PAEDIATRICS,
    Specialty.OBSTETRICS,
    Specialty.SURGERY,
    Specialty.NEPHROLOGY,
    Specialty.OPHTHALMOLOGY,
)
_NAMES = ("Dr Ahmed Salem", "Dr Mariem Sidi", "Dr Youssef Alaoui", "Dr Khadija Bennani", "Dr Oumar Ba")


def _rib_key(digits22: str) -> str:
    return f"{97 - (int(digits22) * 100) % 97:02d}"


def _bank_account(ctx: DemoContext) -> str:
    """A valid account: a Moroccan RIB, or elsewhere an IBAN around a BBAN with its national key."""
    if ctx.profile.country == "MA":
        body = "".join(str(ctx.rng.randint(0, 9)) for _ in range(22))
        return body + _rib_key(body)
    body = "".join(str(ctx.rng.randint(0, 9)) for _ in range(21))
    bban = body + _rib_key(body)
    number = int("".join(str(int(c, 36)) for c in bban + ctx.profile.country + "00"))
    return f"{ctx.profile.country}{98 - number % 97:02d}{bban}"


# (kind, sector, index of the pyramid level, how many per region, label in French, label in Arabic)
_PER_REGION = (
    (FacilityKind.HEALTH_POST, Sector.PUBLIC, 0, 4, "Poste de santé", "نقطة صحية"),
    (FacilityKind.HEALTH_CENTRE, Sector.PUBLIC, 1, 2, "Centre de santé", "مركز صحي"),
    (FacilityKind.REGIONAL_HOSPITAL, Sector.PUBLIC, 2, 1, "Centre hospitalier régional", "المستشفى الجهوي"),
    (FacilityKind.PRIVATE_CLINIC, Sector.PRIVATE, 2, 1, "Clinique", "مصحة"),
    (FacilityKind.PHARMACY, Sector.PRIVATE, 1, 2, "Pharmacie", "صيدلية"),
    (FacilityKind.LABORATORY, Sector.PRIVATE, 1, 1, "Laboratoire d'analyses", "مختبر تحاليل"),
)
# In the capital region only: the national and specialised centres.
_CAPITAL = (
    (
        FacilityKind.UNIVERSITY_HOSPITAL,
        Sector.PUBLIC,
        3,
        "Centre hospitalier universitaire",
        "المركز الاستشفائي الجامعي",
    ),
    (
        FacilityKind.NATIONAL_HOSPITAL,
        Sector.PUBLIC,
        3,
        "Centre hospitalier national",
        "المركز الاستشفائي الوطني",
    ),
    (FacilityKind.MILITARY_HOSPITAL, Sector.PUBLIC, 3, "Hôpital militaire", "المستشفى العسكري"),
    (FacilityKind.ONCOLOGY_CENTRE, Sector.PUBLIC, 3, "Centre national d'oncologie", "المركز الوطني للأورام"),
    (FacilityKind.DIALYSIS_CENTRE, Sector.NON_PROFIT, 2, "Centre d'hémodialyse", "مركز تصفية الكلى"),
    (FacilityKind.EYE_CENTRE, Sector.PRIVATE, 2, "Centre d'ophtalmologie", "مركز طب العيون"),
    (FacilityKind.IMAGING_CENTRE, Sector.PRIVATE, 2, "Centre d'imagerie médicale", "مركز التصوير الطبي"),
)


def facilities_load(ctx: DemoContext) -> None:
    """Create the demo network and bind the facility staff account to the first regional hospital."""
    levels = [level.code for level in ctx.profile.care_pyramid.levels]
    rows: list[Facility] = []
    serial = 0

    def add(kind: str, sector: str, level_index: int, region, name_fr: str, name_ar: str) -> None:
        nonlocal serial
        serial += 1
        rows.append(
            Facility(
                code=f"{ctx.profile.country}-F{serial:04d}",
                name_fr=f"{name_fr} de {region.name.fr}",
                name_ar=f"{name_ar} {region.name.ar}",
                kind=kind,
                sector=sector,
                level=levels[min(level_index, len(levels) - 1)],
                region=region.code,
                health_directorate=f"Direction régionale de la santé — {region.name.fr}",
                mission_preventive=kind in (FacilityKind.HEALTH_POST, FacilityKind.HEALTH_CENTRE),
                mission_rehabilitation=kind
                in (FacilityKind.REGIONAL_HOSPITAL, FacilityKind.UNIVERSITY_HOSPITAL),
                bank_account=_bank_account(ctx),
                regulator_registration=f"REG-{serial:05d}",
                provider_identifier=f"{ctx.rng.randint(10**8, 10**9 - 1)}"
                if ctx.profile.country == "MA"
                else "",
            )
        )

    regions = ctx.profile.regions
    for kind, sector, level_index, name_fr, name_ar in _CAPITAL:
        add(kind, sector, level_index, regions[0], name_fr, name_ar)
    for region in regions:
        for kind, sector, level_index, count, name_fr, name_ar in _PER_REGION:
            for number in range(1, count + 1):
                suffix = f" {number}" if count > 1 else ""
                add(kind, sector, level_index, region, name_fr + suffix, name_ar + suffix)
    Facility.objects.bulk_create(rows, batch_size=500)
    ctx.facilities = list(Facility.objects.order_by("code"))
    ctx.counts["facilities"] = len(ctx.facilities)
    hospital = next(f for f in ctx.facilities if f.kind == FacilityKind.REGIONAL_HOSPITAL)
    staff_user = ctx.users.get("facility_staff")
    if staff_user is not None:
        facility_staff_assign(actor=None, user=staff_user, facility=hospital)
    _practitioners_load(ctx)
    # Demo dates follow the day it is loaded, so that clocks and validity periods look current.
    today = ctx.today
    agreements_load(ctx, ctx.facilities, today, hospital)
    direct_billing_load(ctx, ctx.facilities, today)
    ctx.facilities = list(Facility.objects.order_by("code"))


def _practitioners_load(ctx: DemoContext) -> None:
    """One to three practitioners in every facility above a health post."""
    rows = []
    for facility in ctx.facilities:
        if facility.kind == FacilityKind.HEALTH_POST:
            continue
        for number in range(ctx.rng.randint(1, 3)):
            rows.append(
                Practitioner(
                    facility=facility,
                    name=ctx.rng.choice(_NAMES),
                    specialty=ctx.rng.choice(_SPECIALTIES),
                    identifier=f"{facility.code}-P{number + 1}",
                )
            )
    Practitioner.objects.bulk_create(rows, batch_size=1000)
    ctx.counts["practitioners"] = len(rows)
