import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanad.claims.models import BillingFile, FileDecision, LineOutcome
from sanad.claims.selectors import billing_file_decision, billing_file_queue
from sanad.claims.services import billing_files_adjudicate
from sanad.claims.statuses import FileStatus
from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from tests.claims.conftest import CARE_DAY, make_member

TODAY = datetime.date(2026, 4, 5)


def reasons(decision: FileDecision) -> set[str]:
    codes = {f["code"] for f in decision.findings}
    for outcome in decision.lines.all():
        codes |= {f["code"] for f in outcome.findings}
    return codes


def test_it_validates_a_covered_members_consultation_at_an_agreed_centre(bill, covered_member, checker):
    billing_file = bill(covered_member)

    [decision] = billing_files_adjudicate(actor=checker, file_ids=[billing_file.pk], on=TODAY)

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED
    stored = billing_file_decision(file_id=billing_file.pk)
    assert stored.pk == decision.pk
    assert (stored.status, stored.routing, stored.payee) == ("accepted", "auto_approve", "facility")
    # CNASS pays 90 % of an outpatient act in the public sector: C = 1,000 MRU.
    [line] = stored.lines.all()
    assert (line.tariff, line.base, line.rate) == (Decimal("1000.00"), Decimal("1000.00"), Decimal("0.9"))
    assert (line.fund_share, line.patient_share) == (Decimal("900.00"), Decimal("100.00"))
    assert (stored.fund_share, stored.patient_share, stored.currency) == (
        Decimal("900.00"),
        Decimal("100.00"),
        "MRU",
    )
    event = AuditEvent.objects.get(action="billing_files_adjudicate", object_id=str(billing_file.pk))
    assert event.actor == checker
    assert (event.before, event.after["status"]) == ({"status": "received"}, "validated")


def test_it_rejects_a_file_received_after_the_time_bar(bill, covered_member):
    # Three months after the care given on 10 March 2026: 10 June is the last day; the 11th is too late.
    on_time = bill(covered_member, received_on=datetime.date(2026, 6, 10))
    late = bill(covered_member, received_on=datetime.date(2026, 6, 11), day=CARE_DAY)

    billing_files_adjudicate(actor=None, file_ids=[late.pk], on=TODAY)

    late.refresh_from_db()
    assert late.status == FileStatus.REJECTED
    decision = billing_file_decision(file_id=late.pk)
    assert decision.routing == "reject"
    assert "time_barred" in reasons(decision)
    assert (decision.fund_share, decision.patient_share) == (Decimal("0.00"), Decimal("1000.00"))
    on_time.refresh_from_db()
    assert on_time.status == FileStatus.RECEIVED  # not asked for


def test_it_rejects_a_file_for_a_person_without_rights(bill):
    billing_file = bill(make_member(covered=False))

    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY)

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.REJECTED
    decision = billing_file_decision(file_id=billing_file.pk)
    assert "no_rights" in reasons(decision)
    assert decision.fund_share == Decimal("0.00")


def test_it_rejects_care_given_after_the_agreement_ended(bill, covered_member, centre):
    centre.agreements.get().periods.update(valid_to=datetime.date(2026, 3, 9))
    billing_file = bill(covered_member)

    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY)

    assert "facility_not_agreed" in reasons(billing_file_decision(file_id=billing_file.pk))


def test_a_second_consultation_the_same_day_is_a_duplicate_of_the_validated_one(bill, covered_member):
    first = bill(covered_member)
    billing_files_adjudicate(actor=None, file_ids=[first.pk], on=TODAY)
    again = bill(covered_member)

    billing_files_adjudicate(actor=None, file_ids=[again.pk], on=TODAY)

    assert "duplicate_already_paid" in reasons(billing_file_decision(file_id=again.pk))


def test_a_rerun_changes_nothing_already_decided(bill, covered_member):
    billing_file = bill(covered_member)
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY)

    assert billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY) == []
    assert FileDecision.objects.filter(billing_file=billing_file).count() == 1


def test_a_user_who_is_not_a_checker_may_not_adjudicate(bill, covered_member, alice):
    billing_file = bill(covered_member)

    with pytest.raises(DomainError) as error:
        billing_files_adjudicate(actor=alice, file_ids=[billing_file.pk], on=TODAY)

    assert error.value.code == "forbidden"


