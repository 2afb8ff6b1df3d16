"""What the engine gives out: findings, a decision per line and a decision per file.

Amounts on every line obey one invariant: ``fund_share + patient_share == billed``, to the quantum of the
fund's currency. Whatever the fund does not pay is the patient share: the co-payment, the part billed above
the tariff, the care-pyramid penalty, what a yearly ceiling cuts, and the whole amount of a rejected line.
No amount is negative. Amounts on a line ``to_review`` are provisional: what would be paid if the reviewer
confirms the line.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sanad.adjudication.codes import FileStatus, LineStatus, Payee, Reason, Routing

ParamValue = str | int | Decimal | date
Params = tuple[tuple[str, ParamValue], ...]
_T = TypeVar("_T")


def _fast_init(cls: type[_T]) -> type[_T]:
    """Give a frozen slots dataclass an ``__init__`` that fills its slots through their descriptors.

    The generated ``__init__`` of a frozen dataclass calls ``object.__setattr__`` by name for every field,
    which costs about twice as much; the engine creates one decision per line, so this matters. The
    signature, immutability, equality and hashing are unchanged.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {f"_set_{n}": getattr(cls, n).__set__ for n in names}
    body = "".join(f"    _set_{n}(self, {n})\n" for n in names)
    code = f"def __init__(self, {', '.join(names)}):\n{body}"
    local: dict[str, Any] = {}
    exec(code, namespace, local)  # noqa: S102 - fixed source built from the class's own field names
    init = local["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


@_fast_init
@dataclass(frozen=True, slots=True)
class Finding:
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


@_fast_init
@dataclass(frozen=True, slots=True)
class LineDecision:
    """The decision on one claim line (``line_no`` counts from 1 in the order of the snapshot).

    ``tariff`` is the reference price for the covered quantity, ``base`` = min(billed, tariff) is what the
    rate applies to, ``rate`` the coverage rate used, ``penalty`` the part of the fund share moved to the
    patient by the care-pyramid rule. ``fund_share + patient_share == billed`` always holds.
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


@_fast_init
@dataclass(frozen=True, slots=True)
class Decision:
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
