"""Rights on the date of service, including the conditions on dependants."""

from __future__ import annotations

from datetime import date

from sanad.adjudication.codes import Reason, Relationship
from sanad.adjudication.dates import age_on
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import Beneficiary
from sanad.adjudication.reference import ProfileRules

RULE = "rights"
_CHILD, _SPOUSE = Relationship.CHILD, Relationship.SPOUSE


def missing_certificates(beneficiary: Beneficiary, needed: frozenset[str], day: date) -> frozenset[str]:
    """The kinds of ``needed`` without a certificate of the beneficiary valid on ``day``."""
    missing = needed
    for c in beneficiary.certificates:  # a plain loop: cheaper than a set comprehension for a few rows
        if c.kind in missing and c.valid_from <= day and (c.valid_to is None or day <= c.valid_to):
            missing = missing - {c.kind}
    return missing


def check_rights(beneficiary: Beneficiary, day: date, profile: ProfileRules) -> Finding | None:
    """The beneficiary must have open rights on the date of service; a child aged 21 to 26 needs a school
    certificate and a certificate of being unmarried valid on that date, a disabled child over 21 a
    certificate from the fund's medical control (or, under 26, the student certificates), and nobody past
    26 is covered as a child unless disabled; a spouse needs the profile's certificates (CNOPS: proof of no
    profession). For a disabled child the missing certificates reported are the medical-control ones.

    Source: 000_* (validity of the rights certificate checked at the facility), 002_* (dependants: "enfant
    à charge âgé entre 21 et 26 ans… certificat de scolarité… attestation de célibat"; "enfant handicapé
    âgé de plus de 21 ans… attestation médicale… Contrôle médical"); ages and certificates from the profile.
    """
    for period in beneficiary.rights:
        if period.start <= day and (period.end is None or day <= period.end):
            break
    else:
        return finding(Reason.NO_RIGHTS, RULE, date=day)
    relationship = beneficiary.relationship
    if relationship is _CHILD:
        age = age_on(beneficiary.birth_date, day)
        if age < profile.child_age_limit:
            return None
        if beneficiary.disabled:
            missing = missing_certificates(beneficiary, profile.disabled_certificates, day)
            if not missing:
                return None
            if age >= profile.student_age_limit or missing_certificates(
                beneficiary, profile.student_certificates, day
            ):
                return finding(
                    Reason.DEPENDANT_CERTIFICATES_MISSING,
                    RULE,
                    age=age,
                    missing=", ".join(sorted(missing)),
                    date=day,
                )
            return None
        if age >= profile.student_age_limit:
            return finding(
                Reason.DEPENDANT_OVER_AGE_LIMIT, RULE, age=age, limit=profile.student_age_limit, date=day
            )
        missing = missing_certificates(beneficiary, profile.student_certificates, day)
        if missing:
            return finding(
                Reason.DEPENDANT_CERTIFICATES_MISSING,
                RULE,
                age=age,
                missing=", ".join(sorted(missing)),
                date=day,
            )
        return None
    if relationship is _SPOUSE and profile.spouse_certificates:
        missing = missing_certificates(beneficiary, profile.spouse_certificates, day)
        if missing:
            age = age_on(beneficiary.birth_date, day)
            return finding(
                Reason.DEPENDANT_CERTIFICATES_MISSING,
                RULE,
                age=age,
                missing=", ".join(sorted(missing)),
                date=day,
            )
    return None