def test_a_child_is_covered_through_the_members_rights(bill, covered_member, centre):
    from sanad.claims.services import CareSheetInput, LineInput, billing_file_register
    from sanad.registry.models import Dependant

    child = Dependant.objects.create(
        member=covered_member,
        first_name="Sidi",
        last_name="Ould Ahmed",
        sex="M",
        birth_date=datetime.date(2018, 2, 1),
        relationship="child",
    )
    sheet = CareSheetInput(
        facility_id=centre.pk,
        dependant_id=child.pk,
        care_type="outpatient",
        care_date=CARE_DAY,
        lines=[LineInput(kind="act", code="CON-C", billed=Decimal("1000.00"), service_date=CARE_DAY)],
    )
    billing_file = billing_file_register(
        actor=None, sheet=sheet, invoice_number="F-CHILD", received_on=datetime.date(2026, 4, 1)
    )

    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY)

    decision = billing_file_decision(file_id=billing_file.pk)
    assert (decision.status, decision.fund_share) == ("accepted", Decimal("900.00"))
    assert billing_file.care_sheet.lines.get().beneficiary == f"D{child.pk}"


def _files(bill, count: int) -> list[int]:
    files = []
    for n in range(count):
        member = make_member(covered=n % 3 != 0)
        billed = Decimal("1000.00") + Decimal(n * 37) / 100
        files.append(bill(member, billed=billed).pk)
    return files


def test_the_queries_do_not_grow_with_the_number_of_files(bill, checker, django_assert_max_num_queries):
    few, many = _files(bill, 2), _files(bill, 20)
    with CaptureQueriesContext(connection) as two:
        billing_files_adjudicate(actor=checker, file_ids=few, on=TODAY)

    with django_assert_max_num_queries(len(two.captured_queries)):
        billing_files_adjudicate(actor=checker, file_ids=many, on=TODAY)

    assert BillingFile.objects.filter(status=FileStatus.RECEIVED).count() == 0
    # 4 to read the files, their lines, rights and the beneficiaries' other lines (certificates and amounts
    # paid only when there are some), 3 for the facilities' periods, 1 for the peer averages of the day (2
    # more to compute and keep them at the first run of the day: the shared ones are read here), 7 for the
    # reference snapshot of their one sector, 6 writes and one per status reached (two here), 1 for the
    # checker's roles, 2 savepoints, 3 for the SMS receiver (a savepoint, one read of the decided files with
    # their members, its release), 3 for the FHIR subscriptions' receiver (a savepoint, the facilities that
    # subscribed, its release).
    assert len(two.captured_queries) <= 31


def test_fund_and_patient_shares_add_up_to_the_billed_amount_on_every_line(bill):
    ids = _files(bill, 12)

    billing_files_adjudicate(actor=None, file_ids=ids, on=TODAY)

    outcomes = list(LineOutcome.objects.select_related("line", "decision"))
    assert len(outcomes) == 12
    for outcome in outcomes:
        assert outcome.fund_share + outcome.patient_share == outcome.billed == outcome.line.billed
        assert min(outcome.fund_share, outcome.patient_share, outcome.penalty) >= 0
    for decision in FileDecision.objects.all():
        assert decision.fund_share + decision.patient_share == decision.billed


def test_the_queues_page_by_key(bill, covered_member):
    files = [bill(covered_member, received_on=datetime.date(2026, 4, d)) for d in (3, 1, 2)]

    first = list(billing_file_queue(status=FileStatus.RECEIVED, limit=2))
    rest = list(billing_file_queue(status=FileStatus.RECEIVED, after=(first[-1].received_on, first[-1].pk)))

    assert [f.pk for f in first + rest] == [files[1].pk, files[2].pk, files[0].pk]


def test_claim_snapshots_fill_rights_agreements_referral_and_history(bill, covered_member, centre):
    from sanad.claims.runner.read import claim_snapshots
    from sanad.funds.active import active_profile

    grace = datetime.timedelta(days=active_profile().rights.grace_days)

    first = bill(covered_member)
    billing_files_adjudicate(actor=None, file_ids=[first.pk], on=TODAY)
    again = bill(covered_member)
    again.care_sheet.referral_in_on = CARE_DAY
    again.care_sheet.save(update_fields=["referral_in_on"])

    [loaded] = claim_snapshots(file_ids=[again.pk])

    snapshot = loaded.snapshot
    assert loaded.billing_file == again
    assert [line.code for line in loaded.lines] == ["CON-C"]
    assert snapshot.beneficiary.id == f"M{covered_member.pk}"
    assert [(p.start, p.end) for p in snapshot.beneficiary.rights] == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31) + grace)
    ]
    assert [(p.start, p.end) for p in snapshot.facility.agreements] == [
        (datetime.date(2024, 1, 1), datetime.date(2027, 12, 31))
    ]
    assert snapshot.facility.direct_billing == snapshot.facility.agreements
    assert (snapshot.referral.issued_on, snapshot.referral.to_level) == (CARE_DAY, snapshot.facility.level)
    [paid] = snapshot.history
    assert (paid.claim_id, paid.code, paid.fund_share) == (str(first.pk), "CON-C", Decimal("900.00"))
    assert snapshot.received_on == again.received_on
