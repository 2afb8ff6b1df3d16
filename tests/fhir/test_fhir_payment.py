"""PaymentReconciliation and PaymentNotice (issue #19 §2): a facility's statement of an approved settlement
run, the files paid as details whose amounts make the transfer; searchable by the facility itself; another
facility's key reads none of it (404, or no match)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fhir.resources.R4B.paymentnotice import PaymentNotice
from fhir.resources.R4B.paymentreconciliation import PaymentReconciliation

from sanad.common.permissions import Role
from sanad.credentials.services import api_client_create
from sanad.payments.models import PaymentOrder
from sanad.payments.services import settlement_run_approve, settlement_run_gather, settlement_run_start
from tests.fhir.claims_bodies import issue
from tests.fhir.conftest import FHIR, SCOPES, machine
from tests.payments.conftest import OTHER_IBAN, RECEIVED, TODAY, make_facility, validated_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(settings, make_user):
    """Two facilities paid by one approved run: A for two files, B for one; each with its software's key."""
    settings.SANAD_FUND = "cnass-mr"
    first, second = make_facility("PS-A"), make_facility("PS-B", account=OTHER_IBAN)
    validated_file(first, billed="1000.00", fund_share="800.00")
    validated_file(first, billed="500.00", fund_share="400.00")
    validated_file(second, billed="250.00", fund_share="200.00")
    officer = make_user("aicha", Role.FINANCE_OFFICER)
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    run = settlement_run_gather(run_id=run.pk)
    settlement_run_approve(actor=make_user("ahmed", Role.FINANCE_OFFICER), run_id=run.pk)
    admin = make_user("cheikh", Role.ADMINISTRATOR)

    def key(facility) -> str:
        return api_client_create(actor=admin, name=facility.code, facility=facility, scopes=list(SCOPES))[1]

    return {
        "order": PaymentOrder.objects.get(facility=first),
        "a": machine(key(first)),
        "b": machine(key(second)),
    }


def test_a_facility_reads_its_statement_as_a_payment_reconciliation_whose_details_make_the_transfer(paid):
    order = paid["order"]

    found = paid["a"].get(f"{FHIR}/PaymentReconciliation/{order.pk}")

    assert found.status_code == 200, found.content[:500]
    resource = PaymentReconciliation.model_validate(found.json())
    assert resource.requestor.reference == "Organization/PS-A"
    assert Decimal(str(resource.paymentAmount.value)) == order.amount == Decimal("1200.00")
    assert sum(Decimal(str(d.amount.value)) for d in resource.detail) == order.amount
    assert len(resource.detail) == 2


def test_a_facility_searches_its_reconciliations_and_notices(paid):
    order = paid["order"]

    reconciliations = (
        paid["a"].get(f"{FHIR}/PaymentReconciliation", {"requestor": "Organization/PS-A"}).json()
    )
    notices = paid["a"].get(f"{FHIR}/PaymentNotice", {"recipient": "Organization/PS-A"}).json()

    assert [e["resource"]["id"] for e in reconciliations["entry"]] == [str(order.pk)]
    notice = PaymentNotice.model_validate(notices["entry"][0]["resource"])
    assert notice.payment.reference == f"PaymentReconciliation/{order.pk}"


def test_another_facilitys_key_cannot_read_the_first_facilitys_payments(paid):
    order = paid["order"]

    for kind in ("PaymentReconciliation", "PaymentNotice"):
        assert issue(paid["b"].get(f"{FHIR}/{kind}/{order.pk}"), 404)["code"] == "not-found"
    search = paid["b"].get(f"{FHIR}/PaymentReconciliation", {"requestor": "Organization/PS-A"}).json()
    assert search["total"] == 0
    own = paid["b"].get(f"{FHIR}/PaymentReconciliation").json()
    assert [e["resource"]["requestor"]["reference"] for e in own["entry"]] == ["Organization/PS-B"]
