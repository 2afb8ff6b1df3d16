"""Decisions and reasons (issue 20, §1): the lines rejected by reason (the engine's, or the person's who
decided) and by act, who decided the files (the share decided automatically), and the medical review's
outcomes; against a hand-computed world of the files decided that day."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.catalog.models import Act
from sanad.claims.selectors.decided import REASON_NAMES
from sanad.claims.statuses import ReviewReason
from sanad.reports.compute import reasons
from sanad.reports.indicators import catalogue
from tests.reports.test_claims_figures import DAY, decided_file, facility, figures, finding, line

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2026, 4, 20)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def world():
    """Five files decided that day: two by the engine, one after the administrative check, two after the
    medical review; and yesterday's rejection, which is not counted."""
    centre, hospital = facility("CS-A"), facility("HR-B", region="MR-13", kind="regional_hospital")
    made = {}
    made["engine_reduced"] = decided_file(
        centre,
        received_on=APRIL,
        lines=[
            line("CON-C", "1000.00", "800.00"),
            line("RAD-1", "500.00", "0", "rejected", finding("not_in_benefit_package")),
        ],
    )
    made["engine_rejected"] = decided_file(
        centre,
        received_on=APRIL,
        routing="reject",
        lines=[line("RAD-1", "300.00", "0", "rejected", finding("time_barred"))],
    )
    made["checker"] = decided_file(
        centre,
        received_on=APRIL,
        source="checker",
        routing="administrative_check",
        lines=[
            line(
                "X",
                "100.00",
                "0",
                "rejected",
                finding("documents_missing", missing="prescription"),
                finding("review_rejected", reason="documents_missing"),
            )
        ],
    )
    made["adviser_reduced"] = decided_file(
        hospital,
        received_on=APRIL,
        care_type="inpatient",
        source="adviser",
        routing="medical_review",
        lines=[
            line(
                "HOS-1",
                "2000.00",
                "0",
                "rejected",
                finding("anomaly_flagged"),
                finding("review_rejected", reason="not_justified"),
            ),
            line("HOS-2", "400.00", "400.00"),
        ],
    )
    made["adviser_accepted"] = decided_file(
        hospital,
        received_on=APRIL,
        care_type="inpatient",
        source="adviser",
        routing="medical_review",
        lines=[line("HOS-1", "900.00", "900.00")],
    )
    made["yesterday"] = decided_file(
        centre,
        received_on=APRIL,
        decided_on=DAY - datetime.timedelta(days=1),
        lines=[line("RAD-1", "70.00", "0", "rejected", finding("no_rights"))],
    )
    return made


def amounts(indicator: str) -> dict[tuple, tuple]:
    return {dims: values[:2] for dims, values in figures(reasons, indicator).items()}


def test_rejected_by_reason_counts_the_lines_by_the_reason_of_whoever_rejected_them(world):
    assert amounts("rejected_by_reason") == {
        ("CS-A", "outpatient", "not_in_benefit_package"): (1, Decimal("500.00")),
        ("CS-A", "outpatient", "time_barred"): (1, Decimal("300.00")),
        ("CS-A", "outpatient", "review.documents_missing"): (1, Decimal("100.00")),
        ("HR-B", "inpatient", "review.not_justified"): (1, Decimal("2000.00")),
    }


def test_rejected_by_reason_shows_each_reason_by_its_name():
    label = catalogue()["rejected_by_reason"].key_label
    assert label("review.not_justified") == str(ReviewReason.NOT_JUSTIFIED.label)
    assert label("time_barred") == str(REASON_NAMES["time_barred"])
    assert label("unheard_of") == "unheard_of"


def test_every_reason_of_the_engine_has_a_name():
    from sanad.adjudication import Reason

    assert set(REASON_NAMES) == {code.value for code in Reason}


def test_rejected_by_act_counts_the_lines_by_the_code_billed(world):
    assert amounts("rejected_by_act") == {
        ("CS-A", "outpatient", "RAD-1"): (2, Decimal("800.00")),
        ("CS-A", "outpatient", "X"): (1, Decimal("100.00")),
        ("HR-B", "inpatient", "HOS-1"): (1, Decimal("2000.00")),
    }


