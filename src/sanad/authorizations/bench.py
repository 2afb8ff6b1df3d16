"""Benchmark `authorizations`: scale × 2,000 requests of a realistic mix submitted through the submitting
service, as facilities send them: each checked at the door (form, checklist, register), its clock started
and its type's automatic rule applied; approved at once, routed to an adviser, or returned incomplete.

The mix (assumption, from the seeds' lists of what is asked most): devices and implants with a quote (two
in three at or under the reference price), dialysis renewals (three in four within the protocol, for a
recognized long-term condition, with an earlier approval), costly long-term drugs where the fund has them,
one request in twenty incomplete, and the rest (stays, surgery, oncology…) for the adviser. The beneficiaries,
the catalogue, the facility and the earlier dialysis approvals are written first (not timed); the scans go
to a throw-away folder.

Figures: `requests_per_s` and `auto_share` (percent approved at once), and the reference measured in the
same run: one audit event written per call (`reference_inserts_per_s`), the plainest write of the database,
so that `inserts_per_request` says what a request costs whatever the machine.
"""

from __future__ import annotations

import datetime
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone

from sanad.authorizations import services
from sanad.authorizations.demo_forms import TYPICAL, form_values
from sanad.authorizations.models import AuthorizationRequest, Decision, DecisionItem, beneficiary_key
from sanad.authorizations.signals import announcements_silenced, conditions_asked
from sanad.authorizations.statuses import RequestStatus
from sanad.catalog.models import Act, Device, Drug, LongTermCondition, TreatmentProtocol
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role, role_groups_ensure
from sanad.funds import load_profile, registration_number_make
from sanad.funds.types import FundProfile
from sanad.funds.types_authorizations import RequestType
from sanad.providers.models import Facility, FacilityStaff
from sanad.registry.models import Contribution, IdentityDocument, Member, RightsPeriod

ON = timezone.make_aware(datetime.datetime(2026, 3, 3, 10))  # a Tuesday morning
START = datetime.date(2020, 1, 1)
PEOPLE = 400
_PDF = b"%PDF-1.4 a scanned page"


def _catalogue(profile: FundProfile) -> dict[str, tuple[str, str]]:
    """One catalogue item per request type (its kind and code), the long-term drug in the kidney disease
    protocol and the condition that groups it."""
    items: dict[str, tuple[str, str]] = {}
    for t in profile.authorization_requests.types:
        code = f"B-{t.code[:24].upper()}"
        if t.item_kind == "device":
            Device.objects.create(
                code=code,
                label_fr=t.code,
                category=t.categories[0],
                package_amount=Decimal("5000"),
                valid_from=START,
            )
        elif t.item_kind == "drug":
            code = "B-EPO"
            Drug.objects.get_or_create(
                code=code,
                defaults={"barcode": "6111000000019", "name": "Epoetin", "long_term_only": True}
                | {"public_price": Decimal("900"), "reimbursement_base": Decimal("900"), "valid_from": START},
            )
        else:
            Act.objects.create(
                code=code,
                label_fr=t.code,
                category=t.categories[0],
                package_price=Decimal("800"),
                valid_from=START,
            )
        items[t.code] = (t.item_kind or "act", code)
    drug = next((c for k, c in items.values() if k == "drug"), "")
    TreatmentProtocol.objects.create(
        diagnosis="N18",
        label="IRC",
        expected_codes=[drug, *(c for _k, c in items.values())],
        valid_from=START,
    )
    LongTermCondition.objects.create(code="IRC", label_fr="IRC", icd10_codes=["N18"], valid_from=START)
    return items


def _people(profile: FundProfile) -> list[Member]:
    members = Member.objects.bulk_create(
        Member(
            **{"first_name": "Bench", "last_name": f"Person {i}", "sex": "F", "population": "national"},
            **{"birth_date": datetime.date(1970 + i % 40, 1, 1), "nationality": profile.country},
            registration_number=registration_number_make(profile, 900_000 + i),
            region=profile.regions[0].code,
            enrolled_on=START,
        )
        for i in range(PEOPLE)
    )
    members = list(Member.objects.order_by("pk"))
    IdentityDocument.objects.bulk_create(
        IdentityDocument(member=m, kind=profile.identity.national[0].code, number=f"B{m.pk}") for m in members
    )
    end = datetime.date(2027, 12, 31)
    Contribution.objects.bulk_create(
        Contribution(
            **{
                "member": m,
                "method": "bank_transfer",
                "currency": profile.currency,
                "receipt_number": f"B-{m.pk}",
            },
            **{"insured_share": Decimal(1), "sponsor_share": Decimal(1), "amount": Decimal(2)},
            **{"period_start": START, "period_end": end, "paid_on": START},
        )
        for m in members
    )
    paid = dict(Contribution.objects.values_list("member_id", "pk"))
    RightsPeriod.objects.bulk_create(
        RightsPeriod(member=m, contribution_id=paid[m.pk], paid_from=START, start=START, end=end)
        for m in members
    )
    return members


def _facility(profile: FundProfile) -> tuple[Facility, object]:
    facility = Facility.objects.create(
        **{"code": "B-CLINIC", "kind": "private_clinic", "sector": "private", "network_status": "active"},
        **{"name_fr": "Clinique du banc", "name_ar": "مصحة", "level": profile.care_pyramid.levels[-1].code},
        region=profile.regions[0].code,
    )
    user = get_user_model().objects.create_user(username="bench-clerk")
    user.groups.add(role_groups_ensure()[Role.FACILITY_STAFF])
    FacilityStaff.objects.create(user=user, facility=facility)
    return facility, user


