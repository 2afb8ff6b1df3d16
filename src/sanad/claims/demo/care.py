"""The demo's episodes of care: which services each kind of facility gives, what they cost at the
catalogue's tariff, who receives them (covered members and dependants, a few uncovered), and the
supporting documents the profile asks for. Everything is drawn from the demo's seeded random source."""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sanad.catalog.models import Act, Device, Drug, KeyLetterValue
from sanad.claims.demo.episodes import CLINICS, PRIMARY, TEMPLATES, Template
from sanad.claims.services.register import CareSheetInput, LineInput
from sanad.claims.statuses import CareType, LineKind
from sanad.common.demo import DemoContext
from sanad.funds.types import FundProfile
from sanad.providers.models import AgreementRequest, Facility, Practitioner, Sector
from sanad.providers.statuses import AgreementStatus
from sanad.registry.models import Dependant, Member, RightsPeriod
from sanad.registry.selectors import Beneficiary, rights_on_many
from sanad.registry.vocabulary import RightsReason

_DAY = datetime.timedelta(days=1)
A, M, DV = LineKind.ACT, LineKind.DRUG, LineKind.DEVICE
STAYS = frozenset({CareType.INPATIENT, CareType.DAY_HOSPITAL})
# Nurses' names for the health posts, which have no practitioner on the register.
_NURSES = ("Inf. Mariem Ba", "Inf. Ahmedou Sall", "Inf. Fatima Zahra", "Inf. Oumar Kane")


@dataclass(frozen=True, slots=True)
class Person:
    """A beneficiary: a member (`dependant_id` None) or a dependant, with what the templates filter on
    and the days their member's paid periods cover (`eligible`: a dependant the rules admit today)."""

    member_id: int
    dependant_id: int | None
    sex: str
    birth_date: datetime.date
    region: str
    eligible: bool = False
    periods: tuple[tuple[datetime.date, datetime.date], ...] = ()

    def age_on(self, day: datetime.date) -> int:
        return (day - self.birth_date).days // 365

    def fits(self, template: Template, day: datetime.date) -> bool:
        return (not template.sex or template.sex == self.sex) and (
            template.min_age <= self.age_on(day) <= template.max_age
        )

    def covered_on(self, day: datetime.date) -> bool:
        return self.eligible and any(start <= day <= end for start, end in self.periods)


# The reasons that say nothing of who the person is, only of the contributions on that day.
_CONTRIBUTION_REASONS = frozenset(
    {
        RightsReason.COVERED,
        RightsReason.GRACE,
        RightsReason.WAITING,
        RightsReason.NO_CONTRIBUTION,
        RightsReason.ARREARS,
    }
)


def _people(member_ids: list[int], profile: FundProfile, today: datetime.date) -> list[Person]:
    """The members and their dependants, with their paid periods (as the engine reads them: from the
    end of the waiting time to the end of the period plus the grace days) and their eligibility today."""
    people = [
        Person(pk, None, sex, born, region)
        for pk, sex, born, region in Member.objects.filter(pk__in=member_ids)
        .order_by("id")
        .values_list("id", "sex", "birth_date", "region")
    ]
    people += [
        Person(member_id, pk, sex, born, region)
        for pk, member_id, sex, born, region in Dependant.objects.filter(member_id__in=member_ids)
        .order_by("id")
        .values_list("id", "member_id", "sex", "birth_date", "member__region")
    ]
    grace = profile.rights.grace_days * _DAY
    periods: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for member_id, start, end in (
        RightsPeriod.objects.filter(member_id__in=member_ids)
        .order_by("member_id", "paid_from")
        .values_list("member_id", "start", "end")
    ):
        if start <= end + grace:
            periods[member_id].append((start, end + grace))
    who = {
        p: Beneficiary.member(p.member_id)
        if p.dependant_id is None
        else Beneficiary.dependant(p.dependant_id)
        for p in people
    }
    rights = rights_on_many(on=today, beneficiaries=who.values())
    return [
        replace(
            p,
            eligible=rights[who[p]].reason in _CONTRIBUTION_REASONS,
            periods=tuple(periods.get(p.member_id, ())),
        )
        for p in people
    ]


def _beneficiary(person: Person) -> Beneficiary:
    if person.dependant_id is None:
        return Beneficiary.member(person.member_id)
    return Beneficiary.dependant(person.dependant_id)


def people_pool(ctx: DemoContext, families: int) -> tuple[list[Person], list[Person]]:
    """`families` members drawn at random with their dependants, split into (those the rules admit and
    whose contributions cover some days, the others)."""
    ids = list(Member.objects.order_by("id").values_list("id", flat=True))
    chosen = sorted(ctx.rng.sample(ids, min(families, len(ids))))
    people = _people(chosen, ctx.profile, ctx.today)
    covered = [p for p in people if p.eligible and p.periods]
    return covered, [p for p in people if not (p.eligible and p.periods)]


def family_of(member_id: int, ctx: DemoContext) -> list[Person]:
    """The member and their dependants."""
    return _people([member_id], ctx.profile, ctx.today)


