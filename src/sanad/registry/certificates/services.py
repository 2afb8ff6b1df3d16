"""Issuing a rights certificate (a write: it is audited) and checking one from its QR code or from the short
link of its SMS (a read)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.registry.certificates.access import member_holding
from sanad.registry.certificates.links import certificate_link_create, certificate_link_token, verify_url
from sanad.registry.certificates.payload import Mark, Payload, PayloadError, initials
from sanad.registry.certificates.signing import TokenError, token_open, token_sign
from sanad.registry.models import Dependant, Member, RightsPeriod
from sanad.registry.quality.selectors import findings_blocking
from sanad.registry.rules import RightsWindow
from sanad.registry.selectors import Beneficiary, Rights, rights_on_many
from sanad.registry.signals import certificate_issued
from sanad.registry.statuses import EnrollmentStatus
from sanad.registry.vocabulary import RightsReason


@dataclass(frozen=True, slots=True)
class CertificateLine:
    """A beneficiary on the certificate with their rights on the issue date."""

    person: Member | Dependant
    mark: Mark
    rights: Rights


@dataclass(frozen=True, slots=True)
class Certificate:
    member: Member
    payload: Payload
    token: str
    lines: tuple[CertificateLine, ...]
    # The short code of the SMS's link (links.CertificateLink), "" when none was made.
    code: str = ""

    @property
    def url(self) -> str:
        """What the QR code holds: the public verification page of this certificate, its whole token."""
        return verify_url(self.token)

    @property
    def short_url(self) -> str:
        """What the SMS holds: the same page under the certificate's short code."""
        return verify_url(self.code) if self.code else self.url


def _mark(person: Member | Dependant) -> Mark:
    kind = person.relationship if isinstance(person, Dependant) else "member"
    dependant_id = person.pk if isinstance(person, Dependant) else None
    return Mark(kind, initials(person.first_name, person.last_name), person.birth_date.year, dependant_id)


def _beneficiary(person: Member | Dependant) -> Beneficiary:
    if isinstance(person, Dependant):
        return Beneficiary.dependant(person.pk)
    return Beneficiary.member(person.pk)


def _refusal(message: str) -> DomainError:
    return DomainError(ErrorCode.CONFLICT, message, field="registration_number")


def _blocking_check(member_id: int) -> None:
    blocking = findings_blocking(member_id=member_id).first()
    if blocking is not None:
        # Named by what was found, never by the finding's number: the insured person reads this too.
        raise _refusal(
            _(
                "No certificate: the register check found a problem on this record (%(problem)s). It must "
                "be resolved or dismissed first."
            )
            % {"problem": blocking.get_kind_display()}
        )


def _record_check(member: Member) -> None:
    """A merged record is closed and a refused enrollment is not a member's: neither has a certificate."""
    if member.merged_into_id is not None:
        raise _refusal(
            _("No certificate: this record was merged into %(number)s; issue it on that record.")
            % {"number": member.merged_into.registration_number}
        )
    enrollment = getattr(member, "enrollment", None)
    if enrollment is not None and enrollment.status == EnrollmentStatus.REJECTED:
        raise _refusal(_("No certificate: the enrollment was refused."))


def rights_opening(*, member_id: int, current: RightsWindow) -> RightsWindow | None:
    """The rights period in which a member still in the waiting period will first be covered: the current
    one when its rights start before it ends, else the first one paid after it that opens rights (profile
    `rights`: a waiting period longer than a paid period carries on into the next ones). None when nothing
    paid so far reaches the day rights start."""
    periods = RightsPeriod.objects.filter(member_id=member_id, paid_from__gte=current.paid_from).order_by(
        "paid_from"
    )
    for period in periods:
        if period.start <= period.end:
            return RightsWindow(period.paid_from, period.start, period.end)
    return None


