"""Automatic decisions (issue 17, §4): a request that meets its type's rule is approved at once with the
rule named; each rule has cases that go to an adviser instead, with what the rule found."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.authorizations import services
from sanad.authorizations.statuses import RequestStatus
from tests.authorizations.conftest import at, family, submit

pytestmark = pytest.mark.django_db

NOW = at(2026, 3, 9, 10)
DEVICE_PAPERS = ("prescription", "quote")


def device(clerk, member, quote: str, code: str = "PROT-HANCHE", papers=DEVICE_PAPERS):
    values = {"device_code": code, "quantity": "1", "quote_amount": quote}
    return submit(clerk, member, "device", "outpatient", values, papers, now=NOW)


def routed(request, finding: str) -> bool:
    """The request waits for an adviser, its clock running, with the rule's finding on its timeline."""
    event = request.events.filter(action="authorization_rule_check").get()
    return (
        request.status == RequestStatus.PENDING
        and request.due_at is not None
        and event.data["finding"] == finding
    )


# ---- Devices and orthodontics: the quote against the catalogue's reference price (seed 004) --------------


def test_a_device_quoted_at_or_under_the_reference_price_is_approved_at_once_with_the_rule_named(
    clerk, member, catalogue
):
    request = device(clerk, member, "20000.00")
    assert request.status == RequestStatus.APPROVED
    decision = request.decision
    assert decision.automatic and decision.rule == "quote_within_reference" and decision.decided_by is None
    assert [(i.kind, i.code, i.quantity, i.amount) for i in decision.items.all()] == [
        ("device", "PROT-HANCHE", 1, Decimal("20000.00"))
    ]
    assert decision.valid_from == datetime.date(2026, 3, 9)
    assert request.decided_at == NOW


def test_a_device_quoted_above_the_reference_price_goes_to_the_adviser(clerk, member, catalogue):
    request = device(clerk, member, "24500.00")
    assert routed(request, "above_reference")
    assert request.decision is None


def test_a_device_missing_from_the_catalogue_goes_to_the_adviser(clerk, member, catalogue):
    assert routed(device(clerk, member, "100.00", code="UNKNOWN"), "no_reference")


def test_an_incomplete_device_request_is_returned_before_any_rule(clerk, member, catalogue):
    request = device(clerk, member, "100.00", papers=("quote",))
    assert request.status == RequestStatus.RETURNED and not request.events.filter(
        action="authorization_rule_check"
    )


def test_a_beneficiary_without_rights_goes_to_the_adviser(clerk, catalogue):
    uncovered = family(covered=(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)))
    assert routed(device(clerk, uncovered, "100.00"), "no_rights")


def test_cnss_orthodontics_first_semester_at_the_reference_price_is_approved(fund, clerk, catalogue):
    fund.use("cnss-ma")
    member = family(fund="cnss-ma")
    values = {"act_code": "ODF-S1", "quote_amount": "3000"}
    approved = submit(clerk, member, "orthodontics", "outpatient", values, ("care_sheet", "quote"), now=NOW)
    assert approved.status == RequestStatus.APPROVED
    dearer = submit(
        clerk,
        member,
        "orthodontics",
        "outpatient",
        {**values, "quote_amount": "3500"},
        ("care_sheet", "quote"),
        now=NOW,
    )
    assert routed(dearer, "above_reference")


# ---- Dialysis renewal for a recognized long-term condition, within the protocol (seed 002) ---------------


@pytest.fixture
def on_dialysis(clerk, adviser, member, catalogue):
    """The member's first admission to dialysis, approved by the adviser: 12 sessions a month."""
    values = {
        "diagnosis": "N18.5",
        "urea": "1.2",
        "creatinine": "95",
        "creatinine_clearance": "9",
        "sessions_per_week": "3",
    }
    papers = ("request_form", "renal_workup", "sessions_certificate", "confidential_report")
    first = submit(clerk, member, "dialysis_first", "outpatient", values, papers, now=at(2025, 12, 1))
    services.authorization_decide(
        actor=adviser,
        request=first,
        kind="approved",
        items=[services.Item("act", "DIAL-S", 36)],
        valid_from=datetime.date(2025, 12, 1),
        valid_to=datetime.date(2026, 2, 28),
        now=at(2025, 12, 2),
    )
    return member


