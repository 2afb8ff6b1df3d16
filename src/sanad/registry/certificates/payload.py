"""The compact text a certificate's QR code signs: no name, only initials and birth years.

    1|<fund>|<registration number>|<issued YYYYMMDD>|<valid until YYYYMMDD>|<serial>|<marks>
    2|<fund>|<registration number>|<issued YYYYMMDD>|<valid until YYYYMMDD>|<serial>|<marks>|<from YYYYMMDD>

`marks` is `;`-separated, one per beneficiary: `<M|S|C>:<initials>:<birth year>:<dependant id or 0>`.
Version 2 is a certificate issued during the waiting period: rights start on `from`, after the issue date.
Version 1 (no start date) is still written for the others, so certificates already printed keep reading.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

VERSION = "1"
VERSION_WAITING = "2"
_KINDS = {"member": "M", "spouse": "S", "child": "C"}
_KIND_NAMES = {code: name for name, code in _KINDS.items()}


class PayloadError(ValueError):
    """Bytes that do not read as a payload of this version."""


def initials(first_name: str, last_name: str) -> str:
    """The first letter of the first name and of the last name, capitals without accents: "AM"."""
    out = ""
    for name in (first_name, last_name):
        letters = [c for c in unicodedata.normalize("NFKD", name.strip()) if c.isalpha()]
        out += letters[0].upper() if letters else ""
    return out


@dataclass(frozen=True, slots=True)
class Mark:
    """One beneficiary on a certificate: the member or a dependant (spouse, child)."""

    kind: str  # member, spouse or child
    initials: str
    birth_year: int
    dependant_id: int | None = None


@dataclass(frozen=True, slots=True)
class Payload:
    fund: str
    registration_number: str
    issued_on: datetime.date
    valid_until: datetime.date
    serial: str
    marks: tuple[Mark, ...]
    # The day rights start when the certificate was issued during the waiting period; None: covered already.
    covered_from: datetime.date | None = None

    def encode(self) -> bytes:
        marks = ";".join(
            f"{_KINDS[m.kind]}:{m.initials}:{m.birth_year}:{m.dependant_id or 0}" for m in self.marks
        )
        fields = [
            VERSION if self.covered_from is None else VERSION_WAITING,
            self.fund,
            self.registration_number,
            f"{self.issued_on:%Y%m%d}",
            f"{self.valid_until:%Y%m%d}",
            self.serial,
            marks,
        ]
        if self.covered_from is not None:
            fields.append(f"{self.covered_from:%Y%m%d}")
        return "|".join(fields).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> Payload:
        try:
            version, *rest = data.decode("utf-8").split("|")
            if version == VERSION:
                fund, number, issued, until, serial, marks = rest
                covered_from = None
            elif version == VERSION_WAITING:
                fund, number, issued, until, serial, marks, start = rest
                covered_from = datetime.datetime.strptime(start, "%Y%m%d").date()
            else:
                raise PayloadError("version")
            parsed = []
            for text in filter(None, marks.split(";")):
                kind, letters, year, dependant = text.split(":")
                parsed.append(Mark(_KIND_NAMES[kind], letters, int(year), int(dependant) or None))
            return cls(
                fund=fund,
                registration_number=number,
                issued_on=datetime.datetime.strptime(issued, "%Y%m%d").date(),
                valid_until=datetime.datetime.strptime(until, "%Y%m%d").date(),
                serial=serial,
                marks=tuple(parsed),
                covered_from=covered_from,
            )
        except (UnicodeDecodeError, ValueError, KeyError) as error:
            raise PayloadError(str(error)) from error