def _earlier_dialysis(profile: FundProfile, facility: Facility, members: list[Member], code: str) -> None:
    """An approval of dialysis sessions for each person whose renewal the mix asks."""
    first = next((t for t in profile.authorization_requests.types if "dialysis" in t.categories), None)
    if first is None:
        return
    for m in members:
        request = AuthorizationRequest.objects.create(
            **{"facility": facility, "member": m, "beneficiary": beneficiary_key(m.pk, None)},
            **{
                "request_type": first.code,
                "admission": first.admissions[0],
                "status": RequestStatus.APPROVED,
            },
            submitted_at=ON - datetime.timedelta(days=80),
            reference=f"B-{m.pk}",
        )
        decision = Decision.objects.create(
            **{"request": request, "kind": "approved", "action": "decide", "facility": facility},
            **{
                "valid_from": START,
                "valid_to": ON.date(),
                "counts": "sessions",
                "decided_at": request.submitted_at,
            },
        )
        DecisionItem.objects.create(decision=decision, kind="act", code=code, quantity=36)
        AuthorizationRequest.objects.filter(pk=request.pk).update(
            decision=decision, decided_at=decision.decided_at
        )


def _mix(
    profile: FundProfile, facility: Facility, members: list[Member], count: int
) -> list[services.RequestInput]:
    types = {t.code: t for t in profile.authorization_requests.types if not t.facility_kinds}
    items = _catalogue(profile)
    quoted = next(
        (t for t in types.values() if t.automatic and t.automatic.rule == "quote_within_reference"), None
    )
    renewal = next(
        (t for t in types.values() if t.automatic and t.automatic.rule == "dialysis_renewal"), None
    )
    drug = next((t for t in types.values() if t.automatic and t.automatic.rule == "long_term_drug"), None)
    plain = [t for t in types.values() if t.automatic is None]
    recurring = members[: PEOPLE // 4]
    if renewal is not None:
        _earlier_dialysis(
            profile, facility, recurring, items[renewal.code][1] if renewal.code in items else ""
        )
    cycle: list[tuple[RequestType | None, str]] = [(quoted, "under")] * 4 + [(quoted, "over")] * 2
    cycle += (
        [(renewal, "within")] * 3 + [(renewal, "beyond")] + [(drug, "within")] * 2 + [(None, "incomplete")]
    )
    cycle += [(None, "plain")] * 7
    out = []
    for i in range(count):
        chosen, case = cycle[i % len(cycle)]
        if chosen is None:
            chosen = plain[i % len(plain)]
        person = recurring[i % len(recurring)] if chosen in (renewal, drug) else members[i % len(members)]
        values = form_values(profile, chosen, (*items[chosen.code], chosen.code), ON.date())
        if "diagnosis" in values and chosen in (renewal, drug):
            values["diagnosis"] = "N18.5"
        if "sessions_per_week" in values:
            values["sessions_per_week"] = "4" if case == "beyond" else str(TYPICAL["sessions_per_week"])
        if "quote_amount" in values:
            values["quote_amount"] = "4500" if case == "under" else "6500"
        documents = list(chosen.documents)[: -1 if case == "incomplete" else None]
        out.append(
            services.RequestInput(
                **{"facility_id": facility.pk, "member_id": person.pk, "request_type": chosen.code},
                **{"admission": chosen.admissions[0], "values": values},
                documents={
                    c: SimpleUploadedFile(f"{c}.pdf", _PDF, content_type="application/pdf") for c in documents
                },
            )
        )
    return out


def _reference(count: int) -> float:
    """Audit events written one by one, per second."""
    started = time.perf_counter()
    for i in range(count):
        AuditEvent.objects.create(action="bench.reference", object_type="bench", object_id=str(i))
    elapsed = time.perf_counter() - started
    AuditEvent.objects.filter(action="bench.reference").delete()
    return count / elapsed


def run(scale: float) -> Iterator[tuple[str, float, str]]:
    profile = load_profile(settings.SANAD_FUND)
    count = max(200, int(2_000 * scale))
    members = _people(profile)
    facility, clerk = _facility(profile)
    recognized = {beneficiary_key(m.pk, None) for m in members[: PEOPLE // 4]}

    def claims_know(sender: object, *, beneficiary: str, on: datetime.date, **kwargs: object) -> list[str]:
        return ["IRC"] if beneficiary in recognized else []

    conditions_asked.connect(claims_know, dispatch_uid="bench.conditions")
    try:
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media),
            announcements_silenced(),
        ):
            inputs = _mix(profile, facility, members, count)
            started = time.perf_counter()
            made = [
                services.authorization_submit(actor=clerk, data=d, now=ON, profile=profile) for d in inputs
            ]
            elapsed = time.perf_counter() - started
    finally:
        conditions_asked.disconnect(dispatch_uid="bench.conditions")
    automatic = sum(1 for r in made if r.status == RequestStatus.APPROVED)
    reference = _reference(count)
    per_s = len(made) / elapsed
    yield "requests_per_s", per_s, "requests/s"
    yield "auto_share", 100 * automatic / len(made), "%"
    yield "reference_inserts_per_s", reference, "rows/s"
    yield "inserts_per_request", reference / per_s, "x"


BENCHES = {"authorizations": run}
NEEDS_DATABASE = {"authorizations"}
