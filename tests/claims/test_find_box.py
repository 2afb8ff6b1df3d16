"""The search box of every staff page finds persons, facilities and files, each among what the user may
read (issue 14: find anything by what the user has in hand)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.common.permissions import Role
from tests.claims.conftest import agreed_centre
from tests.claims.desk.conftest import staff_of

pytestmark = pytest.mark.django_db


def _find(client, user, text: str) -> str:
    client.force_login(user)
    answer = client.get(reverse("find"), {"q": text})
    assert answer.status_code == 200
    return answer.content.decode()


def test_fund_staff_find_a_file_by_its_invoice_number(client, checker, covered_member, bill):
    billing_file = bill(covered_member, invoice="FAC-2026-0042")
    page = _find(client, checker, " FAC-2026-0042 ")
    assert reverse("claims:fund_file", args=[billing_file.pk]) in page
    assert "CS-001" in page and "Centre de santé de Teyarett" in page


def test_facility_staff_find_only_their_own_files(client, make_user, covered_member, bill, centre):
    billing_file = bill(covered_member, invoice="FAC-7")
    other = agreed_centre("CS-002", "Centre de santé de Sebkha", "MR-12", "DRS de Nouakchott-Ouest")
    own_clerk = staff_of(make_user, "clerk", centre)
    other_clerk = staff_of(make_user, "other", other)
    assert reverse("claims:desk_file", args=[billing_file.pk]) in _find(client, own_clerk, "FAC-7")
    page = _find(client, other_clerk, "FAC-7")
    assert reverse("claims:desk_file", args=[billing_file.pk]) not in page
    assert 'id="found-people"' not in page  # the register is not theirs to read


def test_a_manager_finds_a_facility_by_part_of_its_name(client, manager, centre):
    page = _find(client, manager, "Teyarett")
    assert reverse("providers:facility_detail", args=["CS-001"]) in page


def test_the_search_box_stands_on_the_pages_of_those_who_may_find(client, make_user, centre, alice):
    clerk = staff_of(make_user, "clerk", centre)
    insured = make_user("insured", Role.INSURED)
    for user, shown in ((alice, True), (clerk, True), (insured, False)):
        client.force_login(user)
        assert ('id="shell-search"' in client.get(reverse("home")).content.decode()) is shown


def test_the_counter_finds_persons_and_no_files(client, alice, covered_member):
    page = _find(client, alice, covered_member.registration_number)
    assert 'id="found-people"' in page and 'id="found-files"' not in page
    assert reverse("registry:member_detail", args=[covered_member.pk]) in page
