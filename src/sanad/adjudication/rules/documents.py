"""Documents required in a billing file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sanad.adjudication.codes import CareType, LineKind, Reason
from sanad.adjudication.decision import Finding, finding

RULE = "documents"


def required_documents(
    *,
    care_type: CareType,
    kinds: Iterable[LineKind],
    categories: Iterable[str],
    by_care_type: Mapping[CareType, frozenset[str]],
    by_kind: Mapping[LineKind, frozenset[str]],
    by_category: Mapping[str, frozenset[str]],
) -> frozenset[str]:
    """The documents a file needs: those of its care type, plus those of the kinds and categories billed."""
    needed = set(by_care_type.get(care_type, ()))
    if by_kind:
        for kind in kinds:
            needed.update(by_kind.get(kind, ()))
    if by_category:
        for category in categories:
            needed.update(by_category.get(category, ()))
    return frozenset(needed)


def check_documents(required: frozenset[str], present: frozenset[str]) -> Finding | None:
    """A file missing a required document (care sheet, invoice, prescriptions, results, reports…) goes to
    the administrative check, its lines to review, until the document is supplied.

    Source: 000_* (care sheet, facility invoice, supporting documents checked for conformity), 002_*
    (care sheet, signed invoice, prescriptions, codes of lab/imaging acts, copies of results); the list per
    file type comes from the profile.
    """
    missing = required - present
    if not missing:
        return None
    return finding(Reason.DOCUMENTS_MISSING, RULE, missing=", ".join(sorted(missing)))
