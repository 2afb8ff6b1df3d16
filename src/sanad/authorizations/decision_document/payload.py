"""The compact text a decision document's QR code signs, with the key that signs the rights certificates:

    A1|<fund>|<reference>|<decision>|<A or R>|<registration number>|<mark>|<facility code>|<decided YYYYMMDD>
      |<valid from YYYYMMDD>|<valid to YYYYMMDD>|<counts>|<amount>|<items>

`A` is a definitive approval, `R` one with reserve (its conditions are on the paper). `mark` is the
beneficiary as on the certificate, `<M|S|C>:<initials>:<birth year>`, never a name. `items` is
`;`-separated, `<act|drug|device>:<code>:<quantity>:<amount>`; an amount left empty is not capped. Text that
could hold a separator is percent-encoded. The first field names the kind of paper: the certificate's payloads
start with a digit, so one check page serves both (`registry.certificates.views.verify_kind_register`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, unquote

KIND = "A1"
_MARKS = {"member": "M", "spouse": "S", "child": "C"}
_MARK_NAMES = {code: name for name, code in _MARKS.items()}
_ITEM_KINDS = ("act", "drug", "device")


class PayloadError(ValueError):
    """Bytes that do not read as a decision document's payload."""


def _text(value: str) -> str:
    return quote(value, safe="-._~ ")


def _day(value: datetime.date) -> str:
    return f"{value:%Y%m%d}"


def _read_day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%Y%m%d").date()


def _read_amount(text: str) -> Decimal | None:
    if not text:
        return None
    amount = Decimal(text)
    if not amount.is_finite():
        raise ValueError("amount")
    return amount


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """Who receives the care: the member, a spouse or a child, by initials and birth year only."""

    kind: str
    initials: str
    birth_year: int


@dataclass(frozen=True, slots=True)
class ApprovedItem:
    kind: str  # act, drug or device
    code: str
    quantity: int
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class DecisionPayload:
    fund: str
    reference: str
    decision: int  # the decision's number: a later modification or extension has another one
    reserve: bool
    registration_number: str
    beneficiary: Beneficiary
    facility: str  # the facility's code
    decided_on: datetime.date
    valid_from: datetime.date
    valid_to: datetime.date
    counts: str  # days, sessions, cycles or units
    amount: Decimal | None
    items: tuple[ApprovedItem, ...]

    def encode(self) -> bytes:
        who = self.beneficiary
        items = ";".join(
            f"{item.kind}:{_text(item.code)}:{item.quantity}:{'' if item.amount is None else item.amount}"
            for item in self.items
        )
        fields = [
            KIND,
            _text(self.fund),
            _text(self.reference),
            str(self.decision),
            "R" if self.reserve else "A",
            _text(self.registration_number),
            f"{_MARKS[who.kind]}:{_text(who.initials)}:{who.birth_year}",
            _text(self.facility),
            _day(self.decided_on),
            _day(self.valid_from),
            _day(self.valid_to),
            self.counts,
            "" if self.amount is None else str(self.amount),
            items,
        ]
        return "|".join(fields).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> DecisionPayload:
        try:
            kind, *rest = data.decode("utf-8").split("|")
            if kind != KIND:
                raise PayloadError("kind")
            fund, reference, decision, approval, number, mark, facility, decided, start, end = rest[:10]
            counts, amount, items = rest[10:]
            if approval not in ("A", "R"):
                raise PayloadError("approval")
            who_kind, letters, year = mark.split(":")
            parsed = []
            for text in filter(None, items.split(";")):
                item_kind, code, quantity, item_amount = text.split(":")
                if item_kind not in _ITEM_KINDS:
                    raise PayloadError("item")
                amount_of = _read_amount(item_amount)
                parsed.append(ApprovedItem(item_kind, unquote(code), int(quantity), amount_of))
            return cls(
                fund=unquote(fund),
                reference=unquote(reference),
                decision=int(decision),
                reserve=approval == "R",
                registration_number=unquote(number),
                beneficiary=Beneficiary(_MARK_NAMES[who_kind], unquote(letters), int(year)),
                facility=unquote(facility),
                decided_on=_read_day(decided),
                valid_from=_read_day(start),
                valid_to=_read_day(end),
                counts=counts,
                amount=_read_amount(amount),
                items=tuple(parsed),
            )
        except (UnicodeDecodeError, ValueError, KeyError, InvalidOperation) as error:
            raise PayloadError(str(error)) from error