def renewal(clerk, member, sessions: str = "3", months: str = "3"):
    values = {"diagnosis": "N18.5", "sessions_per_week": sessions, "months": months}
    return submit(
        clerk,
        member,
        "dialysis_renewal",
        "outpatient",
        values,
        ("request_form", "sessions_certificate"),
        now=NOW,
    )


def test_a_dialysis_renewal_for_a_recognized_condition_within_the_protocol_is_approved(
    clerk, on_dialysis, recognized
):
    recognized[f"M{on_dialysis.pk}"] = {"IRC"}
    request = renewal(clerk, on_dialysis)
    assert request.status == RequestStatus.APPROVED
    assert request.decision.rule == "dialysis_renewal"
    item = request.decision.items.get()
    # 3 sessions a week from 9 March to 8 June 2026: 92 days, 14 weeks begun.
    assert (item.code, item.quantity) == ("DIAL-S", 42)
    assert (request.decision.valid_from, request.decision.valid_to) == (
        datetime.date(2026, 3, 9),
        datetime.date(2026, 6, 8),
    )


def test_a_dialysis_renewal_beyond_the_protocols_sessions_goes_to_the_adviser(clerk, on_dialysis, recognized):
    recognized[f"M{on_dialysis.pk}"] = {"IRC"}
    request = renewal(clerk, on_dialysis, sessions="4")
    assert routed(request, "too_many_sessions")
    assert request.events.get(action="authorization_rule_check").data["params"] == {"asked": 4, "limit": 3}


def test_a_dialysis_renewal_without_a_recognized_condition_goes_to_the_adviser(
    clerk, on_dialysis, recognized
):
    assert routed(renewal(clerk, on_dialysis), "no_condition")


def test_a_dialysis_renewal_with_nothing_approved_before_goes_to_the_adviser(
    clerk, member, catalogue, recognized
):
    recognized[f"M{member.pk}"] = {"IRC"}
    assert routed(renewal(clerk, member), "nothing_to_renew")


# ---- Costly drugs of a long-term condition, within the protocol (CNSS, seed 004) -------------------------


@pytest.fixture
def cnss_member(fund, catalogue, recognized):
    fund.use("cnss-ma")
    member = family(fund="cnss-ma")
    recognized[f"M{member.pk}"] = {"IRC"}
    return member


def drug(clerk, member, code: str = "EPO-4000", months: str = "6", diagnosis: str = "N18.5"):
    values = {"diagnosis": diagnosis, "drug_code": code, "quantity": "24", "months": months}
    return submit(
        clerk,
        member,
        "long_term_drug",
        "outpatient",
        values,
        ("request_form", "prescription", "medical_report"),
        now=NOW,
    )


def test_a_long_term_drug_within_its_protocol_is_approved(clerk, cnss_member):
    request = drug(clerk, cnss_member)
    assert request.status == RequestStatus.APPROVED and request.decision.rule == "long_term_drug"
    assert [(i.code, i.quantity) for i in request.decision.items.all()] == [("EPO-4000", 24)]
    assert request.decision.valid_to == datetime.date(2026, 9, 8)


def test_a_drug_off_the_long_term_list_goes_to_the_adviser(clerk, cnss_member):
    assert routed(drug(clerk, cnss_member, code="PARA-500"), "not_on_list")


def test_a_long_term_drug_asked_for_too_long_goes_to_the_adviser(clerk, cnss_member):
    assert routed(drug(clerk, cnss_member, months="9"), "too_long")


def test_a_long_term_drug_outside_the_protocol_of_the_diagnosis_goes_to_the_adviser(clerk, cnss_member):
    assert routed(drug(clerk, cnss_member, diagnosis="E11.9"), "outside_protocol")
