"""/api/v1/registry/: member lookup, rights on a date and the certificate, each scoped by role."""

from __future__ import annotations

import datetime

import pytest

from sanad.common.permissions import Role
from sanad.funds import registration_number_make
from sanad.funds.active import active_profile
from sanad.registry.models import Member
from tests.registry.test_certificate_family import DAY, family_enroll

ON = datetime.date(2025, 6, 1)
API = "/api/v1/registry/members"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def member(alice):
    return family_enroll(actor=alice, covered_on=ON)


@pytest.fixture
def other(alice):
    return family_enroll(actor=alice, covered_on=ON, first_name="Khadijetou")


@pytest.fixture
def insured(make_user, member):
    user = make_user("aminetou", Role.INSURED)
    Member.objects.filter(pk=member.pk).update(user=user)
    return user


@pytest.fixture
def facility(make_user):
    return make_user("clinic", Role.FACILITY_STAFF)


def _unused_number() -> str:
    return registration_number_make(active_profile(), 987654)


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_staff_look_a_member_up(client, alice, member):
    client.force_login(alice)

    body = client.get(f"{API}/{member.registration_number}").json()

    assert body["registration_number"] == member.registration_number
    assert [d["relationship"] for d in body["dependants"]] == ["spouse", "child"]


def test_a_wrong_check_digit_is_400_naming_the_field(client, alice, member):
    client.force_login(alice)

    response = client.get(f"{API}/{_wrong_check_digit(member.registration_number)}")

    assert response.status_code == 400
    assert response.json()["field"] == "registration_number"


def test_an_unknown_member_is_404(client, alice, member):
    client.force_login(alice)

    assert client.get(f"{API}/{_unused_number()}").status_code == 404


def test_the_insured_person_sees_only_themself(client, insured, member, other):
    client.force_login(insured)

    assert client.get(f"{API}/{member.registration_number}").status_code == 200
    assert client.get(f"{API}/{other.registration_number}").status_code == 404
    assert client.get(f"{API}/{other.registration_number}/rights?on={ON}").status_code == 404
    assert client.get(f"{API}/{other.registration_number}/certificate.pdf").status_code == 404


def test_a_facility_cannot_look_members_up(client, facility, member):
    client.force_login(facility)

    assert client.get(f"{API}/{member.registration_number}").status_code == 403
    assert client.get(f"{API}/{member.registration_number}/certificate.pdf").status_code == 403


def test_anonymous_callers_are_refused(client, member):
    assert client.get(f"{API}/{member.registration_number}").status_code == 401


def test_staff_see_rights_with_the_period(client, alice, member):
    client.force_login(alice)

    body = client.get(f"{API}/{member.registration_number}/rights?on={ON}").json()

    assert body["covered"] is True and body["reason"] == "covered"
    assert body["relationship"] == "member" and body["initials"] == "AM"
    assert datetime.date.fromisoformat(body["rights_end"]) >= ON


def test_rights_of_a_dependant(client, insured, member):
    spouse = member.dependants.get(relationship="spouse")
    client.force_login(insured)

    body = client.get(f"{API}/{member.registration_number}/rights?on={ON}&dependant={spouse.pk}").json()

    assert body["covered"] is True and body["relationship"] == "spouse" and body["initials"] == "MO"


def test_a_dependant_of_another_member_is_404(client, alice, member, other):
    stranger = other.dependants.first()
    client.force_login(alice)

    url = f"{API}/{member.registration_number}/rights?on={ON}&dependant={stranger.pk}"
    assert client.get(url).status_code == 404


def test_a_facility_sees_only_covered_reason_and_initials(client, facility, member):
    child = member.dependants.get(relationship="child")
    client.force_login(facility)

    body = client.get(f"{API}/{member.registration_number}/rights?on={ON}&dependant={child.pk}").json()
    before = client.get(f"{API}/{member.registration_number}/rights?on={ON - 800 * DAY}").json()

    assert body == {
        "covered": True,
        "reason": "covered",
        "message": body["message"],
        "initials": "FO",
    }
    assert before["covered"] is False and set(before) == {"covered", "reason", "message", "initials"}


def test_a_facility_asking_for_an_unknown_number_learns_nothing_more(client, facility, member):
    client.force_login(facility)

    body = client.get(f"{API}/{_unused_number()}/rights?on={ON}").json()

    assert body == {"covered": False, "reason": "unknown", "message": body["message"], "initials": ""}


def test_a_facility_gets_400_for_a_wrong_check_digit(client, facility, member):
    client.force_login(facility)

    response = client.get(f"{API}/{_wrong_check_digit(member.registration_number)}/rights?on={ON}")

    assert response.status_code == 400 and response.json()["field"] == "registration_number"


def test_other_roles_may_not_ask(client, make_user, member):
    client.force_login(make_user("fatma", Role.FINANCE_OFFICER))

    assert client.get(f"{API}/{member.registration_number}/rights?on={ON}").status_code == 403


def test_the_insured_person_downloads_their_certificate(client, make_user, alice):
    covered_today = family_enroll(actor=alice, first_name="Mariem")
    user = make_user("mariem-insured", Role.INSURED)
    Member.objects.filter(pk=covered_today.pk).update(user=user)
    client.force_login(user)

    response = client.get(f"{API}/{covered_today.registration_number}/certificate.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_a_certificate_without_rights_today_is_409(client, alice, member):
    client.force_login(alice)

    response = client.get(f"{API}/{member.registration_number}/certificate.pdf")

    assert response.status_code == 409
    assert response.json()["field"] == "registration_number"
