"""Risk (issue 20, §1): the anomaly signals raised on the files the engine decided that day, by kind and
facility, and the facilities whose average per act stands far above their peers' (the profile's factor
and minimum of acts, as the engine reads them)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.claims.anomalies import peer_averages_forget
from sanad.claims.models import CareSheetLine, PeerDay
from sanad.funds.active import active_profile
from sanad.reports.compute import risk
from sanad.reports.indicators import catalogue
from tests.reports.test_claims_figures import DAY, decided_file, facility, figures, line

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2026, 4, 20)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture(autouse=True)
def _fresh_peers():
    peer_averages_forget()
    yield
    peer_averages_forget()


def signal(code: str) -> dict:
    return {"code": code, "params": {}}


@pytest.fixture
def world():
    return facility("CS-A"), facility("HR-B", region="MR-13", kind="regional_hospital")


def test_anomaly_signals_count_the_files_the_engine_signalled_that_day_by_kind(world):
    centre, hospital = world
    decided_file(
        centre,
        received_on=APRIL,
        routing="medical_review",
        status="medical_review",
        anomalies=[signal("same_day_elsewhere"), signal("peer_average")],
    )
    decided_file(
        centre, received_on=APRIL, routing="medical_review", anomalies=[signal("same_day_elsewhere")]
    )
    decided_file(hospital, received_on=APRIL, routing="medical_review", anomalies=[signal("identical_burst")])
    # Not counted: a file without a signal, the adviser's decision that copies the engine's signals, and
    # yesterday's signal.
    decided_file(hospital, received_on=APRIL)
    decided_file(hospital, received_on=APRIL, source="adviser", anomalies=[signal("identical_burst")])
    decided_file(
        centre,
        received_on=APRIL,
        decided_on=DAY - datetime.timedelta(days=1),
        anomalies=[signal("same_day_elsewhere")],
    )

    assert {dims: values[0] for dims, values in figures(risk, "anomaly_signals").items()} == {
        ("CS-A", "outpatient", "same_day_elsewhere"): 2,
        ("CS-A", "outpatient", "peer_average"): 1,
        ("HR-B", "outpatient", "identical_burst"): 1,
    }
    label = catalogue()["anomaly_signals"].key_label
    assert label("identical_burst") == str(risk.SIGNAL_NAMES["identical_burst"])


def test_peer_outliers_are_the_pairs_the_day_kept_above_their_peers(world):
    centre, _hospital = world
    claims = active_profile().claims
    PeerDay.objects.create(
        fund=active_profile().code,
        on=DAY,
        factor=claims.anomaly_peer_factor,
        min_acts=claims.anomaly_peer_min_acts,
        above=[[centre.pk, "CON-C", "2500.00", "1000.00"]],
    )
    found = [
        row
        for row in risk.figures_of_day(day=DAY, profile=active_profile())
        if row.indicator == "peer_outliers"
    ]
    assert [(r.facility_id, r.region, r.facility_kind, r.key, r.count, r.amount) for r in found] == [
        (centre.pk, "MR-12", "health_centre", "CON-C", 1, Decimal("2500.00"))
    ]


def test_peer_outliers_follow_the_profiles_factor_and_minimum_of_acts(world):
    """The centre bills the profile's minimum of acts at 10 above the factor times the hospital's tariff,
    both of the public sector; the hospital, below its peers, is not flagged."""
    centre, hospital = world
    claims = active_profile().claims
    acts = claims.anomaly_peer_min_acts
    dear = Decimal("1000.00") * claims.anomaly_peer_factor + Decimal("10.00")
    for where, price in ((centre, dear), (hospital, Decimal("1000.00"))):
        decision = decided_file(
            where, received_on=APRIL, lines=[line("CON-C", str(price * acts), str(price * acts))]
        )
        CareSheetLine.objects.filter(care_sheet=decision.billing_file.care_sheet).update(quantity=acts)

    assert figures(risk, "peer_outliers") == {("CS-A", "", "CON-C"): (1, dear, 0, Decimal(0))}


def test_the_risk_indicators_are_for_the_claims_staff():
    every = catalogue()
    assert every["peer_outliers"].snapshot
    for code in ("anomaly_signals", "peer_outliers"):
        assert {"claims_checker", "medical_adviser", "manager", "administrator"} == set(every[code].roles)


def test_the_signals_figure_leads_to_the_decisions_it_counts(world, client, manager):
    from sanad.reports.indicators import Selection
    from tests.reports.test_claims_figures import listed

    centre, hospital = world
    both = decided_file(
        centre,
        received_on=APRIL,
        routing="medical_review",
        anomalies=[signal("identical_burst"), signal("peer_average")],
    )
    one = decided_file(
        hospital, received_on=APRIL, routing="medical_review", anomalies=[signal("peer_average")]
    )
    decided_file(hospital, received_on=APRIL, source="adviser", anomalies=[signal("peer_average")])
    decided_file(
        hospital, received_on=APRIL, routing="medical_review", anomalies=[signal("same_day_elsewhere")]
    )

    client.force_login(manager)
    link = catalogue()["anomaly_signals"].link
    assert listed(client, link(Selection(start=DAY, end=DAY, key="peer_average"))) == {both.pk, one.pk}
    assert listed(client, link(Selection(start=DAY, end=DAY, key="peer_average", region="MR-13"))) == {one.pk}
    counted = figures(risk, "anomaly_signals")
    assert (
        counted[("CS-A", "outpatient", "peer_average")][0]
        + counted[("HR-B", "outpatient", "peer_average")][0]
        == 2
    )
