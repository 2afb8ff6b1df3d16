import datetime
import io
import re

import phonenumbers
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from sanad.common.permissions import Role
from sanad.common.vocabulary import FacilityKind
from sanad.credentials.scopes import Scope
from sanad.credentials.selectors import api_client_of_key
from sanad.demo.loader import demo_load
from sanad.funds import load_profile, profile_codes, registration_number_check
from sanad.providers.models import Facility
from sanad.registry.models import Dependant, Member

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_it_loads_a_realistic_register_for_every_fund(db, fund):
    profile = load_profile(fund)

    ctx = demo_load(fund=fund, members=60, seed=1, today=TODAY)

    assert Member.objects.count() == 60
    assert ctx.counts["dependants"] == Dependant.objects.count() > 0
    member = Member.objects.order_by("id").first()
    assert member.first_name_ar and member.last_name_ar
    for member in Member.objects.all():
        registration_number_check(profile, member.registration_number)
        number = phonenumbers.parse(member.phone)
        assert phonenumbers.is_valid_number(number), member.phone
        assert phonenumbers.region_code_for_number(number) == profile.country
        assert member.region in {r.code for r in profile.regions}
    levels = set(Facility.objects.values_list("level", flat=True))
    assert levels == {level.code for level in profile.care_pyramid.levels}
    assert set(Facility.objects.values_list("region", flat=True)) == {r.code for r in profile.regions}


def test_children_are_younger_than_their_parent_and_at_most_26(db):
    demo_load(fund="cnass-mr", members=200, seed=5, today=TODAY)

    for child in Dependant.objects.filter(relationship="child").select_related("member"):
        assert child.birth_date > child.member.birth_date
        assert (TODAY - child.birth_date).days < 27 * 365


def _load_and_forget(fund: str, seed: int) -> list[tuple]:
    """Load the demo, read what it made, then roll it all back."""
    with transaction.atomic():
        demo_load(fund=fund, members=30, seed=seed, today=TODAY)
        rows = list(Member.objects.order_by("id").values_list("registration_number", "first_name", "phone"))
        rows += list(Facility.objects.order_by("code").values_list("code", "name_fr", "network_status"))
        transaction.set_rollback(True)
    return rows


def test_it_is_deterministic_for_a_seed(db):
    first = _load_and_forget("cnops-ma", seed=9)

    assert _load_and_forget("cnops-ma", seed=9) == first
    assert _load_and_forget("cnops-ma", seed=10) != first


def test_it_creates_one_account_per_role(db):
    ctx = demo_load(fund="cnss-ma", members=5, seed=1, today=TODAY)

    assert set(ctx.users) == {role.value for role in Role}
    assert ctx.users[Role.FACILITY_STAFF.value].facility_staff.facility.kind == "regional_hospital"
    assert Member.objects.get(user=ctx.users[Role.INSURED.value])


def test_the_command_prints_one_login_per_role_and_refuses_a_full_database(db):
    out = io.StringIO()
    call_command("demo", fund="cnass-mr", members=20, seed=1, stdout=out)

    text = out.getvalue()
    assert "20 members" in text
    for username in (
        "agent",
        "officer",
        "facility",
        "adviser",
        "checker",
        "finance",
        "manager",
        "admin",
        "insured",
    ):
        assert f" {username}\n" in text
    with pytest.raises(CommandError, match="already holds members"):
        call_command("demo", fund="cnass-mr", members=20, stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo", if_empty=True, stdout=out)
    assert "already loaded" in out.getvalue()


def test_the_command_names_the_known_funds_when_given_an_unknown_one(db):
    with pytest.raises(CommandError, match="cnass-mr"):
        call_command("demo", fund="nope", stdout=io.StringIO())
    assert "cnss-ma" in profile_codes()


def test_the_demo_prints_a_working_api_key_of_its_hospital_once(db):
    out = io.StringIO()
    call_command("demo", fund="cnass-mr", members=20, seed=1, stdout=out)
    key = re.search(r"API key of the demo hospital's software .*: (sk_\S+)", out.getvalue()).group(1)

    client = api_client_of_key(key)

    assert client is not None and client.facility.kind == FacilityKind.REGIONAL_HOSPITAL
    assert set(client.scopes) == {scope.value for scope in Scope}
    again = io.StringIO()
    call_command("demo", if_empty=True, stdout=again)
    assert key not in again.getvalue()