def test_rejected_by_act_names_the_act_by_its_code_and_label(db):
    Act.objects.create(
        code="RAD-1",
        label_fr="Radiographie du thorax",
        category="imaging",
        key_letter="Z",
        coefficient=Decimal("15"),
        valid_from=datetime.date(2020, 1, 1),
    )
    label = catalogue()["rejected_by_act"].key_label
    assert label("RAD-1") == "RAD-1 Radiographie du thorax"
    assert label("NOPE") == "NOPE"


def test_a_breakdown_names_its_acts_in_one_query_by_their_latest_version(db, django_assert_num_queries):
    for day, name in (
        (datetime.date(2020, 1, 1), "Radiographie"),
        (datetime.date(2024, 1, 1), "Radio du thorax"),
    ):
        Act.objects.create(
            code="RAD-1",
            label_fr=name,
            category="imaging",
            key_letter="Z",
            coefficient=Decimal("15"),
            valid_from=day,
        )

    with django_assert_num_queries(1):
        labels = catalogue()["rejected_by_act"].key_labels(["RAD-1", "NOPE"])

    assert labels == {"RAD-1": "RAD-1 Radio du thorax", "NOPE": "NOPE"}


def test_decided_by_splits_the_files_between_the_engine_the_checker_and_the_adviser(world):
    found = amounts("decided_by")
    assert found == {
        ("CS-A", "outpatient", "automatic"): (2, Decimal("800.00")),
        ("CS-A", "outpatient", "checker"): (1, Decimal("0.00")),
        ("HR-B", "inpatient", "medical_adviser"): (2, Decimal("1300.00")),
    }
    automatic = sum(n for (_f, _c, key), (n, _a) in found.items() if key == "automatic")
    assert (automatic, sum(n for n, _a in found.values())) == (2, 5)


def test_medical_review_outcomes_count_the_advisers_decisions_by_outcome(world):
    assert amounts("medical_review_outcomes") == {
        ("HR-B", "inpatient", "reduced"): (1, Decimal("400.00")),
        ("HR-B", "inpatient", "accepted"): (1, Decimal("900.00")),
    }
    assert catalogue()["medical_review_outcomes"].key_label("reduced") == "Réduit"


def test_the_reason_indicators_are_for_the_claims_staff_and_facilities_see_their_reasons():
    every = catalogue()
    assert "facility_staff" in every["rejected_by_reason"].roles
    for code in ("rejected_by_reason", "rejected_by_act", "decided_by", "medical_review_outcomes"):
        assert {"claims_checker", "medical_adviser", "manager", "administrator"} <= every[code].roles
    for code in ("rejected_by_act", "decided_by", "medical_review_outcomes"):
        assert "facility_staff" not in every[code].roles


@pytest.mark.parametrize(
    ("indicator", "key", "names"),
    [
        ("rejected_by_reason", "time_barred", {"engine_rejected"}),
        ("rejected_by_reason", "not_in_benefit_package", {"engine_reduced"}),
        ("rejected_by_reason", "review.not_justified", {"adviser_reduced"}),
        ("rejected_by_reason", "review.documents_missing", {"checker"}),
        ("rejected_by_act", "RAD-1", {"engine_reduced", "engine_rejected"}),
        ("decided_by", "automatic", {"engine_reduced", "engine_rejected"}),
        ("decided_by", "medical_adviser", {"adviser_reduced", "adviser_accepted"}),
        ("medical_review_outcomes", "reduced", {"adviser_reduced"}),
    ],
)
def test_a_reason_figure_leads_to_the_decisions_it_counts(world, client, manager, indicator, key, names):
    """The list shows exactly the decisions behind the figure's rows (for lines: the decisions holding
    them), and no more: yesterday's rejection of RAD-1 is outside the day."""
    from sanad.reports.indicators import Selection
    from tests.reports.test_claims_figures import listed

    client.force_login(manager)
    shown = listed(client, catalogue()[indicator].link(Selection(start=DAY, end=DAY, key=key)))
    assert shown == {world[name].pk for name in names}
    counted = sum(values[0] for dims, values in figures(reasons, indicator).items() if dims[2] == key)
    # Each decision listed holds one line counted (files: one each).
    assert counted == len(shown)
