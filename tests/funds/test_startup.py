"""Start-up checks of the profiles, with a stand-in for Django's settings (no settings module needed)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

import sanad.funds
from sanad.funds.apps import FundsConfig


def ready_with(monkeypatch, **settings):
    monkeypatch.setattr("django.conf.settings", SimpleNamespace(**settings))
    FundsConfig("sanad.funds", sanad.funds).ready()


def test_it_starts_with_a_known_fund(monkeypatch):
    ready_with(monkeypatch, SANAD_FUND="cnops-ma")


def test_it_refuses_to_start_with_an_unknown_fund(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=r"^xx-yy\.toml: code: unknown fund profile 'xx-yy'"):
        ready_with(monkeypatch, SANAD_FUND="xx-yy")


def test_it_refuses_to_start_without_a_fund(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SANAD_FUND is not set"):
        ready_with(monkeypatch)


def test_it_gives_the_active_profile(monkeypatch):
    monkeypatch.setattr("sanad.funds.active.settings", SimpleNamespace(SANAD_FUND="cnss-ma"))
    assert sanad.funds.active_profile().code == "cnss-ma"