@transaction.atomic
def certificate_issue(*, actor: Any, member_id: int, on: datetime.date | None = None) -> Certificate:
    """The signed certificate of a member's family on `on` (today): everyone covered that day.

    Valid until the end of the member's rights period, or of its grace period when issued during it.
    Seed 003 issues the certificate within the 30-day processing of an enrollment, which the waiting
    period (profile `rights.waiting_days`) may outlast: issued during it, the certificate states the day
    rights start (`covered_from`), lists whoever is covered that day, and is valid to the end of the period
    in which they start; the verification page never says "covered" before that day.
    Refused while a blocking finding of the register's quality control is open on the member, for a merged
    record or a refused enrollment, and when no paid period covers `on` or opens rights after it.
    Each certificate gets the short code of its SMS's link (`links`), stored with its token.
    """
    _blocking_check(member_id)
    profile = active_profile()
    on = on or timezone.localdate()
    member = (
        Member.objects.select_related("enrollment", "merged_into")
        .prefetch_related("dependants")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="registration_number")
    _record_check(member)
    people: list[Member | Dependant] = [member, *member.dependants.all()]
    beneficiaries = [_beneficiary(p) for p in people]
    rights = rights_on_many(on=on, beneficiaries=beneficiaries)
    own = rights[Beneficiary.member(member.pk)]
    covered_from: datetime.date | None = None
    if own.covered and own.period is not None:
        valid_until = own.period.end
        if on > valid_until:
            valid_until += datetime.timedelta(days=profile.rights.grace_days)
    elif own.reason == RightsReason.WAITING and own.period is not None:
        opening = rights_opening(member_id=member.pk, current=own.period)
        if opening is None:
            raise _refusal(
                _(
                    "No certificate yet: rights would start on %(start)s, after the end of the periods paid "
                    "so far. Record the next contribution first."
                )
                % {"start": formats.date_format(own.period.start, "SHORT_DATE_FORMAT")}
            )
        covered_from, valid_until = opening.start, opening.end
        # Everyone on the certificate as they will be on the day rights start.
        rights = rights_on_many(on=covered_from, beneficiaries=beneficiaries)
        if not rights[Beneficiary.member(member.pk)].covered:
            raise _refusal(
                _("No certificate: the member is not covered on this date (%(reason)s).")
                % {"reason": rights[Beneficiary.member(member.pk)].reason_label}
            )
    else:
        raise _refusal(
            _("No certificate: the member is not covered on this date (%(reason)s).")
            % {"reason": own.reason_label}
        )
    lines = tuple(
        CertificateLine(p, _mark(p), rights[_beneficiary(p)])
        for p in people
        if rights[_beneficiary(p)].covered
    )
    payload = Payload(
        fund=profile.code,
        registration_number=member.registration_number,
        issued_on=on,
        valid_until=valid_until,
        serial=secrets.token_hex(4).upper(),
        marks=tuple(line.mark for line in lines),
        covered_from=covered_from,
    )
    audit_record(
        actor=actor,
        action="registry.certificate_issue",
        obj=member,
        after={
            "serial": payload.serial,
            "issued_on": on,
            "covered_from": covered_from,
            "valid_until": valid_until,
            "beneficiaries": len(lines),
        },
    )
    token = token_sign(payload.encode())
    code = certificate_link_create(member=member, token=token)
    certificate = Certificate(member=member, payload=payload, token=token, lines=lines, code=code)
    # Inside the transaction: the member's SMS is written with the change or not at all (issue #16).
    certificate_issued.send(sender=Certificate, certificate=certificate)
    return certificate


class VerificationStatus(models.TextChoices):
    GENUINE = "genuine", gettext_lazy("Genuine certificate")
    TAMPERED = "tampered", gettext_lazy("Altered or forged certificate")
    MALFORMED = "malformed", gettext_lazy("This is not a certificate code")


@dataclass(frozen=True, slots=True)
class BeneficiaryCheck:
    kind: str
    initials: str
    birth_year: int
    covered_today: bool


@dataclass(frozen=True, slots=True)
class Verification:
    """What a verification shows: nothing personal beyond initials and birth years."""

    status: VerificationStatus
    today: datetime.date
    payload: Payload | None = None
    fund_name: str = ""
    covered_today: bool = False
    beneficiaries: tuple[BeneficiaryCheck, ...] = ()
    # The record the certificate names was merged: the number of the record that holds the rights now.
    merged_into: str = ""

    @property
    def genuine(self) -> bool:
        return self.status == VerificationStatus.GENUINE

    @property
    def expired(self) -> bool:
        return self.genuine and self.payload is not None and self.payload.valid_until < self.today

    @property
    def valid(self) -> bool:
        return self.genuine and not self.expired

    @property
    def covered_from(self) -> datetime.date | None:
        """The day rights start, for a certificate issued during the waiting period."""
        return self.payload.covered_from if self.genuine and self.payload is not None else None

    @property
    def waiting(self) -> bool:
        """Issued during the waiting period and that day not yet come: nobody on it is covered yet."""
        return self.covered_from is not None and self.today < self.covered_from


def _holder(registration_number: str) -> tuple[Member | None, str]:
    """The record holding the rights of `registration_number` now, and its number when it is another one
    (the record was merged: the kept record holds the family and the rights)."""
    member = Member.objects.filter(registration_number=registration_number).only("pk", "merged_into").first()
    if member is None or member.merged_into_id is None:
        return member, ""
    return member_holding(member)


def _still_covered(payload: Payload, today: datetime.date, member: Member | None) -> list[bool]:
    """Today's rights of each beneficiary on the certificate, if they are still in the register."""
    wanted = [Beneficiary.dependant(m.dependant_id) if m.dependant_id else None for m in payload.marks]
    if member is None:
        return [False] * len(payload.marks)
    asked = [b or Beneficiary.member(member.pk) for b in wanted]
    found = rights_on_many(on=today, beneficiaries=asked)

    def covered(rights: Rights) -> bool:
        # A dependant must still belong to this member: an id alone proves nothing.
        return rights.covered and rights.member is not None and rights.member.pk == member.pk

    return [covered(found[b]) for b in asked]


def certificate_verify(token: str, *, today: datetime.date | None = None) -> Verification:
    """Check a certificate's token (or the short code of its SMS): its signature, then the rights of its
    beneficiaries today."""
    today = today or timezone.localdate()
    token = certificate_link_token(token) or token
    try:
        payload = Payload.decode(token_open(token))
    except TokenError as error:
        return Verification(VerificationStatus(error.reason), today)
    except PayloadError:
        return Verification(VerificationStatus.MALFORMED, today)
    profile = active_profile()
    fund_name = profile.name.get_text() if payload.fund == profile.code else payload.fund
    member, merged_into = _holder(payload.registration_number)
    covered = _still_covered(payload, today, member)
    checks = tuple(
        BeneficiaryCheck(m.kind, m.initials, m.birth_year, c)
        for m, c in zip(payload.marks, covered, strict=True)
    )
    return Verification(
        VerificationStatus.GENUINE,
        today,
        payload=payload,
        fund_name=fund_name,
        covered_today=bool(covered) and covered[0],
        beneficiaries=checks,
        merged_into=merged_into,
    )
