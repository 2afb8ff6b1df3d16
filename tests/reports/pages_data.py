"""Test indicators and figures for the dashboards' tests: registered for a test, removed after it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.common.permissions import Role
from sanad.common.vocabulary import FacilityKind, Sector
from sanad.providers.models import Facility, FacilityStaff
from sanad.reports import indicators as catalogue_module
from sanad.reports.compute import fund_sum, month_sum
from sanad.reports.indicators import Area, Indicator, Measure, register
from sanad.reports.models import Figure, Grain

# A whole month in the past (its month rows are summed from its days, as the computation does), and the
# month before it (month rows only, for the trend).
TODAY = datetime.date.today()
MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
BEFORE = (MONTH - datetime.timedelta(days=1)).replace(day=1)
D1 = MONTH + datetime.timedelta(days=2)
D2 = MONTH + datetime.timedelta(days=9)
MONTH_PARAM = f"{MONTH:%Y-%m}"

REASONS = {"R01": "Pièce justificative manquante", "R02": "Acte hors nomenclature"}
BRANCHES = {"B1": "Agence de Tevragh Zeina"}

ANSWER = "t_answer_time"
BILLED = "t_billed"
REJECTED = "t_rejected_by_reason"
OVERDUE = "t_overdue_now"
TICKETS = "t_tickets"


def _indicators() -> list[Indicator]:
    return [
        Indicator(
            code=ANSWER,
            label="Demandes répondues dans le délai (essai)",
            area=Area.CLOCKS,
            measure=Measure.ON_TIME,
            description="Réponse en 48 heures.",
            roles=frozenset({Role.MANAGER, Role.MEDICAL_ADVISER, Role.FACILITY_STAFF}),
            duration_unit="hours",
        ),
        Indicator(
            code=BILLED,
            label="Montant facturé (essai)",
            area=Area.MONEY,
            measure=Measure.AMOUNT,
            description="Montant des dossiers reçus.",
            roles=frozenset({Role.MANAGER, Role.FINANCE_OFFICER, Role.FACILITY_STAFF}),
            link=lambda s: f"/claims/fund/files/?received_from={s.start.isoformat()}",
        ),
        Indicator(
            code=REJECTED,
            label="Lignes rejetées par motif (essai)",
            area=Area.REASONS,
            measure=Measure.COUNT,
            description="Lignes rejetées.",
            roles=frozenset({Role.MANAGER, Role.CLAIMS_CHECKER, Role.FACILITY_STAFF}),
            key_label=lambda key: REASONS.get(key, "Autre motif"),
            key_name="motif",
        ),
        Indicator(
            code=OVERDUE,
            label="Dossiers en retard aujourd'hui (essai)",
            area=Area.CLOCKS,
            measure=Measure.COUNT,
            description="En retard à la fin du jour.",
            roles=frozenset({Role.MANAGER}),
            snapshot=True,
        ),
        Indicator(
            code=TICKETS,
            label="Tickets délivrés (essai)",
            area=Area.COUNTERS,
            measure=Measure.COUNT,
            description="Tickets de la file d'attente.",
            roles=frozenset({Role.MANAGER, Role.COUNTER_AGENT}),
            key_label=lambda key: BRANCHES.get(key, "Autre agence"),
            key_name="agence",
        ),
    ]


@pytest.fixture
def test_indicators():
    """Only our indicators in the catalogue for one test (the pages draw whatever it holds); the catalogue
    as it was after. The areas' modules are imported first: they register theirs once, on import."""
    catalogue_module.catalogue()
    before = dict(catalogue_module._CATALOGUE)
    catalogue_module._CATALOGUE.clear()
    register(*_indicators())
    yield {spec.code: spec for spec in _indicators()}
    catalogue_module._CATALOGUE.clear()
    catalogue_module._CATALOGUE.update(before)


def facility(code: str, name: str, arabic: str, region: str = "MR-01") -> Facility:
    return Facility.objects.create(
        code=code,
        name_fr=name,
        name_ar=arabic,
        kind=FacilityKind.REGIONAL_HOSPITAL,
        sector=Sector.PUBLIC,
        level="regional_hospital",
        region=region,
    )


def figure(code: str, day: datetime.date, *, grain: str = Grain.DAY, **values) -> Figure:
    values.setdefault("amount", Decimal("0.00"))
    values.setdefault("hours", Decimal("0.00"))
    return Figure.objects.create(grain=grain, day=day, indicator=code, **values)


@pytest.fixture
def facilities(db):
    return (
        facility("HA01", "Hôpital régional d'Aleg", "مستشفى ألاك الجهوي", region="MR-01"),
        facility("HK02", "Hôpital régional de Kaédi", "مستشفى كيهيدي الجهوي", region="MR-04"),
    )


@pytest.fixture
def figures(facilities, test_indicators):
    """MONTH's day rows at two facilities in two regions, its month rows summed from them, and BEFORE.

    Answer times (buckets of hours): on D1 at Aleg 2 cases in bucket 10, 1 in 30, 1 in 60 (3 on time,
    20 + 30 + 60 = 110 h); on D2 at Kaédi 1 case in bucket 20 (on time, 20 h). The month: 5 cases, 4 on
    time (80.0 %), buckets 10, 10, 20, 30, 60 → median 20.0 h, average 130 / 5 = 26.0 h.
    """
    aleg, kaedi = facilities
    aleg_dims = {"facility": aleg, "region": "MR-01", "facility_kind": "regional_hospital"}
    kaedi_dims = {"facility": kaedi, "region": "MR-04", "facility_kind": "regional_hospital"}
    figure(ANSWER, D1, key="10", count=2, on_time=2, hours=Decimal("20"), **aleg_dims)
    figure(ANSWER, D1, key="30", count=1, on_time=1, hours=Decimal("30"), **aleg_dims)
    figure(ANSWER, D1, key="60", count=1, on_time=0, hours=Decimal("60"), **aleg_dims)
    figure(ANSWER, D2, key="20", count=1, on_time=1, hours=Decimal("20"), **kaedi_dims)
    figure(BILLED, D1, count=3, amount=Decimal("125000.50"), **aleg_dims)
    figure(BILLED, D2, count=1, amount=Decimal("4000.25"), **kaedi_dims)
    figure(REJECTED, D1, key="R01", count=7, amount=Decimal("700.00"), **aleg_dims)
    figure(REJECTED, D2, key="R02", count=2, amount=Decimal("90.00"), **kaedi_dims)
    figure(TICKETS, D1, key="B1", count=42, region="MR-01")
    # A state: the last day of the period counts, never the sum of its days.
    figure(OVERDUE, D1, count=9, **aleg_dims)
    figure(OVERDUE, D2, count=4, **aleg_dims)
    for day in (D1, D2):  # as the day's computation writes them: the whole fund's rows too
        fund_sum(grain=Grain.DAY, day=day)
    month_sum(month=MONTH)
    figure(BILLED, BEFORE, grain=Grain.MONTH, count=10, amount=Decimal("300000.00"), **aleg_dims)
    figure(ANSWER, BEFORE, grain=Grain.MONTH, key="5", count=4, on_time=3, hours=Decimal("40"), **aleg_dims)
    fund_sum(grain=Grain.MONTH, day=BEFORE)
    return facilities


def bind(user, facility_: Facility) -> None:
    FacilityStaff.objects.create(user=user, facility=facility_)
