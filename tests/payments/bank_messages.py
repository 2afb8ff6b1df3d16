"""The bank's side in the tests: confirmation files as a bank sends them, for transfers named by their
end-to-end references."""

from __future__ import annotations

from collections.abc import Iterable

PAIN_002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"
CAMT_054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"


def status_report(message_id: str, original: str, statuses: Iterable[tuple[str, str, str]]) -> bytes:
    """A pain.002.001.03 on the bank file `original`: (end-to-end id, status, reason code) per transfer."""
    items = "".join(
        f"<TxInfAndSts><OrgnlEndToEndId>{reference}</OrgnlEndToEndId><TxSts>{status}</TxSts>"
        + (
            f"<StsRsnInf><Rsn><Cd>{reason}</Cd></Rsn><AddtlInf>Compte inconnu</AddtlInf></StsRsnInf>"
            if reason
            else ""
        )
        + "</TxInfAndSts>"
        for reference, status, reason in statuses
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{PAIN_002}"><CstmrPmtStsRpt>'
        f"<GrpHdr><MsgId>{message_id}</MsgId><CreDtTm>2026-05-02T09:00:00</CreDtTm></GrpHdr>"
        f"<OrgnlGrpInfAndSts><OrgnlMsgId>{original}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>"
        f"<GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>"
        f"<OrgnlPmtInfAndSts><OrgnlPmtInfId>{original}</OrgnlPmtInfId>{items}</OrgnlPmtInfAndSts>"
        "</CstmrPmtStsRpt></Document>"
    ).encode()


def debit_notification(message_id: str, debits: Iterable[tuple[str, str]], currency: str = "MRU") -> bytes:
    """A camt.054.001.08 booking one debit entry per (end-to-end id, amount)."""
    entries = "".join(
        f'<Ntry><Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
        "<BookgDt><Dt>2026-05-03</Dt></BookgDt><BkTxCd/>"
        f"<NtryDtls><TxDtls><Refs><EndToEndId>{reference}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>"
        for reference, amount in debits
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{CAMT_054}"><BkToCstmrDbtCdtNtfctn>'
        f"<GrpHdr><MsgId>{message_id}</MsgId><CreDtTm>2026-05-03T18:00:00</CreDtTm></GrpHdr>"
        f"<Ntfctn><Id>N1</Id><Acct><Id><IBAN>MR1300020001010000123456753</IBAN></Id></Acct>{entries}</Ntfctn>"
        "</BkToCstmrDbtCdtNtfctn></Document>"
    ).encode()
