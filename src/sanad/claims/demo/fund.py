"""The fund's side of the demo, through its services: the claims checker and the medical adviser decide
the files that waited in their queues (a few stay past their clock), the counters register the
reimbursements of insured persons who paid first where the profile says so, and the regional offices
register and answer complaints."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from sanad.claims.demo.care import Person, family_of
from sanad.claims.demo.desk import Desk, reduce_longest
from sanad.claims.demo.scans import specimen_scan
from sanad.claims.models import BillingFile, Complaint, FileDecision
from sanad.claims.services import (
    LineReview,
    Scan,
    billing_file_review,
    complaint_answer,
    complaint_file,
    complaint_register,
    reimbursement_register,
)
from sanad.claims.services.check import current_decision
from sanad.claims.services.reimbursements import INSURED_DOCUMENTS
from sanad.claims.statuses import (
    ComplainantKind,
    DocumentKind,
    FileStatus,
    LineVerdict,
    ReviewReason,
    SubmittedVia,
)
from sanad.common.errors import DomainError
from sanad.common.permissions import Role
from sanad.registry.models import Member

if TYPE_CHECKING:
    from sanad.claims.demo.bulk import Volume
    from sanad.claims.demo.load import DemoClaims

_DAY = datetime.timedelta(days=1)
F = FileStatus
_DECIDED = (F.VALIDATED, F.REJECTED)
# Files older than the processing clock left undecided in each queue: the overdue list shows them.
OVERDUE_KEPT = 2


def _reject_one(billing_file: BillingFile) -> list[LineReview]:
    """The adviser rejects the line the fund pays most on as not medically justified, accepts the rest."""
    outcomes = list(current_decision(billing_file).lines.all())
    top = max(outcomes, key=lambda o: (o.fund_share, -o.line_id))
    return [
        LineReview(
            line_id=o.line_id,
            verdict=LineVerdict.REJECT,
            reason=ReviewReason.NOT_JUSTIFIED,
            note="Examen non justifié par le tableau clinique.",
        )
        if o is top and len(outcomes) > 1
        else LineReview(line_id=o.line_id, verdict=LineVerdict.ACCEPT)
        for o in outcomes
    ]


def queues_work(dc: DemoClaims, volume: Volume) -> int:
    """The checker and the adviser decide the volume's files that waited two weeks or more (about half
    of those within their clock, every older one but `OVERDUE_KEPT` per queue); on the files of the
    administrative check the checker asked for the missing papers first. Returns how many were decided."""
    rng, today = dc.rng, dc.today
    desk = Desk(dc)
    ids = [p.file_id for p in volume.received()]
    files = (
        BillingFile.objects.filter(pk__in=ids, status__in=[F.ADMIN_CHECK, F.MEDICAL_REVIEW])
        .select_related("care_sheet")
        .order_by("received_on", "pk")
    )
    kept: Counter = Counter()
    # Each queue shows at least one decision of its people, whatever the draws: the first file old enough
    # to have been worked on (eight days), or the second of its overdue ones.
    worked: Counter = Counter()
    # People's time: beyond it, files wait (and run late), and papers are not asked for.
    budget = min(60, 20 + dc.ctx.members // 100)
    asks = min(40, 10 + dc.ctx.members // 200)
    decided = 0
    for billing_file in files:
        assert billing_file.received_on is not None
        age = (today - billing_file.received_on).days
        asked = min(today, billing_file.received_on + rng.randint(1, 4) * _DAY)
        status = billing_file.status
        late = age > 30 and kept[status] < OVERDUE_KEPT
        wait = late or age < 14 or (age <= 30 and rng.random() < 0.5) or decided >= budget
        first = not worked[status] and decided < budget and age >= 8
        if wait and first and not (late and kept[status] == 0):
            wait = False  # the queue's first decision, whatever the draws; one overdue file stays
        if wait:
            kept[status] += late
            if status == F.ADMIN_CHECK and age >= 3 and asks and rng.random() < 0.6:
                asks -= 1
                desk.ask(billing_file, asked, answer_on=None)
            continue
        decided += 1
        worked[status] += 1
        on = min(today, billing_file.received_on + rng.randint(8, min(age, 25)) * _DAY)
        if status == F.MEDICAL_REVIEW:
            draw = rng.random()
            if draw < 0.6:
                verdicts = [
                    LineReview(line_id=o.line_id, verdict=LineVerdict.ACCEPT) for o in _outcomes(billing_file)
                ]
            else:
                verdicts = reduce_longest(billing_file) if draw < 0.9 else _reject_one(billing_file)
            billing_file_review(actor=desk.adviser, file_id=billing_file.pk, lines=verdicts, on=on)
            continue
        answered = rng.random() < 0.7
        desk.ask(billing_file, asked, answer_on=min(on, asked + 3 * _DAY) if answered else None)
        try:
            desk.validate(billing_file, on) if answered else desk.reject(billing_file, on)
        except DomainError:  # the fund would pay nothing on it: rejected with a reason instead
            desk.reject(billing_file, on)
    return decided


def _outcomes(billing_file: BillingFile) -> list[Any]:
    return list(current_decision(billing_file).lines.all())


def reimbursements_load(dc: DemoClaims, insured: list[Person]) -> list[BillingFile]:
    """Where the profile says that the patient pays first in the private sector, insured persons file the
    care they paid at private facilities: most at a branch counter, one online (the demo insured)."""
    profile, rng = dc.ctx.profile, dc.rng
    if not profile.claims.patient_pays_first_in_private:
        return []
    places = [f for f in dc.network.private if dc.builder.templates_for(f)]
    if not places:
        return []
    agent = dc.user(Role.COUNTER_AGENT)
    made = []
    count = 3 + dc.ctx.members // 300
    covered = [p for p in insured if p.eligible and p.periods]
    for number in range(count + 1):
        online = number == count
        if online and (not covered or dc.user(Role.INSURED) is None):
            break
        facility = rng.choice(places)
        day = dc.days_ago(8, 70)
        episode = dc.builder.episode(facility, day, person=rng.choice(covered) if online else None)
        if episode is None:
            continue
        sheet, needed = episode
        kinds = {DocumentKind.RECEIPT.value} | ({str(k) for k in INSURED_DOCUMENTS} & set(needed))
        on = min(dc.today, (sheet.discharge_date or sheet.care_date) + rng.randint(2, 12) * _DAY)
        made.append(
            reimbursement_register(
                actor=dc.user(Role.INSURED) if online else agent,
                sheet=sheet,
                receipt_number=f"RB-{on.year}-{number + 1:05d}",
                # The demo's specimen scans, named as stored: the papers handed in.
                scans=[Scan(kind=kind, file=specimen_scan(kind)) for kind in sorted(kinds)],
                submitted_via=SubmittedVia.SELF_SERVICE if online else SubmittedVia.BRANCH,
                on=on,
            )
        )
    return made


def insured_family(dc: DemoClaims) -> list[Person]:
    """The demo insured person's family, as the demo's other people."""
    user = dc.user(Role.INSURED)
    member_id = Member.objects.filter(user=user).values_list("pk", flat=True).first() if user else None
    return family_of(member_id, dc.ctx) if member_id else []


class _Decided:
    """The decided files a complaint may be about, read once: (day decided, decision id, file id, file
    status, reduced?), in the order decided."""

    def __init__(self) -> None:
        self.rows = list(
            FileDecision.objects.filter(is_current=True, billing_file__status__in=_DECIDED)
            .order_by("decided_on", "id")
            .values_list("decided_on", "id", "billing_file_id", "billing_file__status", "status")
        )
        self.used: set[int] = set()

    def last(self, day: datetime.date, status: str, *, reduced: bool) -> BillingFile | None:
        """The file of `status` decided last on or before `day`, not taken yet (a reduced one if asked and
        there is one; else any file decided by then)."""
        before = [r for r in self.rows if r[0] <= day and r[2] not in self.used]
        tests = [lambda r: r[3] == status and r[4] == "reduced"] if reduced else []
        tests += [lambda r: r[3] == status, lambda r: True]
        for test in tests:
            found = [r for r in before if test(r)]
            if found:
                self.used.add(found[-1][2])
                return BillingFile.objects.select_related("care_sheet__dependant", "facility").get(
                    pk=found[-1][2]
                )
        return None


_SUBJECTS = {
    "rejected": "Dossier rejeté alors que mes droits étaient ouverts. / رُفض الملف رغم أن حقوقي كانت مفتوحة.",
    "reduced": "Réduction de la part de la caisse contestée : la durée du séjour était justifiée.",
    "validated": "Le remboursement ne correspond pas au montant annoncé au guichet.",
    "none": "Attente trop longue au guichet de l'agence régionale.",
}


def complaints_load(dc: DemoClaims) -> int:
    """Complaints registered by the regional offices, on files and on decisions: open, past their clock,
    answered, one upheld (the file decided again); and one filed online by the demo insured."""
    agent = dc.user(Role.COUNTER_AGENT)
    # A complaint cannot be dated after the real day, whatever day the demo takes for today.
    today = min(dc.today, timezone.localdate())

    def ago(days: int) -> datetime.date:
        return today - days * _DAY

    made = 0
    plans: list[tuple[str, str, int, int | None, bool, bool]] = [
        # (complainant, file status, received days ago, answered days later, uphold, on the decision)
        (ComplainantKind.INSURED, F.REJECTED, 4, None, False, True),
        (ComplainantKind.FACILITY, F.VALIDATED, 40, None, False, True),
        (ComplainantKind.INSURED, F.VALIDATED, 25, 7, False, False),
        (ComplainantKind.FACILITY, F.VALIDATED, 12, 6, True, True),
        (ComplainantKind.INSURED, "", 30, 2, False, False),
    ]
    plans += [
        (ComplainantKind.INSURED, F.VALIDATED, 2 + n, None, False, False)
        for n in range(dc.ctx.members // 500)
    ]
    decided = _Decided()
    for complainant, status, days, answer_after, uphold, on_decision in plans:
        received = ago(days)
        billing_file = None
        if status:
            billing_file = decided.last(received, status, reduced=complainant == ComplainantKind.FACILITY)
            if billing_file is None:
                continue
        if billing_file is not None:
            region = (
                billing_file.facility.region
                if complainant == ComplainantKind.FACILITY
                else Member.objects.get(pk=_member_of(billing_file)).region
            )
        else:
            region = dc.facility.region
        subject = _SUBJECTS["reduced" if complainant == ComplainantKind.FACILITY else (status or "none")]
        member_id = (
            None if billing_file is not None or complainant == ComplainantKind.FACILITY else _any_member(dc)
        )
        complaint = complaint_register(
            actor=agent,
            complainant=complainant,
            region=region,
            subject=subject,
            received_on=received,
            billing_file_id=billing_file.pk if billing_file else None,
            member_id=member_id,
            on_decision=on_decision,
        )
        made += 1
        if answer_after is not None:
            answer = (
                "Réclamation fondée : le dossier est réexaminé."
                if uphold
                else "Après vérification, la décision est maintenue ; voir le détail des motifs."
            )
            complaint_answer(
                actor=agent,
                complaint_id=complaint.pk,
                answer=answer,
                uphold=uphold,
                on=received + answer_after * _DAY,
            )
    made += _online_complaint(dc, today)
    return made


def _member_of(billing_file: BillingFile) -> int:
    sheet = billing_file.care_sheet
    return sheet.member_id if sheet.dependant_id is None else sheet.dependant.member_id


def _any_member(dc: DemoClaims) -> int:
    return dc.rng.choice(dc.builder.covered or dc.builder.uncovered).member_id


def _online_complaint(dc: DemoClaims, today: datetime.date) -> int:
    """The demo insured complains online about one of their family's decided files, if they have one."""
    user = dc.user(Role.INSURED)
    member = Member.objects.filter(user=user).first() if user else None
    if member is None:
        return 0
    family = BillingFile.objects.filter(status__in=[F.VALIDATED, F.REJECTED]).filter(
        care_sheet__member=member
    ) | BillingFile.objects.filter(status__in=[F.VALIDATED, F.REJECTED], care_sheet__dependant__member=member)
    found = family.order_by("id").first()
    if found is None or Complaint.objects.filter(billing_file=found).exists():
        return 0
    complaint_file(
        actor=user,
        subject="La part laissée à ma charge me paraît trop élevée.",
        on=today,
        billing_file_id=found.pk,
    )
    return 1
