"""The fund's own pharmacy (seed 002, CNOPS: drugs outside the direct-billing list are dispensed by the
fund's pharmacy; issue 17, §4): the approval sends them to the pharmacy's list, the facility is told to send
the patient there, and each handing over is recorded against the approval, within what was approved and its
dates. A fund without a pharmacy of its own has no such page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sanad.authorizations import services
from sanad.authorizations.decision_document.document import decision_document, document_html
from sanad.authorizations.models import Dispensing
from sanad.authorizations.selectors.pharmacy import drugs_left, pharmacy_queue
from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.common.pdf import html_document
from sanad.common.permissions import Role
from tests.authorizations.conftest import at, submit

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 9)
END = datetime.date(2026, 6, 8)
CHEMO = {
    "diagnosis": "C50.9",
    "protocol": "AC 60",
    "weight_kg": "62",
    "height_cm": "165",
    "dose_per_m2": "60",
    "duration_weeks": "12",
    "cycles": "6",
    "metastatic": "no",
}
PAPERS = ("request_form", "medical_report", "pathology_report", "confidential_report")


@pytest.fixture
def checker(make_user):
    """Hind hands over the drugs at the fund's pharmacy."""
    return make_user("hind", Role.CLAIMS_CHECKER, first_name="Hind")


@pytest.fixture
def approval(clerk, adviser, member, catalogue):
    """Three cycles of epoetin (outside the direct-billing list) approved for March to June 2026."""
    request = submit(clerk, member, "chemotherapy", "day_hospital", CHEMO, PAPERS, now=at(2026, 3, 6))
    return services.authorization_decide(
        actor=adviser,
        request=request,
        kind="approved",
        items=[services.Item("drug", "EPO-4000", 3)],
        valid_from=START,
        valid_to=END,
        now=at(2026, 3, 6, 15),
    )


def dispense(checker, approval, quantity, day=datetime.date(2026, 3, 10)):
    return services.authorization_dispense(
        actor=checker, request=approval, code="EPO-4000", quantity=quantity, day=day, now=at(2026, 3, 10)
    )


def test_drugs_outside_direct_billing_go_to_the_fund_pharmacy_list(approval):
    assert approval.decision.items.get().fund_pharmacy
    assert [row["request"].reference for row in pharmacy_queue()] == [approval.reference]
    assert pharmacy_queue(registration_number=approval.member.registration_number)
    assert pharmacy_queue(reference="AUTRE") == []


def test_the_pharmacy_dispenses_within_what_was_approved(checker, approval):
    dispense(checker, approval, 2)
    dispense(checker, approval, 1)

    assert [(d.code, d.approved, d.dispensed, d.left) for d in drugs_left(approval)] == [
        ("EPO-4000", 3, 3, 0)
    ]
    assert pharmacy_queue() == []  # nothing left to hand over
    event = approval.events.filter(action="authorization_dispense").last()
    assert event.actor == checker and event.data["left"] == 0
    assert AuditEvent.objects.filter(action="authorization_dispense").count() == 2


def test_dispensing_beyond_what_was_approved_is_refused(checker, approval):
    dispense(checker, approval, 2)
    with pytest.raises(DomainError) as refused:
        dispense(checker, approval, 2)
    assert refused.value.field == "quantity" and "1" in refused.value.message
    assert Dispensing.objects.count() == 1


@pytest.mark.parametrize("day", [datetime.date(2026, 3, 8), datetime.date(2026, 6, 9)])
def test_dispensing_outside_the_approval_validity_is_refused(checker, approval, day):
    with pytest.raises(DomainError) as refused:
        dispense(checker, approval, 1, day=day)
    assert refused.value.field == "day" and "09/03/2026" in refused.value.message
    assert not Dispensing.objects.exists()


def test_only_the_fund_pharmacy_dispenses(clerk, approval):
    with pytest.raises(DomainError):
        dispense(clerk, approval, 1)


def test_the_pharmacy_page_lists_what_is_left_and_records_a_handing_over(client, checker, approval):
    client.force_login(checker)
    page = client.get(reverse("authorizations:pharmacy"), {"reference": approval.reference})
    assert page.status_code == 200
    assert f'data-reference="{approval.reference}"' in page.content.decode()

    posted = client.post(
        reverse("authorizations:pharmacy_dispense", args=[approval.reference]),
        {
            "drug": "EPO-4000",
            "EPO-4000-code": "EPO-4000",
            "EPO-4000-quantity": "1",
            "EPO-4000-day": "2026-03-10",
        },
    )
    assert posted.status_code == 302
    assert [d.left for d in drugs_left(approval)] == [2]


def test_a_fund_without_its_own_pharmacy_has_no_pharmacy_page(client, fund, checker):
    fund.use("cnss-ma")
    client.force_login(checker)
    assert client.get(reverse("authorizations:pharmacy")).status_code == 404


def test_the_facility_is_told_to_send_the_patient_to_the_fund_pharmacy(client, clerk, approval):
    client.force_login(clerk)
    page = client.get(reverse("authorizations:request_detail", args=[approval.reference])).content.decode()
    assert 'class="notice fund-pharmacy"' in page and "EPO-4000" in page

    html = document_html(decision_document(request=approval))
    assert html.count("fund-pharmacy") == 2  # the French and the Arabic side
    assert "pharmacie de la caisse" in html and "صيدلية الصندوق" in html
    assert len(html_document(html).pages) == 1  # the notice keeps the paper on one page
