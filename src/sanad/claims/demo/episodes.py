"""The demo's episodes of care, as the national treatment protocols describe them (assumption: simplified):
for each, the care type, the ICD-10 diagnosis, the services billed and the kinds of facility that give
them, how often, and for whom."""

from __future__ import annotations

from dataclasses import dataclass

from sanad.claims.statuses import CareType, LineKind
from sanad.common.vocabulary import FacilityKind

K = FacilityKind
PRIMARY = frozenset({K.HEALTH_POST, K.HEALTH_CENTRE})
HOSPITALS = frozenset({K.REGIONAL_HOSPITAL, K.NATIONAL_HOSPITAL, K.UNIVERSITY_HOSPITAL, K.MILITARY_HOSPITAL})
CLINICS = frozenset({K.PRIVATE_CLINIC})


@dataclass(frozen=True, slots=True)
class Template:
    """An episode of care as the national treatment protocols describe it (assumption: simplified).

    `lines` are (kind, code, quantity); a quantity of 0 on the stay's day package means "long enough for
    the file to pass the profile's medical-review amount" (a long stay the medical adviser will read)."""

    care_type: str
    diagnosis: str
    lines: tuple[tuple[str, str, int], ...]
    kinds: frozenset[str]
    weight: int = 1
    sex: str = ""
    min_age: int = 0
    max_age: int = 120
    stay_days: int = 0


def _t(care_type, diagnosis, lines, kinds, weight=1, **extra) -> Template:
    return Template(care_type, diagnosis, tuple(lines), frozenset(kinds), weight, **extra)


