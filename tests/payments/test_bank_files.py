"""Bank files: an ISO 20022 pain.001.001.09 per approved run, valid against the official schema, one credit
transfer per payment order, an IBAN where there is one and otherwise the national account in Othr/Id."""

from __future__ import annotations

from decimal import Decimal

import pytest
from defusedxml import ElementTree as ET

from sanad.common.banking import bank_account_normalize
from sanad.common.errors import DomainError
from sanad.funds import load_profile
from sanad.payments.iso20022 import schemas
from sanad.payments.models import PaymentOrder, Transfer
from sanad.payments.services import (
    bank_file_issue,
    settlement_run_approve,
    settlement_run_gather,
    settlement_run_start,
)
from sanad.payments.statuses import OrderStatus, RunStatus
from tests.payments.conftest import IBAN, RECEIVED, RIB, TODAY, make_member, validated_file

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


@pytest.fixture
def approved(officer, approver, centre, rib_centre):
    validated_file(centre, billed="1000.00", fund_share="800.00")
    validated_file(centre, billed="333.33", fund_share="266.66")
    validated_file(rib_centre, billed="250.00", fund_share="200.00")
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    settlement_run_gather(run_id=run.pk)
    return settlement_run_approve(actor=approver, run_id=run.pk)


def parse(bank_file):
    return ET.fromstring(bank_file.xml.encode())


def test_the_bank_file_validates_against_the_official_schema_and_its_control_sum_is_the_sum_of_its_transfers(
    officer, approved
):
    bank_file = bank_file_issue(actor=officer, run_id=approved.pk, on=TODAY).bank_file

    assert schemas.problems(bank_file.xml, schemas.PAIN_001) == []
    root = parse(bank_file)
    amounts = [Decimal(a.text) for a in root.iterfind(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)]
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert Decimal(header.find("p:CtrlSum", NS).text) == sum(amounts) == Decimal("1266.66")
    assert header.find("p:NbOfTxs", NS).text == "2" == str(len(amounts))
    assert header.find("p:MsgId", NS).text == bank_file.message_id
    assert bank_file.control_sum == Decimal("1266.66")
    currencies = {a.get("Ccy") for a in root.iterfind(".//p:InstdAmt", NS)}
    assert currencies == {"MRU"}
    debtor = root.find(".//p:PmtInf/p:DbtrAcct/p:Id/p:IBAN", NS)
    assert debtor.text == load_profile("cnass-mr").payments.debtor_account
    references = [e.text for e in root.iterfind(".//p:PmtId/p:EndToEndId", NS)]
    assert references == list(Transfer.objects.order_by("order_id").values_list("end_to_end_id", flat=True))
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.SENT}
    approved.refresh_from_db()
    assert approved.status == RunStatus.SENT


def test_a_rib_without_iban_goes_in_othr_id(officer, approved, rib_centre):
    root = parse(bank_file_issue(actor=officer, run_id=approved.pk, on=TODAY).bank_file)

    accounts = {
        t.find("p:Cdtr/p:Nm", NS).text: t.find("p:CdtrAcct/p:Id", NS)
        for t in root.iterfind(".//p:CdtTrfTxInf", NS)
    }
    rib = accounts[rib_centre.name_fr]
    assert rib.find("p:IBAN", NS) is None
    assert rib.find("p:Othr/p:Id", NS).text == RIB
    assert rib.find("p:Othr/p:SchmeNm/p:Prtry", NS).text == "BBAN"
    assert [a.find("p:IBAN", NS).text for a in accounts.values() if a.find("p:IBAN", NS) is not None] == [
        IBAN
    ]


def test_a_run_not_approved_has_no_bank_file(officer, centre):
    validated_file(centre)
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    settlement_run_gather(run_id=run.pk)

    with pytest.raises(DomainError):
        bank_file_issue(actor=officer, run_id=run.pk, on=TODAY)


def test_an_insured_person_without_bank_details_waits_out_of_the_bank_file(officer, approver, centre):
    validated_file(centre)
    validated_file(centre, member=make_member(), reimbursement=True)
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    settlement_run_gather(run_id=run.pk)
    settlement_run_approve(actor=approver, run_id=run.pk)

    issued = bank_file_issue(actor=officer, run_id=run.pk, on=TODAY)

    assert issued.bank_file.transactions == 1
    assert [order.payee_kind for order in issued.waiting] == ["insured"]


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_every_fund_pays_from_an_account_the_banks_accept(fund):
    rules = load_profile(fund).payments
    assert bank_account_normalize(rules.debtor_account) == rules.debtor_account
