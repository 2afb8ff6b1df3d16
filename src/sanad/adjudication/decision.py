"""What the engine gives out: findings, a decision per line and a decision per file.

Amounts on every line obey one invariant: ``fund_share + patient_share == billed``, to the quantum of the
fund's currency. Whatever the fund does not pay is the patient share: the co-payment, the part billed above
the tariff, the care-pyramid penalty, what a yearly ceiling cuts, and the whole amount of a rejected line.
No amount is negative. Amounts on a line ``to_review`` are provisional: what would be paid if the reviewer
confirms the line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sanad.adjudication.codes import FileStatus, LineStatus, Payee, Reason, Routing

ParamValue = str | int | Decimal | date
Params = tuple[tuple[str, ParamValue], ...]


# The output records are named tuples rather than frozen dataclasses: the engine creates one per line and
# a frozen dataclass costs about four times as much to build. They keep their attribute names, equality,
# hashing, repr and immutability.
class Finding(NamedTuple):
    """One reason attached to a line or a file: the code, the rule that found it and its parameters.

    ``message_key`` names the translated text in the reason catalogue (``reasons.py``); the parameters fill
    its ``{placeholders}``.
    """

    code: Reason
    rule: str
    params: Params
    message_key: str

    def param(self, name: str) -> ParamValue | None:
        for key, value in self.params:
            if key == name:
                return value
        return None


_MESSAGE_KEYS = {reason: "adjudication.reason." + reason.value for reason in Reason}


def finding(reason: Reason, rule: str, /, **params: ParamValue) -> Finding:
    """Build a finding; the message key is derived from the reason code."""
    return Finding(reason, rule, tuple(params.items()), _MESSAGE_KEYS[reason])


class LineDecision(NamedTuple):
    """The decision on one claim line (``line_no`` counts from 1 in the order of the snapshot).

    ``tariff`` is the reference price for the covered quantity, ``base`` = min(billed, tariff) is what the
    rate applies to, ``rate`` the coverage rate used, ``penalty`` the part of the fund share moved to the
    patient by the care-pyramid rule. ``fund_share + patient_share == billed`` always holds.
    ``authorization`` is the id of the prior authorization the line uses, if any, and ``authorized`` the
    quantity it takes from it.
    """

    line_no: int
    code: str
    status: LineStatus
    billed: Decimal
    tariff: Decimal
    base: Decimal
    rate: Decimal
    fund_share: Decimal
    patient_share: Decimal
    penalty: Decimal
    findings: tuple[Finding, ...]
    authorization: str | None = None
    authorized: int = 0


class Decision(NamedTuple):
    """The decision on one billing file: its lines, totals, status, routing and payee.

    Totals are the sums of the lines (provisional amounts of lines to review included). ``findings`` holds
    the file-level findings (threshold, review routing); line findings stay on their line.
    """

    claim_id: str
    batch_id: str | None
    currency: str
    status: FileStatus
    routing: Routing
    payee: Payee
    billed: Decimal
    fund_share: Decimal
    patient_share: Decimal
    penalty: Decimal
    lines: tuple[LineDecision, ...]
    findings: tuple[Finding, ...]

    def reasons(self) -> tuple[Reason, ...]:
        """Every reason code of the file and its lines, file first, in order, without repeats."""
        seen: dict[Reason, None] = {}
        for f in self.findings:
            seen[f.code] = None
        for line in self.lines:
            for f in line.findings:
                seen[f.code] = None
        return tuple(seen)
