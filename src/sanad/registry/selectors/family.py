"""Who of a family is covered, and why not: the persons a flat contribution is paid for, and each
dependant's own standing today with the papers missing (seed 002, profile `dependants`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.registry.models import Dependant, Member, Relationship, SupportingCertificate
from sanad.registry.rules import Verdict, age_on, certificates_valid_on, dependant_eligibility
from sanad.registry.selectors.rights import Beneficiary, Rights, rights_on, rights_on_many
from sanad.registry.vocabulary import CertificateKind, RightsReason

# A paper that runs out within this many days, or a child who reaches the age limit within SOON_AGE_DAYS,
# is announced on the insured's page so that the family can bring the next paper in time.
SOON_DAYS = 30
SOON_AGE_DAYS = 90


@dataclass(frozen=True, slots=True)
class CoveredFamily:
    """The member and the dependants eligible on `on` (`counted`), and the others with the rule's verdict."""

    member: Member
    on: date
    counted: tuple[Dependant, ...]
    left_out: tuple[tuple[Dependant, Verdict], ...]

    @property
    def persons(self) -> int:
        """The member and every dependant eligible that day: the persons a flat contribution is paid for."""
        return 1 + len(self.counted)


def family_covered(*, member: Member, on: date, profile: FundProfile | None = None) -> CoveredFamily:
    """Each dependant of `member` judged by `dependant_eligibility` on `on` with the certificates valid
    that day. The contribution service counts the persons this way (`persons_covered`)."""
    profile = profile or active_profile()
    counted: list[Dependant] = []
    left_out: list[tuple[Dependant, Verdict]] = []
    for dependant in member.dependants.prefetch_related("certificates"):
        verdict = dependant_eligibility(
            profile,
            relationship=dependant.relationship,
            birth_date=dependant.birth_date,
            on=on,
            certificates=certificates_valid_on(dependant.certificates.all(), on),
            disabled=dependant.disabled,
        )
        if verdict.ok:
            counted.append(dependant)
        else:
            left_out.append((dependant, verdict))
    return CoveredFamily(member=member, on=on, counted=tuple(counted), left_out=tuple(left_out))


def persons_covered(*, member: Member, on: date, profile: FundProfile | None = None) -> int:
    """The member and every dependant eligible on `on`: the persons a flat contribution is paid for."""
    return family_covered(member=member, on=on, profile=profile).persons


# ---- Each dependant's standing, for the insured person's own page ----------------------------------------


@dataclass(frozen=True, slots=True)
class Paper:
    """A supporting certificate as the family must read it: its kind's label and where it stands.

    `state`: "missing" (none on file), "expired" (the last one ran out on `day`), "not_yet" (valid only
    from `day`), "valid" (valid today, until `day` or with no end) or "expiring" (valid, ends on `day`
    within SOON_DAYS).
    """

    kind: str
    label: str
    state: str
    day: date | None = None


@dataclass(frozen=True, slots=True)
class DependantStanding:
    """One dependant today: covered or not (`rights`), why in plain words, the papers that decide it."""

    dependant: Dependant
    rights: Rights
    age: int
    explanation: str
    papers: tuple[Paper, ...]
    missing: tuple[Paper, ...]
    notice: str = ""  # what will be needed soon (a paper running out, the age limit coming)

    @property
    def covered(self) -> bool:
        return self.rights.covered


@dataclass(frozen=True, slots=True)
class FamilyStanding:
    member: Member
    on: date
    rights: Rights
    explanation: str
    dependants: tuple[DependantStanding, ...]

    @property
    def papers_missing(self) -> bool:
        """Whether a dependant is not covered for want of a paper the family can bring."""
        return any(row.missing for row in self.dependants)


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _label(kind: str) -> str:
    return str(dict(CertificateKind.choices).get(kind, kind))


def _needed_kinds(
    profile: FundProfile, dependant: Dependant, age: int, verdict: Verdict, valid: frozenset[str]
) -> list[str]:
    """The kinds of certificate that decide this dependant's cover today, in the profile's order: those
    the rules ask of a spouse, a child past the age limit or a disabled child (only the medical-control
    certificate once it is valid), and any the verdict misses."""
    rules = profile.dependants
    kinds: list[str] = []
    if dependant.relationship == Relationship.SPOUSE:
        if rules.spouse_proof_of_no_profession:
            kinds.append(CertificateKind.NO_PROFESSION.value)
    elif age >= rules.child_max_age:
        medical = rules.disabled_child_certificate
        if dependant.disabled and medical in valid:
            return [medical]
        studies = age < rules.student_max_age
        if studies:
            kinds.extend(rules.student_certificates)
        if dependant.disabled and not (studies and all(k in valid for k in rules.student_certificates)):
            kinds.append(medical)
    return list(dict.fromkeys([*kinds, *verdict.missing]))


