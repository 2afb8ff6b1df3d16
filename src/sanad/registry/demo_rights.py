"""Demo register, second part: identity documents, certificates, contributions, rights, enrollments.

Most members are in order; some are not, so that every rule has cases to show: expired documents,
students of 21 to 26 without their certificates, members in arrears, enrollments past their 30 days.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from sanad.common.demo import DemoContext
from sanad.funds.calendar import add_months
from sanad.registry.models import (
    Contribution,
    Dependant,
    Enrollment,
    IdentityDocument,
    Member,
    RightsPeriod,
    SupportingCertificate,
)
from sanad.registry.rules import (
    RightsWindow,
    age_on,
    certificates_valid_on,
    contribution_amount,
    dependant_eligibility,
    rights_window,
)
from sanad.registry.services.enrollment import enrollment_due_on
from sanad.registry.statuses import EnrollmentStatus
from sanad.registry.vocabulary import CertificateKind, PaymentMethod

_DAY = datetime.timedelta(days=1)
_HISTORY_MONTHS = 4  # monthly contributions shown: the last four months
_SALARY = {"flat_per_person": (0, 0), "salary_share": (3_000, 30_000)}
_BANKS = ("Banque Populaire", "Attijariwafa bank", "BMCE Bank", "BMCI", "Société Générale")


def _insert(model: type[Model], rows: list[dict]) -> None:
    """Insert plain rows in one `executemany`: bulk_create without the ORM's per-value work, which would
    cost seconds here. Demo data only: the values are made by this module, the names come from the model."""
    if not rows:
        return
    fields = list(rows[0])
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [tuple(row[name] for name in fields) for row in rows])


def _number(ctx: DemoContext, letters: int = 2, digits: int = 7) -> str:
    rng = ctx.rng
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(letters)) + "".join(
        rng.choice("0123456789") for _ in range(digits)
    )


def documents_load(ctx: DemoContext, members: Sequence[Member], spouses: Sequence[Dependant]) -> None:
    """One identity document per member (3% expired) and a national card for each spouse."""
    rng, profile, today = ctx.rng, ctx.profile, ctx.today
    rows = []
    for member in members:
        kind = rng.choice(profile.identity.documents_for(member.population))
        expires = None
        if kind.expires:
            days = -rng.randint(1, 400) if rng.random() < 0.03 else rng.randint(30, 3650)
            expires = today + days * _DAY
        rows.append(_document(ctx, "member_id", member.id, kind.code, expires))
    card = profile.identity.national[0]
    for spouse in spouses:
        expires = today + rng.randint(30, 3650) * _DAY if card.expires else None
        rows.append(_document(ctx, "dependant_id", spouse.id, card.code, expires))
    _insert(IdentityDocument, rows)
    ctx.counts["documents"] = len(rows)


def _document(ctx: DemoContext, owner: str, owner_id: int, kind: str, expires: datetime.date | None) -> dict:
    row = {
        "member_id": None,
        "dependant_id": None,
        "kind": kind,
        "number": _number(ctx),
        "expires_on": expires,
    }
    return {**row, owner: owner_id, "scan": "", "created_at": timezone.now()}


def certificates_load(ctx: DemoContext, dependants: Sequence[Dependant]) -> dict[int, list]:
    """Certificates for students of 21 to 26 (some missing), disabled children and spouses."""
    rng, rules, today = ctx.rng, ctx.profile.dependants, ctx.today
    school_year = datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    rows: list[dict] = []
    disabled: list[int] = []
    for dependant in dependants:
        age = age_on(dependant.birth_date, today)
        if dependant.relationship == "spouse":
            if rules.spouse_proof_of_no_profession and rng.random() < 0.9:
                rows.append(_certificate(dependant, CertificateKind.NO_PROFESSION, school_year, None))
            continue
        if rng.random() < 0.015:
            disabled.append(dependant.id)
            dependant.disabled = True
            if age >= rules.child_max_age and rng.random() < 0.8:
                rows.append(_certificate(dependant, rules.disabled_child_certificate, school_year, None))
            continue
        if not rules.child_max_age <= age < rules.student_max_age:
            continue
        draw = rng.random()
        if draw < 0.75:  # a student in order: this school year's certificates
            kinds = rules.student_certificates
        elif draw < 0.85:  # the certificate of being unmarried is missing
            kinds = rules.student_certificates[:1]
        else:  # nothing on file: not covered
            kinds = ()
        expiry = add_months(school_year, 12) - _DAY
        rows.extend(_certificate(dependant, kind, school_year, expiry) for kind in kinds)
    Dependant.objects.filter(pk__in=disabled).update(disabled=True)
    _insert(SupportingCertificate, rows)
    ctx.counts["certificates"] = len(rows)
    held: dict[int, list] = defaultdict(list)
    for row in rows:
        held[row["dependant_id"]].append(_Held(row["kind"], row["issued_on"], row["expires_on"]))
    return held


class _Held(NamedTuple):
    kind: str
    issued_on: datetime.date
    expires_on: datetime.date | None


def _certificate(
    dependant: Dependant, kind: str, issued_on: datetime.date, expires_on: datetime.date | None
) -> dict:
    return {
        "dependant_id": dependant.id,
        "kind": kind,
        "issued_on": issued_on,
        "expires_on": expires_on,
        "reference": "",
        "scan": "",
        "created_at": timezone.now(),
    }


def contributions_load(
    ctx: DemoContext, members: Sequence[Member], dependants: Sequence[Dependant], held: dict[int, list]
) -> None:
    """Contributions paid period after period since enrollment (monthly: the last four months), with the
    rights periods they open; about 8% of members stopped paying and are in arrears."""
    rng, profile, today = ctx.rng, ctx.profile, ctx.today
    rules = profile.contributions
    persons: dict[int, int] = defaultdict(lambda: 1)
    for d in dependants if rules.flat else ():  # a flat contribution is paid per person covered
        verdict = dependant_eligibility(
            profile,
            relationship=d.relationship,
            birth_date=d.birth_date,
            on=today,
            certificates=certificates_valid_on(held.get(d.id, ()), today),
            disabled=d.disabled,
        )
        persons[d.member_id] += verdict.ok
    low, high = _SALARY[rules.scheme]
    months, history_start = rules.period_months, add_months(today, -_HISTORY_MONTHS)
    contributions: list[dict] = []
    now = timezone.now()
    windows: list[RightsWindow] = []
    for index, member in enumerate(members):
        salary = Decimal(rng.randrange(low, high + 1, 50)) if rules.salary else None
        amount = contribution_amount(profile, persons=persons[member.id], salary=salary)
        lapsed = index > 0 and rng.random() < 0.08
        stop = add_months(today, -months) - (profile.rights.grace_days + 30) * _DAY if lapsed else today
        # Periods run from the enrollment day (from the 1st of the next month after a 29th to 31st).
        origin = member.enrolled_on
        if origin.day > 28:
            origin = add_months(origin.replace(day=1), 1)
        k, previous = 0, None
        shown = min(history_start, add_months(stop, -2))  # a lapsed member's last payments are shown
        if months == 1 and origin < shown:  # the first period starting on or after `shown`
            k = (shown.year - origin.year) * 12 + shown.month - origin.month
            k += shown.day > origin.day
        if k:  # already covered before the history shown: no new waiting period
            previous = RightsWindow(add_months(origin, k - 1), origin, add_months(origin, k) - _DAY)
        while (start := add_months(origin, k * months)) <= stop:
            method = rng.choice(rules.payment_methods)
            operator = rng.choice(rules.mobile_money_operators) if rules.mobile_money_operators else ""
            contributions.append(
                {
                    "member_id": member.id,
                    "method": method,
                    "operator": operator if method == PaymentMethod.MOBILE_MONEY else "",
                    "reference": f"T{rng.randrange(10**9):09d}"
                    if method in ("mobile_money", "bank_transfer")
                    else "",
                    "cheque_number": f"{rng.randrange(10**7):07d}" if method == PaymentMethod.CHEQUE else "",
                    "bank": rng.choice(_BANKS) if method == PaymentMethod.CHEQUE else "",
                    "payer": "",
                    "salary": salary,
                    "persons": persons[member.id] if rules.flat else 1,
                    "insured_share": amount.insured_share,
                    "sponsor_share": amount.sponsor_share,
                    "amount": amount.amount,
                    "currency": profile.currency,
                    "period_start": start,
                    "period_end": add_months(origin, (k + 1) * months) - _DAY,
                    "paid_on": min(start + rng.randint(0, 20) * _DAY, today),
                    "receipt_number": f"R-{member.registration_number}-{start:%Y%m%d}",
                    "recorded_by_id": None,
                    "created_at": now,
                }
            )
            previous = rights_window(profile, paid_from=start, previous=previous)
            windows.append(previous)
            k += 1
    _insert(Contribution, contributions)
    ids = dict(Contribution.objects.values_list("receipt_number", "id"))
    _insert(
        RightsPeriod,
        [
            {
                "member_id": c["member_id"],
                "contribution_id": ids[c["receipt_number"]],
                "paid_from": w.paid_from,
                "start": w.start,
                "end": w.end,
            }
            for c, w in zip(contributions, windows, strict=True)
        ],
    )
    ctx.counts["contributions"] = len(contributions)


def enrollments_load(ctx: DemoContext, members: Sequence[Member]) -> None:
    """Certified enrollments, recent ones still open, and about 1% open past their processing clock."""
    rng, profile, today = ctx.rng, ctx.profile, ctx.today
    rows = []
    for index, member in enumerate(members):
        submitted = member.enrolled_on
        due = enrollment_due_on(profile, submitted)
        status, decided = EnrollmentStatus.CERTIFIED, min(submitted + rng.randint(2, 28) * _DAY, today)
        if due >= today or index % 100 == 50:
            status, decided = rng.choice((EnrollmentStatus.SUBMITTED, EnrollmentStatus.CHECKED)), None
        rows.append(
            {
                "member_id": member.id,
                "status": status,
                "submitted_on": submitted,
                "due_on": due,
                "decided_on": decided,
                "note": "",
                "submitted_by_id": None,
            }
        )
    _insert(Enrollment, rows)
    ctx.counts["enrollments_overdue"] = sum(
        1 for r in rows if r["decided_on"] is None and r["due_on"] < today
    )
