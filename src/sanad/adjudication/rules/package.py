"""Benefit package: the code exists in the catalogue and is covered on the date of service."""

from __future__ import annotations

from datetime import date

from sanad.adjudication.codes import LineKind, Reason
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.reference import CatalogItem, PackageEntry

RULE = "benefit_package"


def check_known(item: CatalogItem | None, code: str, kind: LineKind, day: date) -> Finding | None:
    """A line must bill an act, drug or device of the catalogue in force on the date of service, of the
    kind stated on the line.

    Source: 002_* (NGAP, NABM, drug and device lists), 000_* (tarification des prestations).
    """
    if item is not None and item.kind is kind:
        return None
    return finding(Reason.UNKNOWN_CODE, RULE, code=code, kind=kind.value, date=day)


def check_in_package(code: str, day: date, entries: tuple[PackageEntry, ...] | None) -> Finding | None:
    """Only services in the benefit package on the date of service are covered.

    Source: 000_* ("La CNASS prend en charge uniquement les prestations de soins définies conjointement avec
    le Ministère de la Santé").
    """
    if entries is not None:
        for e in entries:
            if e.valid_from <= day and (e.valid_to is None or day <= e.valid_to):
                return None
    return finding(Reason.NOT_IN_BENEFIT_PACKAGE, RULE, code=code, date=day)
