# ruff: noqa: F811  (pytest fixtures imported from test_selfservice)
"""Issue 16, §2: one anonymous client cannot make the fund send login codes by SMS in bulk.

Limits per registration number, per client address and a daily budget for the fund (profile [security]);
refusals in plain words, alike whether or not the number is in the register.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.common.models import AuditEvent
from sanad.funds.active import active_profile
from sanad.funds.reader import Node
from sanad.funds.sections import security
from sanad.funds.types import SecurityRules
from sanad.registry.selfservice import limits
from sanad.registry.selfservice.limits import CodeLimited
from sanad.registry.selfservice.services import code_request
from tests.registry.test_selfservice import member, on_commit, sms  # noqa: F401 (fixtures)

NUMBER_URL = reverse("registry:selfservice_number")


@pytest.fixture
def rules(monkeypatch):
    """Set the profile's [security] limits for the test."""

    def use(**values):
        changed = dataclasses.replace(active_profile(), security=SecurityRules(**values))
        monkeypatch.setattr(limits, "active_profile", lambda: changed)

    return use


def _unknown_number(member) -> str:
    number = member.registration_number
    member.registration_number = "x"  # free the valid number: it is no longer in the register
    member.save(update_fields=["registration_number"])
    return number


def _post(client, number, address="203.0.113.7"):
    return client.post(
        NUMBER_URL, {"registration_number": number}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_codes_per_registration_number_are_limited(
    member, client, sms, rules, django_capture_on_commit_callbacks
):
    rules(code_per_number=3, code_window_minutes=15)
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        with django_capture_on_commit_callbacks(execute=True):
            assert _post(client, member.registration_number, address).status_code == 302

    response = _post(client, member.registration_number, "203.0.113.4")

    assert response.status_code == 429
    assert (
        "Too many codes were asked for this registration number. Wait 15 minutes" in response.content.decode()
    )
    assert len(sms()) == 1  # the others fell within the minute between two codes


def test_the_number_limit_reads_alike_for_an_unknown_number(member, client, sms, rules):
    rules(code_per_number=2)
    number = _unknown_number(member)
    for _ in range(2):
        assert _post(client, number).status_code == 302

    response = _post(client, number)

    assert response.status_code == 429
    assert "Too many codes were asked for this registration number." in response.content.decode()
    assert sms() == []


def test_codes_per_address_are_limited_whatever_the_number(member, client, sms, rules):
    rules(code_per_number=5, code_per_address=2)
    other = _unknown_number(member)
    assert _post(client, other, "198.51.100.9").status_code == 302
    assert _post(client, other, "198.51.100.9").status_code == 302

    response = _post(client, other, "198.51.100.9")

    assert response.status_code == 429
    assert "Too many codes were asked from this connection." in response.content.decode()
    assert _post(client, other, "198.51.100.10").status_code == 302  # another address still may


def test_the_fund_s_daily_budget_stops_the_sms(member, sms, on_commit, rules):
    rules(code_daily_budget=1)
    on_commit(code_request, registration_number=member.registration_number, address="192.0.2.1")
    assert len(sms()) == 1

    with translation.override("en"), pytest.raises(CodeLimited) as refused:
        code_request(registration_number=member.registration_number, address="192.0.2.2")

    assert refused.value.limit == "budget"
    assert "cannot send more login codes today" in refused.value.message
    assert len(sms()) == 1


def test_an_admitted_request_is_recorded_with_its_address(member, on_commit, sms):
    on_commit(code_request, registration_number=member.registration_number, address="192.0.2.5")

    event = AuditEvent.objects.get(action=limits.REQUESTED)
    assert event.object_id == member.registration_number
    assert event.after == {"address": "192.0.2.5"}


def test_the_security_table_of_a_profile_sets_the_limits():
    root = Node("x.toml", "", {"security": {"code_per_number": 4, "code_daily_budget": 500}})

    rules = security(root)

    assert rules.code_per_number == 4 and rules.code_daily_budget == 500
    assert rules.session_idle_minutes == 30  # left out: the default
    assert security(Node("x.toml", "", {})) == SecurityRules()