@dataclass(slots=True)
class Prices:
    """The catalogue's tariffs of the codes the templates bill (assumption: facilities bill at tariff)."""

    quantum: Decimal
    acts: dict[str, tuple[Decimal, Decimal | None, str]] = field(default_factory=dict)  # unit, coef, cat.
    drugs: dict[str, tuple[Decimal, str]] = field(default_factory=dict)  # unit, barcode
    devices: dict[str, tuple[Decimal, str]] = field(default_factory=dict)  # unit, category

    @classmethod
    def load(cls, profile: FundProfile) -> Prices:
        codes = {code for t in TEMPLATES for _kind, code, _q in t.lines}
        letters = dict(KeyLetterValue.objects.filter(valid_to__isnull=True).values_list("letter", "value"))
        prices = cls(quantum=profile.money.quantum)
        for code, letter, coefficient, package, category in Act.objects.filter(
            code__in=codes, valid_to__isnull=True
        ).values_list("code", "key_letter", "coefficient", "package_price", "category"):
            unit = package if package is not None else letters[letter] * coefficient
            prices.acts[code] = (unit, coefficient if package is None else None, category)
        for code, price, barcode in Drug.objects.filter(code__in=codes, valid_to__isnull=True).values_list(
            "code", "public_price", "barcode"
        ):
            prices.drugs[code] = (price, barcode)
        for code, amount, category in Device.objects.filter(
            code__in=codes, valid_to__isnull=True
        ).values_list("code", "package_amount", "category"):
            prices.devices[code] = (amount, category)
        return prices

    def unit(self, kind: str, code: str) -> Decimal | None:
        table: dict[str, Any] = {A: self.acts, M: self.drugs, DV: self.devices}[LineKind(kind)]
        found = table.get(code)
        return None if found is None else found[0]

    def billable(self, template: Template) -> bool:
        """Every code of the template is in this demo's (possibly smaller) catalogue."""
        return all(self.unit(kind, code) is not None for kind, code, _q in template.lines)

    def line(self, kind: str, code: str, quantity: int, day: datetime.date, markup: Decimal) -> LineInput:
        unit = self.unit(kind, code)
        assert unit is not None
        coefficient = self.acts[code][1] if kind == A else None
        billed = (unit * quantity * markup).quantize(self.quantum)
        return LineInput(
            kind=kind, code=code, billed=billed, service_date=day, quantity=quantity, coefficient=coefficient
        )

    def category(self, kind: str, code: str) -> str:
        if kind == A:
            return self.acts[code][2]
        return self.devices[code][1] if kind == DV else ""


def documents_needed(
    profile: FundProfile, care_type: str, lines: list[LineInput], prices: Prices
) -> list[str]:
    """The supporting documents the profile asks for this sheet: by care type, kind of line and category."""
    rules = profile.claims.required_documents
    kinds = {line.kind for line in lines}
    categories = {prices.category(line.kind, line.code) for line in lines}
    needed: set[str] = set()
    for table, keys in (
        (rules.by_care_type, {care_type}),
        (rules.by_line_kind, kinds),
        (rules.by_category, categories),
    ):
        for key, documents in table:
            if key in keys:
                needed.update(documents)
    return sorted(needed)


@dataclass(slots=True)
class Network:
    """The facilities that bill the fund directly (under an active agreement for the demo's dates) and
    what the demo needs of them."""

    billing: list[Facility]
    private: list[Facility]  # where the patient pays first when the profile says so
    by_region: dict[str, list[Facility]]
    referrers: dict[str, list[Facility]]  # health centres and posts per region, which refer patients up
    practitioners: dict[int, list[str]]
    ranks: dict[str, int]

    @classmethod
    def load(cls, ctx: DemoContext, since: datetime.date) -> Network:
        profile = ctx.profile
        agreed = set(
            AgreementRequest.objects.filter(
                status=AgreementStatus.ACTIVE, valid_from__lte=since, valid_to__gte=ctx.today
            ).values_list("facility_id", flat=True)
        )
        facilities = list(Facility.objects.order_by("code"))
        pays_first = profile.claims.patient_pays_first_in_private
        billing = [
            f for f in facilities if f.pk in agreed and not (pays_first and f.sector == Sector.PRIVATE)
        ]
        by_region: dict[str, list[Facility]] = defaultdict(list)
        referrers: dict[str, list[Facility]] = defaultdict(list)
        for facility in billing:
            by_region[facility.region].append(facility)
        for facility in facilities:
            if facility.kind in PRIMARY:
                referrers[facility.region].append(facility)
        practitioners: dict[int, list[str]] = defaultdict(list)
        for facility_id, name in Practitioner.objects.order_by("id").values_list("facility_id", "name"):
            practitioners[facility_id].append(name)
        return cls(
            billing=billing,
            private=[f for f in facilities if f.sector == Sector.PRIVATE] if pays_first else [],
            by_region=dict(by_region),
            referrers=dict(referrers),
            practitioners=dict(practitioners),
            ranks={level.code: level.rank for level in profile.care_pyramid.levels},
        )

    def practitioner(self, rng: random.Random, facility: Facility) -> str:
        return rng.choice(self.practitioners.get(facility.pk) or _NURSES)


