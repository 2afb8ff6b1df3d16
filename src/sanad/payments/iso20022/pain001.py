"""A customer credit transfer initiation (pain.001.001.09): one payment information block paying from the
fund's account, one credit transfer per payment order, written with the standard library's XML tools."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree as ET

from sanad.funds.types import PaymentRules

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
# Text fields of the schema: Max140Text for names and remittance information.
_NAME_MAX = 140


@dataclass(frozen=True, slots=True, kw_only=True)
class Credit:
    """One credit transfer: its end-to-end reference, the amount and whom it pays."""

    end_to_end_id: str
    amount: Decimal
    creditor_name: str
    account: str
    remittance: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Initiation:
    message_id: str
    created_at: datetime.datetime
    execution_date: datetime.date
    initiating_party: str
    currency: str
    debtor: PaymentRules
    credits: tuple[Credit, ...]

    @property
    def control_sum(self) -> Decimal:
        return sum((credit.amount for credit in self.credits), Decimal(0))


def is_iban(account: str) -> bool:
    """An IBAN starts with its country's two letters; a national account number (a RIB) is all digits."""
    return account[:2].isalpha()


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _account(parent: ET.Element, tag: str, account: str, scheme: str, currency: str | None = None) -> None:
    """An account: its IBAN where there is one, otherwise the national number in Othr/Id, named by the
    profile's scheme (a Moroccan RIB)."""
    element = _sub(parent, tag)
    holder = _sub(element, "Id")
    if is_iban(account):
        _sub(holder, "IBAN", account)
    else:
        other = _sub(holder, "Othr")
        _sub(other, "Id", account)
        _sub(_sub(other, "SchmeNm"), "Prtry", scheme)
    if currency:
        _sub(element, "Ccy", currency)


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def initiation_xml(initiation: Initiation) -> str:
    """The message as UTF-8 XML text with its declaration."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}Document")
    body = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(body, "GrpHdr")
    _sub(header, "MsgId", initiation.message_id)
    _sub(header, "CreDtTm", initiation.created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(initiation.credits)))
    _sub(header, "CtrlSum", _amount(initiation.control_sum))
    _sub(_sub(header, "InitgPty"), "Nm", initiation.initiating_party[:_NAME_MAX])
    block = _sub(body, "PmtInf")
    _sub(block, "PmtInfId", initiation.message_id)
    _sub(block, "PmtMtd", "TRF")
    _sub(block, "NbOfTxs", str(len(initiation.credits)))
    _sub(block, "CtrlSum", _amount(initiation.control_sum))
    _sub(_sub(block, "ReqdExctnDt"), "Dt", initiation.execution_date.isoformat())
    debtor = initiation.debtor
    _sub(_sub(block, "Dbtr"), "Nm", debtor.account_holder[:_NAME_MAX])
    _account(block, "DbtrAcct", debtor.debtor_account, debtor.national_account_scheme, initiation.currency)
    institution = _sub(_sub(block, "DbtrAgt"), "FinInstnId")
    if debtor.debtor_bic:
        _sub(institution, "BICFI", debtor.debtor_bic)
    else:
        # The bank that holds the account: known to it from the account itself.
        _sub(_sub(institution, "Othr"), "Id", "NOTPROVIDED")
    for credit in initiation.credits:
        transfer = _sub(block, "CdtTrfTxInf")
        _sub(_sub(transfer, "PmtId"), "EndToEndId", credit.end_to_end_id)
        _sub(_sub(transfer, "Amt"), "InstdAmt", _amount(credit.amount), Ccy=initiation.currency)
        _sub(_sub(transfer, "Cdtr"), "Nm", credit.creditor_name[:_NAME_MAX])
        _account(transfer, "CdtrAcct", credit.account, debtor.national_account_scheme)
        _sub(_sub(transfer, "RmtInf"), "Ustrd", credit.remittance[:_NAME_MAX])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
