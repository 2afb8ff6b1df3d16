"""A payment asked for on the exchange (issue #19 §3): a PaymentNotice naming the statement
(`PaymentReconciliation/<id>`) is answered at `paymentnotice/on_request` with the statement and its
notice, valid R4B FHIR; another facility's participant asking for it hears an error, never the statement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.paymentnotice import PaymentNotice
from fhir.resources.R4B.paymentreconciliation import PaymentReconciliation

from sanad.common.permissions import Role
from sanad.credentials.services import api_client_create
from sanad.payments.models import PaymentOrder
from sanad.payments.services import settlement_run_approve, settlement_run_gather, settlement_run_start
from tests.fhir.conftest import SCOPES
from tests.hcx.conftest import document, headers, opened, party, post, sealed
from tests.payments.conftest import OTHER_IBAN, RECEIVED, TODAY, make_facility, validated_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(settings, make_user, hcx_fund):
    """Two facilities paid by one approved run, each with its software registered as a participant."""
    settings.SANAD_FUND = "cnass-mr"
    first, second = make_facility("PS-A"), make_facility("PS-B", account=OTHER_IBAN)
    validated_file(first, billed="1000.00", fund_share="800.00")
    validated_file(second, billed="250.00", fund_share="200.00")
    officer = make_user("aicha", Role.FINANCE_OFFICER)
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    run = settlement_run_gather(run_id=run.pk)
    settlement_run_approve(actor=make_user("ahmed", Role.FINANCE_OFFICER), run_id=run.pk)
    admin = make_user("cheikh", Role.ADMINISTRATOR)

    def registered(facility, code: str):
        key = api_client_create(actor=admin, name=facility.code, facility=facility, scopes=list(SCOPES))[1]
        return party(admin, key, code)

    return {
        "order": PaymentOrder.objects.get(facility=first),
        "a": registered(first, "his-a"),
        "b": registered(second, "his-b"),
    }


def _asked(order) -> dict:
    return document(
        {
            "resourceType": "PaymentNotice",
            "status": "active",
            "payment": {"reference": f"PaymentReconciliation/{order.pk}"},
        }
    )


def _answer(hcx_fund, sender, order, capture):
    with capture(execute=True):
        response = post(
            sender, "paymentnotice/request", sealed(hcx_fund, _asked(order), headers(sender.code))
        )
    assert response.status_code == 202, response.content[:500]
    url, compact = hcx_fund.callbacks.received[-1]
    assert url.endswith(f"{sender.code}.example.org/hcx/paymentnotice/on_request")
    header, payload = opened(sender, compact)
    return header, [entry.resource for entry in Bundle.model_validate(payload).entry]


def test_a_facility_gets_its_statement_and_notice_on_the_exchange(
    paid, hcx_fund, django_capture_on_commit_callbacks
):
    header, (reconciliation, notice) = _answer(
        hcx_fund, paid["a"], paid["order"], django_capture_on_commit_callbacks
    )

    assert header["x-hcx-status"] == "response.complete"
    reconciliation = PaymentReconciliation.model_validate(reconciliation.model_dump(mode="json"))
    notice = PaymentNotice.model_validate(notice.model_dump(mode="json"))
    assert Decimal(str(reconciliation.paymentAmount.value)) == paid["order"].amount == Decimal("800.00")
    assert notice.payment.reference == f"PaymentReconciliation/{paid['order'].pk}"


def test_another_facilitys_participant_hears_an_error_not_the_statement(
    paid, hcx_fund, django_capture_on_commit_callbacks
):
    header, (resource,) = _answer(hcx_fund, paid["b"], paid["order"], django_capture_on_commit_callbacks)

    assert header["x-hcx-status"] == "response.error"
    assert OperationOutcome.model_validate(resource.model_dump(mode="json")).issue[0].code == "not-found"