@dataclass(slots=True)
class Builder:
    """Builds care sheets (`CareSheetInput`) for the demo: a template, a person who fits it, dates; `rng`
    is the random source of the demo's step at work (see `DemoClaims.step`)."""

    ctx: DemoContext
    prices: Prices
    network: Network
    covered: list[Person]
    uncovered: list[Person]
    rng: random.Random
    _templates: dict[str, list[Template]] = field(default_factory=dict)

    def templates_for(self, facility: Facility) -> list[Template]:
        found = self._templates.get(facility.kind)
        if found is None:
            found = self._templates[facility.kind] = [
                t for t in TEMPLATES if facility.kind in t.kinds and self.prices.billable(t)
            ]
        return found

    def person_for(self, template: Template, day: datetime.date, covered: bool = True) -> Person | None:
        pool = self.covered if covered else self.uncovered
        for _try in range(12):
            if not pool:
                return None
            person = self.rng.choice(pool)
            if person.fits(template, day) and (not covered or person.covered_on(day)):
                return person
        return None

    def _quantity(self, template: Template, code: str, quantity: int, fixed: Decimal) -> int:
        """A stay's length in days; quantity 0 makes the file pass the medical-review amount."""
        if quantity:
            return quantity
        unit = self.prices.unit(A, code) or Decimal(1)
        limit = self.ctx.profile.claims.medical_review_amount
        return max(2, min(30, math.floor((limit - fixed) / unit) + 2))

    def sheet(
        self,
        facility: Facility,
        template: Template,
        person: Person,
        day: datetime.date,
        *,
        markup: Decimal = Decimal(1),
        emergency: bool = False,
        referral: bool = True,
    ) -> tuple[CareSheetInput, list[str]]:
        """The care sheet of `template` for `person` at `facility` on `day`, and the documents it needs.

        Above the profile's entry level of the pyramid, the patient comes with a referral from a health
        centre of the region (`referral`), or as an emergency, or pays the profile's penalty."""
        rng = self.rng
        fixed = sum(
            ((self.prices.unit(k, c) or Decimal(0)) * q for k, c, q in template.lines if q), Decimal(0)
        )
        lines = [
            self.prices.line(kind, code, self._quantity(template, code, qty, fixed), day, markup)
            for kind, code, qty in template.lines
        ]
        stay = template.care_type in STAYS
        days = max((line.quantity for line in lines if line.code == "HOS-JOU"), default=template.stay_days)
        if stay and day + days * _DAY > self.ctx.today:
            # A stay is billed once the patient is discharged, never in the future: admitted early enough.
            earlier = self.ctx.today - days * _DAY
            return self.sheet(
                facility, template, person, earlier, markup=markup, emergency=emergency, referral=referral
            )
        extra: dict[str, Any] = {}
        if stay:
            extra = {"admission_date": day, "discharge_date": day + days * _DAY}
        rank = self.network.ranks.get(facility.level, 0)
        senders = self.network.referrers.get(facility.region) or []
        if referral and not emergency and rank > 2 and senders:
            sender = rng.choice(senders)
            sent = day - rng.randint(0, 6) * _DAY
            extra |= {
                "referral_in_facility_id": sender.pk,
                "referral_in_level": sender.level,
                "referral_in_on": sent,
                "referral_in_valid_until": sent + 30 * _DAY,
            }
        sheet = CareSheetInput(
            facility_id=facility.pk,
            member_id=person.member_id if person.dependant_id is None else None,
            dependant_id=person.dependant_id,
            care_type=template.care_type,
            care_date=day,
            lines=lines,
            diagnosis=template.diagnosis,
            practitioner_name=self.network.practitioner(self.rng, facility),
            emergency=emergency,
            **extra,
        )
        return sheet, documents_needed(self.ctx.profile, template.care_type, lines, self.prices)

    def episode(
        self,
        facility: Facility,
        day: datetime.date,
        *,
        covered: bool = True,
        template: Template | None = None,
        person: Person | None = None,
    ) -> tuple[CareSheetInput, list[str]] | None:
        """A random episode at `facility` on `day`, for `person` if given (None when nothing fits)."""
        rng = self.rng
        if template is None:
            choices = [t for t in self.templates_for(facility) if person is None or person.fits(t, day)]
            if not choices:
                return None
            template = rng.choices(choices, weights=[t.weight for t in choices])[0]
        person = person or self.person_for(template, day, covered)
        if person is None:
            return None
        draw = rng.random()
        return self.sheet(
            facility,
            template,
            person,
            day,
            emergency=draw < 0.08,
            referral=draw < 0.85,
            # Private clinics sometimes bill above the tariff: the patient pays the difference.
            markup=Decimal("1.15") if facility.kind in CLINICS and rng.random() < 0.3 else Decimal(1),
        )
