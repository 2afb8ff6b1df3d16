"""Bank accounts over time (issue §3): a facility's account changes only through an audited, four-eyes page
and a member's account is entered at the counter and approved by a second person; a payment goes to the
account valid on the run's date, and reimbursements of members without an approved account wait, listed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.payments.models import AccountChangeStatus, FacilityAccountChange, Transfer
from sanad.payments.selectors.accounts import orders_waiting_for_details
from sanad.payments.services import (
    bank_file_issue,
    facility_account_approve,
    facility_account_propose,
    facility_account_refuse,
    settlement_run_approve,
)
from sanad.registry.models import BankAccountStatus, MemberBankAccount
from sanad.registry.services.bank_accounts import (
    member_bank_account_approve,
    member_bank_account_propose,
    member_bank_account_refuse,
)
from tests.payments.conftest import IBAN, OTHER_IBAN, RIB, TODAY, make_member, validated_file
from tests.payments.test_settlement_runs import settle

pytestmark = pytest.mark.django_db

BEFORE = TODAY - datetime.timedelta(days=5)
AFTER = TODAY + datetime.timedelta(days=1)
MEMBER_RIB = "011810000009876543210120"


@pytest.fixture
def manager(make_user):
    return make_user("mariem", Role.MANAGER, first_name="Mariem")


@pytest.fixture
def agent(make_user):
    return make_user("salka", Role.COUNTER_AGENT, first_name="Salka")


@pytest.fixture
def enrollment_officer(make_user):
    return make_user("yacoub", Role.ENROLLMENT_OFFICER, first_name="Yacoub")


def approved_change(facility, account, valid_from, proposer, approver):
    change = facility_account_propose(
        actor=proposer, facility_id=facility.pk, account=account, valid_from=valid_from
    )
    return facility_account_approve(actor=approver, change_id=change.pk)


def approved_member_account(member, account, valid_from, agent, officer):
    entry = member_bank_account_propose(
        actor=agent, member_id=member.pk, account=account, valid_from=valid_from
    )
    return member_bank_account_approve(actor=officer, entry_id=entry.pk)


def issue(officer, approver):
    run = settle(officer)
    settlement_run_approve(actor=approver, run_id=run.pk)
    return run, bank_file_issue(actor=officer, run_id=run.pk, on=AFTER)


def test_payment_goes_to_the_account_valid_on_the_run_date(officer, approver, manager, centre, rib_centre):
    validated_file(centre, fund_share="800.00")
    validated_file(rib_centre, fund_share="300.00")
    # The centre's new account was valid before the run's date: paid to it.
    approved_change(centre, OTHER_IBAN, BEFORE, manager, approver)
    # The other's takes effect the day after the run: the run pays the account it had on its date, even
    # though the bank file is made on that later day.
    approved_change(rib_centre, IBAN, AFTER, manager, approver)

    run, issued = issue(officer, approver)

    paid_to = dict(Transfer.objects.filter(order__run=run).values_list("order__facility__code", "account"))
    assert paid_to == {"CS-001": OTHER_IBAN, "CS-002": RIB}
    # The history is kept: the registered account is not overwritten.
    centre.refresh_from_db()
    assert centre.bank_account == IBAN
    assert issued.waiting == []


def test_account_change_needs_a_second_person(officer, approver, centre):
    change = facility_account_propose(
        actor=officer, facility_id=centre.pk, account=OTHER_IBAN, valid_from=BEFORE
    )

    with pytest.raises(DomainError) as refused:
        facility_account_approve(actor=officer, change_id=change.pk)
    assert refused.value.field == "decided_by"
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        FacilityAccountChange.objects.filter(pk=change.pk).update(
            status=AccountChangeStatus.APPROVED, decided_by=officer
        )
    approved = facility_account_approve(actor=approver, change_id=change.pk)
    assert approved.status == AccountChangeStatus.APPROVED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"facility_account_propose", "facility_account_approve"} <= actions


def test_a_refused_account_change_is_never_paid_to(officer, approver, manager, centre):
    validated_file(centre, fund_share="800.00")
    change = facility_account_propose(
        actor=manager, facility_id=centre.pk, account=OTHER_IBAN, valid_from=BEFORE
    )
    with pytest.raises(DomainError):
        facility_account_refuse(actor=approver, change_id=change.pk, reason="  ")
    facility_account_refuse(actor=approver, change_id=change.pk, reason="Attestation illisible")

    run, _issued = issue(officer, approver)

    assert list(Transfer.objects.filter(order__run=run).values_list("account", flat=True)) == [IBAN]


def test_an_account_change_is_checked_like_every_account(manager, centre):
    with pytest.raises(DomainError) as wrong:
        facility_account_propose(
            actor=manager, facility_id=centre.pk, account="011810000001234567890100", valid_from=BEFORE
        )
    assert wrong.value.field == "account"


def test_a_reimbursement_goes_to_the_members_account_valid_on_the_run_date(
    officer, approver, agent, enrollment_officer, centre
):
    member = make_member()
    validated_file(centre, member=member, reimbursement=True, billed="200.00", fund_share="160.00")
    approved_member_account(member, MEMBER_RIB, BEFORE, agent, enrollment_officer)
    # A later account, valid after the run's date, does not take this run's payment.
    approved_member_account(member, OTHER_IBAN, AFTER, agent, enrollment_officer)

    run, _issued = issue(officer, approver)

    transfer = Transfer.objects.get(order__run=run, order__member=member)
    assert transfer.account == MEMBER_RIB
    assert transfer.creditor_name == member.full_name
    # Never deleted: both accounts stay in the history.
    assert MemberBankAccount.objects.filter(member=member).count() == 2


def test_orders_of_members_without_an_approved_account_wait_for_their_bank_details(
    officer, approver, agent, enrollment_officer, centre
):
    validated_file(centre, fund_share="800.00")
    waiting_member, proposed_member = make_member(), make_member()
    validated_file(centre, member=waiting_member, reimbursement=True, billed="100.00", fund_share="80.00")
    validated_file(centre, member=proposed_member, reimbursement=True, billed="100.00", fund_share="90.00")
    # Entered but not approved yet: not paid to.
    member_bank_account_propose(
        actor=agent, member_id=proposed_member.pk, account=MEMBER_RIB, valid_from=BEFORE
    )

    run, issued = issue(officer, approver)

    assert Transfer.objects.filter(order__run=run).count() == 1
    assert {o.member_id for o in issued.waiting} == {waiting_member.pk, proposed_member.pk}
    listed = orders_waiting_for_details(run, today=AFTER)
    assert {order.member_id for order, _name in listed} == {waiting_member.pk, proposed_member.pk}

    # Once approved, the next bank file of the run pays the member.
    entry = MemberBankAccount.objects.get(member=proposed_member)
    member_bank_account_approve(actor=enrollment_officer, entry_id=entry.pk)
    again = bank_file_issue(actor=officer, run_id=run.pk, on=AFTER)
    assert [t.order.member_id for t in again.bank_file.transfers.all()] == [proposed_member.pk]


def test_member_account_needs_a_second_person(agent, enrollment_officer, make_user):
    member = make_member()
    officer_alone = enrollment_officer
    entry = member_bank_account_propose(
        actor=officer_alone, member_id=member.pk, account=MEMBER_RIB, valid_from=BEFORE
    )
    with pytest.raises(DomainError) as refused:
        member_bank_account_approve(actor=officer_alone, entry_id=entry.pk)
    assert refused.value.field == "decided_by"
    # A counter agent enters accounts but does not approve them.
    with pytest.raises(PermissionDenied):
        member_bank_account_approve(actor=agent, entry_id=entry.pk)
    other = make_user("khadija", Role.ENROLLMENT_OFFICER)
    member_bank_account_refuse(actor=other, entry_id=entry.pk, reason="RIB d'un tiers")
    entry.refresh_from_db()
    assert entry.status == BankAccountStatus.REFUSED


def test_a_members_account_is_checked_like_a_facilitys(agent):
    member = make_member()
    with pytest.raises(DomainError) as wrong:
        member_bank_account_propose(
            actor=agent, member_id=member.pk, account="011810000009876543210100", valid_from=BEFORE
        )
    assert wrong.value.field == "account"
    entry = member_bank_account_propose(
        actor=agent, member_id=member.pk, account="MR13 0002 0001 0100 0012 3456 753", valid_from=BEFORE
    )
    assert entry.account == IBAN


def test_the_facility_account_page_proposes_and_a_second_officer_approves(client, officer, approver, centre):
    client.force_login(officer)
    url = reverse("payments:facility_account", args=[centre.pk])
    answer = client.post(url, {"account": OTHER_IBAN, "valid_from": BEFORE.isoformat()})
    assert answer.status_code == 302
    change = FacilityAccountChange.objects.get(facility=centre)
    page = client.get(url)
    assert b"four-eyes" in page.content and b"account-approve" not in page.content

    client.force_login(approver)
    assert b"account-approve" in client.get(url).content
    client.post(reverse("payments:facility_account_decide", args=[change.pk]), {"decision": "approve"})
    change.refresh_from_db()
    assert change.status == AccountChangeStatus.APPROVED
    assert client.get(reverse("payments:account_changes")).status_code == 200


def test_the_member_account_page_enters_an_account_for_approval(client, agent, enrollment_officer):
    member = make_member()
    client.force_login(agent)
    url = reverse("payments:member_account", args=[member.pk])
    bad = client.post(url, {"account": "123", "valid_from": BEFORE.isoformat()})
    assert bad.status_code == 400
    client.post(url, {"account": MEMBER_RIB, "valid_from": BEFORE.isoformat()})
    entry = MemberBankAccount.objects.get(member=member)

    client.force_login(enrollment_officer)
    client.post(reverse("payments:member_account_decide", args=[entry.pk]), {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.status == BankAccountStatus.APPROVED
    assert MEMBER_RIB.encode() in client.get(url).content
