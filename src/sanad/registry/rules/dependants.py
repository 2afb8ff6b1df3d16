"""Who may be covered as a dependant on a given date (seed 002, profile `dependants`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.funds.types import FundProfile
from sanad.registry.rules.verdict import OK, Dated, Verdict
from sanad.registry.vocabulary import CertificateKind, RightsReason


class _Certificate(Dated, Protocol):
    issued_on: date


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years on `on`: a year is gained on the birthday (29 February: on 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def certificates_valid_on(certificates: Iterable[_Certificate], on: date) -> frozenset[str]:
    """The kinds of certificate valid on `on`: issued on or before it and not expired before it."""
    return frozenset(
        c.kind for c in certificates if c.issued_on <= on and (c.expires_on is None or c.expires_on >= on)
    )


def certificate_kinds(profile: FundProfile) -> frozenset[str]:
    """The certificates the profile's dependants rules ask for (seed 002, profile `dependants`)."""
    rules = profile.dependants
    kinds = {*rules.student_certificates, rules.disabled_child_certificate}
    if rules.spouse_proof_of_no_profession:
        kinds.add(CertificateKind.NO_PROFESSION.value)
    return frozenset(kinds)


def _label(code: str) -> str:
    return str(dict(CertificateKind.choices).get(code, code))


def _missing(codes: Sequence[str], on: date) -> Verdict:
    return Verdict(
        ok=False,
        reason=RightsReason.MISSING_CERTIFICATE,
        missing=tuple(codes),
        message=_("Missing or expired on %(date)s: %(certificates)s.")
        % {
            "date": date_format(on, "SHORT_DATE_FORMAT"),
            "certificates": ", ".join(_label(code) for code in codes),
        },
    )


def dependant_eligibility(
    profile: FundProfile,
    *,
    relationship: str,
    birth_date: date,
    on: date,
    certificates: frozenset[str] = frozenset(),
    disabled: bool = False,
) -> Verdict:
    """Whether a spouse or child is a dependant on `on`, given the kinds of certificate valid that day.

    A child is covered under `child_max_age` (21); from then to `student_max_age` (26) only with every
    student certificate (school, unmarried); past 21 a disabled child only with the medical-control
    certificate, and nobody else past 26. A spouse must be `spouse_min_age` and, where the profile asks,
    hold a proof of no profession. Source: seed 002 (CNOPS), the profiles' `dependants` rules.
    """
    rules = profile.dependants
    if birth_date > on:
        return Verdict(ok=False, reason=RightsReason.NOT_BORN, message=_("Not born on that date."))
    age = age_on(birth_date, on)
    if relationship == "spouse":
        if age < rules.spouse_min_age:
            return Verdict(
                ok=False,
                reason=RightsReason.SPOUSE_UNDER_AGE,
                message=_("A spouse must be at least %(age)s years old.") % {"age": rules.spouse_min_age},
            )
        if rules.spouse_proof_of_no_profession and CertificateKind.NO_PROFESSION not in certificates:
            return _missing([CertificateKind.NO_PROFESSION], on)
        return OK
    if relationship != "child":
        raise ValueError(f"unknown relationship {relationship!r}")
    if age < rules.child_max_age:
        return OK
    medical = rules.disabled_child_certificate
    if disabled and medical in certificates:
        return OK
    if age < rules.student_max_age:
        student = [code for code in rules.student_certificates if code not in certificates]
        if not student:
            return OK
        return _missing([medical] if disabled else student, on)
    if disabled:
        return _missing([medical], on)
    return Verdict(
        ok=False,
        reason=RightsReason.AGE_LIMIT,
        message=_("A child is covered until the age of %(age)s, beyond only if disabled.")
        % {"age": rules.student_max_age},
    )
