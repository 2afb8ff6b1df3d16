"""Reading the bank's confirmations: a payment status report (pain.002) and a debit notification
(camt.054), of any version, into the news they give of each transfer, named by its end-to-end reference.

Parsed with defusedxml (a file from outside never expands entities); elements are found by their local
names, so that every version of either message reads alike. A status report of a version whose schema is
shipped is checked against it first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from sanad.payments.iso20022 import schemas

PAID, REJECTED, ACKNOWLEDGED = "paid", "rejected", "acknowledged"
# ISO 20022 transaction statuses: settled at the creditor's bank, rejected; the rest only acknowledge.
_SETTLED = frozenset({"ACSC", "ACCC"})
_REJECTED = frozenset({"RJCT"})


class ReportError(ValueError):
    """The file is not a confirmation this reader understands (the message says why, in English, for logs;
    pages say it in the reader's words)."""


@dataclass(frozen=True, slots=True)
class News:
    """What the bank says of one transfer: paid, rejected (with its reason) or only acknowledged."""

    end_to_end_id: str
    outcome: str
    reason_code: str = ""
    reason_text: str = ""
    on: datetime.date | None = None


@dataclass(slots=True)
class Report:
    kind: str  # "pain.002" or "camt.054"
    message_id: str
    version: str
    news: list[News] = field(default_factory=list)
    # A status report rejecting whole messages (group status RJCT): their message references.
    rejected_messages: list[tuple[str, str]] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _all(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _one(element: Element | None, path: str) -> Element | None:
    for name in path.split("/"):
        if element is None:
            return None
        found = _all(element, name)
        element = found[0] if found else None
    return element


def _text(element: Element | None, path: str) -> str:
    found = _one(element, path)
    return (found.text or "").strip() if found is not None else ""


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _reason(element: Element | None, info: str) -> tuple[str, str]:
    """(code, words) of a status or return reason."""
    reason = _one(element, info)
    code = _text(reason, "Rsn/Cd") or _text(reason, "Rsn/Prtry")
    return code, _text(reason, "AddtlInf")[:200]


def _status_report(body: Element, version: str) -> Report:
    report = Report("pain.002", _text(body, "GrpHdr/MsgId"), version)
    when = _date(_text(body, "GrpHdr/CreDtTm"))
    group = _one(body, "OrgnlGrpInfAndSts")
    if _text(group, "GrpSts") in _REJECTED:
        report.rejected_messages.append((_text(group, "OrgnlMsgId"), _reason(group, "StsRsnInf")[0]))
    for block in _all(body, "OrgnlPmtInfAndSts"):
        block_status = _text(block, "PmtInfSts")
        for item in _all(block, "TxInfAndSts"):
            status = _text(item, "TxSts") or block_status
            code, words = _reason(item, "StsRsnInf")
            outcome = PAID if status in _SETTLED else REJECTED if status in _REJECTED else ACKNOWLEDGED
            report.news.append(News(_text(item, "OrgnlEndToEndId"), outcome, code, words, when))
    return report


def _entry_status(entry: Element) -> str:
    # camt.054.001.02 writes <Sts>BOOK</Sts>; later versions <Sts><Cd>BOOK</Cd></Sts>.
    return _text(entry, "Sts/Cd") or _text(entry, "Sts")


def _debit_notification(body: Element, version: str) -> Report:
    report = Report("camt.054", _text(body, "GrpHdr/MsgId"), version)
    for notification in _all(body, "Ntfctn"):
        for entry in _all(notification, "Ntry"):
            if _text(entry, "CdtDbtInd") != "DBIT" or _entry_status(entry) != "BOOK":
                continue
            reversed_ = _text(entry, "RvslInd").lower() == "true"
            on = _date(_text(entry, "BookgDt/Dt") or _text(entry, "BookgDt/DtTm"))
            for details in _all(entry, "NtryDtls"):
                for item in _all(details, "TxDtls"):
                    reference = _text(item, "Refs/EndToEndId")
                    if reversed_:
                        code, words = _reason(item, "RtrInf")
                        report.news.append(News(reference, REJECTED, code, words, on))
                    else:
                        report.news.append(News(reference, PAID, on=on))
    return report


def report_read(content: bytes) -> Report:
    """The news of a pain.002 or camt.054 file; ReportError for anything else."""
    try:
        root: Any = SafeET.fromstring(content)
    except Exception as error:  # defusedxml's refusals and the parser's errors alike
        raise ReportError(f"not readable XML: {error}") from error
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    version = namespace.rsplit(":", 1)[-1]
    body = root[0] if len(root) else None
    if body is None or _local(root.tag) != "Document":
        raise ReportError("not an ISO 20022 document")
    name = _local(body.tag)
    if name == "CstmrPmtStsRpt" and version.startswith("pain.002."):
        if version in schemas.PAIN_002:
            faults = schemas.problems(content.decode("utf-8", "replace"), version)
            if faults:
                raise ReportError(f"not a valid {version}: {faults[0]}")
        return _status_report(body, version)
    if name == "BkToCstmrDbtCdtNtfctn" and version.startswith("camt.054."):
        return _debit_notification(body, version)
    raise ReportError(f"neither a pain.002 status report nor a camt.054 debit notification ({version})")