def _paper(kind: str, certificates: list[SupportingCertificate], on: date) -> Paper:
    """Where the dependant's certificates of `kind` stand on `on`."""
    held = [c for c in certificates if c.kind == kind]
    valid = [c for c in held if c.issued_on <= on and (c.expires_on is None or c.expires_on >= on)]
    if valid:
        ends = [c.expires_on for c in valid]
        end = None if None in ends else max(e for e in ends if e is not None)
        if end is not None and end <= on + timedelta(days=SOON_DAYS):
            return Paper(kind, _label(kind), "expiring", end)
        return Paper(kind, _label(kind), "valid", end)
    later = [c.issued_on for c in held if c.issued_on > on]
    if later:
        return Paper(kind, _label(kind), "not_yet", min(later))
    expired = [c.expires_on for c in held if c.expires_on is not None and c.expires_on < on]
    if expired:
        return Paper(kind, _label(kind), "expired", max(expired))
    return Paper(kind, _label(kind), "missing")


def _explain(profile: FundProfile, rights: Rights) -> str:
    """Why a person is covered today or not, in the words of a letter to the family."""
    reason, period = rights.reason, rights.period
    if reason == RightsReason.COVERED:
        return _("Covered today.")
    if reason == RightsReason.GRACE and period is not None:
        end = period.end + timedelta(days=profile.rights.grace_days)
        return _(
            "Covered today, in the grace period until %(date)s: the contribution must be renewed before then."
        ) % {"date": _day(end)}
    if reason == RightsReason.WAITING and period is not None:
        return _("Not covered yet: rights start on %(date)s, after the waiting period.") % {
            "date": _day(period.start)
        }
    if reason == RightsReason.NO_CONTRIBUTION:
        return _("Not covered: no contribution is paid for today. It is paid at a branch of the fund.")
    if reason == RightsReason.ARREARS:
        return _(
            "Not covered: the contribution was not renewed in time. Paying it at a branch of the fund opens "
            "the rights again."
        )
    if reason == RightsReason.AGE_LIMIT:
        return _(
            "Not covered: a child is covered until the age of %(age)s, beyond only if disabled. "
            "This young adult can join the fund as a member."
        ) % {"age": profile.dependants.student_max_age}
    if reason == RightsReason.MISSING_CERTIFICATE:
        return _("Not covered: a paper is missing or out of date. Bring it to a branch of the fund.")
    if reason == RightsReason.SPOUSE_UNDER_AGE:
        return _("Not covered: a spouse must be at least %(age)s years old.") % {
            "age": profile.dependants.spouse_min_age
        }
    return str(rights.reason_label)


def _birthday(birth_date: date, age: int) -> date:
    """The day a person reaches `age` (born on 29 February: 1 March in other years, as `age_on` counts)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return date(birth_date.year + age, 3, 1)


def _notice(profile: FundProfile, dependant: Dependant, age: int, papers: list[Paper], on: date) -> str:
    """What the family should bring soon: a paper about to run out, or the papers a child will need when
    reaching the age limit for children."""
    expiring = [p for p in papers if p.state == "expiring" and p.day is not None]
    if expiring:
        first = min(expiring, key=lambda p: p.day or on)
        assert first.day is not None
        return _("%(paper)s runs out on %(date)s: bring the new one before that day.") % {
            "paper": capfirst(first.label),
            "date": _day(first.day),
        }
    rules = profile.dependants
    if dependant.relationship != Relationship.CHILD or age >= rules.child_max_age:
        return ""
    turning = _birthday(dependant.birth_date, rules.child_max_age)
    if turning > on + timedelta(days=SOON_AGE_DAYS) or not rules.student_certificates:
        return ""
    needed = ", ".join(_label(kind) for kind in rules.student_certificates)
    return ngettext(
        "Turns %(age)s on %(date)s: from that day this paper is needed to stay covered: %(papers)s.",
        "Turns %(age)s on %(date)s: from that day these papers are needed to stay covered: %(papers)s.",
        len(rules.student_certificates),
    ) % {"age": rules.child_max_age, "date": _day(turning), "papers": needed}


def family_standing(*, member: Member, on: date) -> FamilyStanding:
    """The member's rights on `on` and each dependant's: covered or not, why, and which papers are
    missing, out of date or about to run out. A few queries whatever the size of the family."""
    profile = active_profile()
    dependants = list(member.dependants.prefetch_related("certificates"))
    rights = rights_on_many(on=on, beneficiaries=[Beneficiary.dependant(d.pk) for d in dependants])
    member_rights = rights_on(on=on, beneficiary=Beneficiary.member(member.pk))
    rows = []
    for dependant in dependants:
        certificates = list(dependant.certificates.all())
        age = age_on(dependant.birth_date, on)
        valid = certificates_valid_on(certificates, on)
        verdict = dependant_eligibility(
            profile,
            relationship=dependant.relationship,
            birth_date=dependant.birth_date,
            on=on,
            certificates=valid,
            disabled=dependant.disabled,
        )
        kinds = _needed_kinds(profile, dependant, age, verdict, valid)
        papers = [_paper(kind, certificates, on) for kind in kinds]
        own = rights[Beneficiary.dependant(dependant.pk)]
        rows.append(
            DependantStanding(
                dependant=dependant,
                rights=own,
                age=age,
                explanation=_explain(profile, own),
                papers=tuple(papers),
                missing=tuple(p for p in papers if p.kind in verdict.missing),
                notice=_notice(profile, dependant, age, papers, on),
            )
        )
    return FamilyStanding(
        member=member,
        on=on,
        rights=member_rights,
        explanation=_explain(profile, member_rights),
        dependants=tuple(rows),
    )
