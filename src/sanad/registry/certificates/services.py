"""Issuing a rights certificate (a write: it is audited) and checking one from its QR code (a read)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.registry.certificates.payload import Mark, Payload, PayloadError, initials
from sanad.registry.certificates.signing import TokenError, token_open, token_sign
from sanad.registry.models import Dependant, Member
from sanad.registry.quality.selectors import findings_blocking
from sanad.registry.selectors import Beneficiary, Rights, rights_on_many
from sanad.registry.signals import certificate_issued


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

    @property
    def url(self) -> str:
        """What the QR code holds: the public verification page of this certificate."""
        return f"{settings.SANAD_PUBLIC_URL.rstrip('/')}/verify/{self.token}/"


def _mark(person: Member | Dependant) -> Mark:
    kind = person.relationship if isinstance(person, Dependant) else "member"
    dependant_id = person.pk if isinstance(person, Dependant) else None
    return Mark(kind, initials(person.first_name, person.last_name), person.birth_date.year, dependant_id)


def _beneficiary(person: Member | Dependant) -> Beneficiary:
    if isinstance(person, Dependant):
        return Beneficiary.dependant(person.pk)
    return Beneficiary.member(person.pk)


@transaction.atomic
def certificate_issue(*, actor: Any, member_id: int, on: datetime.date | None = None) -> Certificate:
    """The signed certificate of a member's family on `on` (today): everyone covered that day.

    Valid until the end of the member's rights period, or of its grace period when issued during it.
    Refused while a blocking finding of the register's quality control is open on the member.
    """
    blocking = findings_blocking(member_id=member_id).first()
    if blocking is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            _(
                "No certificate: the register check finding no. %(id)s (%(kind)s) must be resolved or "
                "dismissed first."
            )
            % {"id": blocking.pk, "kind": blocking.get_kind_display()},
            field="registration_number",
        )
    profile = active_profile()
    on = on or timezone.localdate()
    member = Member.objects.prefetch_related("dependants").filter(pk=member_id).first()
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="registration_number")
    people: list[Member | Dependant] = [member, *member.dependants.all()]
    rights = rights_on_many(on=on, beneficiaries=[_beneficiary(p) for p in people])
    own = rights[Beneficiary.member(member.pk)]
    if not own.covered or own.period is None:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("No certificate: the member is not covered on this date (%(reason)s).")
            % {"reason": own.reason_label},
            field="registration_number",
        )
    valid_until = own.period.end
    if on > valid_until:
        valid_until += datetime.timedelta(days=profile.rights.grace_days)
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
    )
    audit_record(
        actor=actor,
        action="registry.certificate_issue",
        obj=member,
        after={
            "serial": payload.serial,
            "issued_on": on,
            "valid_until": valid_until,
            "beneficiaries": len(lines),
        },
    )
    certificate = Certificate(member=member, payload=payload, token=token_sign(payload.encode()), lines=lines)
    transaction.on_commit(lambda: certificate_issued.send(sender=Certificate, certificate=certificate))
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

    @property
    def genuine(self) -> bool:
        return self.status == VerificationStatus.GENUINE

    @property
    def expired(self) -> bool:
        return self.genuine and self.payload is not None and self.payload.valid_until < self.today

    @property
    def valid(self) -> bool:
        return self.genuine and not self.expired


def _still_covered(payload: Payload, today: datetime.date) -> list[bool]:
    """Today's rights of each beneficiary on the certificate, if they are still in the register."""
    wanted = [Beneficiary.dependant(m.dependant_id) if m.dependant_id else None for m in payload.marks]
    member = Member.objects.filter(registration_number=payload.registration_number).only("pk").first()
    if member is None:
        return [False] * len(payload.marks)
    asked = [b or Beneficiary.member(member.pk) for b in wanted]
    found = rights_on_many(on=today, beneficiaries=asked)

    def covered(rights: Rights) -> bool:
        # A dependant must still belong to this member: an id alone proves nothing.
        return rights.covered and rights.member is not None and rights.member.pk == member.pk

    return [covered(found[b]) for b in asked]


def certificate_verify(token: str, *, today: datetime.date | None = None) -> Verification:
    """Check a certificate's token: its signature, then the rights of its beneficiaries today."""
    today = today or timezone.localdate()
    try:
        payload = Payload.decode(token_open(token))
    except TokenError as error:
        return Verification(VerificationStatus(error.reason), today)
    except PayloadError:
        return Verification(VerificationStatus.MALFORMED, today)
    profile = active_profile()
    fund_name = profile.name.get_text() if payload.fund == profile.code else payload.fund
    covered = _still_covered(payload, today)
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
    )