OUT, IN, DAY = CareType.OUTPATIENT, CareType.INPATIENT, CareType.DAY_HOSPITAL
A, M, DV = LineKind.ACT, LineKind.DRUG, LineKind.DEVICE
TEMPLATES: tuple[Template, ...] = (
    _t(OUT, "J06.9", [(A, "CON-C", 1), (M, "MED-0031", 2)], PRIMARY | HOSPITALS | CLINICS, 8),
    _t(OUT, "B54", [(A, "CON-C", 1), (A, "LAB-PAL", 1), (M, "MED-0040", 1)], PRIMARY | HOSPITALS, 3),
    _t(OUT, "A09.9", [(A, "CON-C", 1), (M, "MED-0043", 3)], PRIMARY | HOSPITALS, 3),
    _t(
        OUT,
        "E11.9",
        [(A, "CON-C", 1), (A, "LAB-GLY", 1), (A, "LAB-HBA", 1), (M, "MED-0001", 2)],
        PRIMARY | HOSPITALS | CLINICS,
        4,
        min_age=30,
    ),
    _t(
        OUT,
        "I10",
        [(A, "CON-CS", 1), (A, "IMG-ECG", 1), (A, "LAB-CRE", 1), (M, "MED-0010", 2)],
        HOSPITALS | CLINICS,
        3,
        min_age=35,
    ),
    _t(
        OUT,
        "Z34.9",
        [(A, "CON-SF", 1), (A, "IMG-OBS", 1), (M, "MED-0070", 1)],
        PRIMARY | HOSPITALS | CLINICS,
        3,
        sex="F",
        min_age=18,
        max_age=44,
    ),
    _t(OUT, "J02.9", [(A, "CON-PED", 1), (M, "MED-0022", 1)], PRIMARY | HOSPITALS | CLINICS, 3, max_age=15),
    _t(OUT, "J45.9", [(A, "CON-C", 1), (M, "MED-0037", 1)], PRIMARY | HOSPITALS, 1),
    _t(
        OUT,
        "J18.9",
        [(A, "CON-C", 1), (A, "IMG-THX", 1), (A, "LAB-NFS", 1), (A, "LAB-CRP", 1), (M, "MED-0022", 2)],
        HOSPITALS | CLINICS,
        2,
    ),
    _t(OUT, "H52.1", [(A, "CON-CS", 1), (A, "OPT-VER", 1), (DV, "DM-MON", 1)], HOSPITALS | {K.EYE_CENTRE}, 1),
    _t(OUT, "K02.9", [(A, "DEN-SOI", 1), (A, "DEN-EXT", 1)], HOSPITALS | CLINICS, 1, min_age=6),
    # Pharmacies, laboratories, imaging: the prescriptions of other episodes.
    _t(OUT, "J06.9", [(M, "MED-0031", 2), (M, "MED-0046", 1)], {K.PHARMACY}, 3),
    _t(OUT, "E11.9", [(M, "MED-0001", 3), (M, "MED-0004", 2)], {K.PHARMACY}, 2, min_age=30),
    _t(OUT, "I10", [(M, "MED-0010", 3)], {K.PHARMACY}, 2, min_age=35),
    _t(
        OUT, "E11.9", [(A, "LAB-GLY", 1), (A, "LAB-HBA", 1), (A, "LAB-CRE", 1)], {K.LABORATORY}, 2, min_age=30
    ),
    _t(OUT, "B54", [(A, "LAB-PAL", 1)], {K.LABORATORY}, 1),
    _t(OUT, "R10.4", [(A, "IMG-ECH", 1)], {K.IMAGING_CENTRE}, 2),
    _t(OUT, "J18.9", [(A, "IMG-THX", 1)], {K.IMAGING_CENTRE}, 1),
    # Stays and day hospital.
    _t(
        IN,
        "K35.8",
        [
            (A, "CON-C", 1),
            (A, "IMG-ECH", 1),
            (A, "LAB-NFS", 1),
            (A, "CHI-APP", 1),
            (A, "HOS-JOU", 3),
            (M, "MED-0025", 2),
        ],
        HOSPITALS | CLINICS,
        2,
        min_age=5,
        stay_days=3,
    ),
    _t(
        IN,
        "O80",
        [(A, "CON-SF", 1), (A, "CHI-ACC", 1), (A, "HOS-JOU", 2), (M, "MED-0070", 1)],
        HOSPITALS | CLINICS,
        2,
        sex="F",
        min_age=18,
        max_age=44,
        stay_days=2,
    ),
    _t(
        IN,
        "O82",
        [(A, "CHI-CES", 1), (A, "IMG-OBS", 1), (A, "HOS-JOU", 4), (M, "MED-0070", 1)],
        HOSPITALS | CLINICS,
        1,
        sex="F",
        min_age=18,
        max_age=44,
        stay_days=4,
    ),
    # A long stay for pneumonia: its length passes the medical-review amount (quantity 0, see Template).
    _t(
        IN,
        "J18.9",
        [(A, "CON-C", 1), (A, "IMG-THX", 1), (A, "LAB-NFS", 1), (A, "HOS-JOU", 0), (M, "MED-0025", 3)],
        HOSPITALS,
        1,
        min_age=50,
    ),
    _t(DAY, "D50.9", [(A, "HOJ-JOU", 1), (A, "LAB-NFS", 1), (M, "MED-0070", 2)], HOSPITALS, 1),
    _t(
        DAY,
        "N18.5",
        [(A, "DIA-SEA", 1), (A, "LAB-CRE", 1), (A, "LAB-URE", 1)],
        # Dialysis needs the fund's prior approval, which the demo's files lack: a few are rejected for it.
        {K.DIALYSIS_CENTRE},
        1,
        min_age=18,
    ),
    _t(
        DAY,
        "C50.9",
        [(A, "CON-CS", 1), (A, "CHM-CYC", 1), (A, "LAB-BIO", 1)],
        {K.ONCOLOGY_CENTRE, K.UNIVERSITY_HOSPITAL},
        2,
        sex="F",
        min_age=30,
    ),
    _t(DAY, "H25.9", [(A, "CON-CS", 1), (A, "CHI-CAT", 1), (A, "OPT-VER", 1)], {K.EYE_CENTRE}, 2, min_age=50),
)
