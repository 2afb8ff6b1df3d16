"""The bank's side in the demo: the confirmations a bank sends back for the demo's bank files, a status
report (pain.002.001.03) and a debit notification (camt.054.001.08), for transfers named by their
end-to-end references."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from xml.sax.saxutils import escape

PAIN_002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"
CAMT_054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"


def status_report(
    message_id: str, original: str, statuses: Iterable[tuple[str, str, str, str]], on: datetime.date
) -> bytes:
    """A pain.002.001.03 on the bank file `original`: (end-to-end id, status, reason code, reason words)
    per transfer."""
    items = "".join(
        f"<TxInfAndSts><OrgnlEndToEndId>{escape(reference)}</OrgnlEndToEndId><TxSts>{status}</TxSts>"
        + (
            f"<StsRsnInf><Rsn><Cd>{code}</Cd></Rsn><AddtlInf>{escape(words)}</AddtlInf></StsRsnInf>"
            if code
            else ""
        )
        + "</TxInfAndSts>"
        for reference, status, code, words in statuses
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{PAIN_002}"><CstmrPmtStsRpt>'
        f"<GrpHdr><MsgId>{escape(message_id)}</MsgId><CreDtTm>{on.isoformat()}T09:00:00</CreDtTm></GrpHdr>"
        f"<OrgnlGrpInfAndSts><OrgnlMsgId>{escape(original)}</OrgnlMsgId>"
        "<OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>"
        f"<OrgnlPmtInfAndSts><OrgnlPmtInfId>{escape(original)}</OrgnlPmtInfId>{items}</OrgnlPmtInfAndSts>"
        "</CstmrPmtStsRpt></Document>"
    ).encode()


def debit_notification(
    message_id: str, debits: Iterable[tuple[str, Decimal]], *, account: str, currency: str, on: datetime.date
) -> bytes:
    """A camt.054.001.08 on the fund's `account`, booking one debit entry per (end-to-end id, amount)."""
    entries = "".join(
        f'<Ntry><Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
        f"<BookgDt><Dt>{on.isoformat()}</Dt></BookgDt><BkTxCd/>"
        f"<NtryDtls><TxDtls><Refs><EndToEndId>{escape(reference)}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>"
        for reference, amount in debits
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{CAMT_054}"><BkToCstmrDbtCdtNtfctn>'
        f"<GrpHdr><MsgId>{escape(message_id)}</MsgId><CreDtTm>{on.isoformat()}T18:00:00</CreDtTm></GrpHdr>"
        f"<Ntfctn><Id>{escape(message_id)}</Id><Acct><Id><Othr><Id>{escape(account)}</Id></Othr></Id></Acct>"
        f"{entries}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    ).encode()
