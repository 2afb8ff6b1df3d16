"""What a rule answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Verdict:
    """`ok`, or why not: a reason code, the codes of what is missing, and a message for people."""

    ok: bool
    reason: str = ""
    missing: tuple[str, ...] = ()
    message: str = ""


OK = Verdict(ok=True)


class Dated(Protocol):
    """A document or certificate as the rules see it (model instances and input dataclasses alike)."""

    kind: str
    expires_on: date | None
