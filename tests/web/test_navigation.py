"""The navigation shows each page once, and a page only where the fund has what it serves."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation

from sanad.common.permissions import Role
from sanad.web.context import shell


def _labels(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    request.LANGUAGE_CODE = "en"
    with translation.override("en"):
        return [str(item["label"]) for item in shell(request)["navigation"]]


@pytest.mark.parametrize(("fund", "shown"), [("cnops-ma", True), ("cnss-ma", False), ("cnass-mr", False)])
def test_the_fund_pharmacy_is_in_the_menu_only_where_the_fund_has_one(settings, make_user, fund, shown):
    """Seed 002: CNOPS dispenses the drugs outside direct billing from its own pharmacy; others have none."""
    settings.SANAD_FUND = fund
    checker = make_user("khadija", Role.CLAIMS_CHECKER)
    assert ("Fund pharmacy" in _labels(checker)) is shown


def test_a_page_shown_by_two_capabilities_is_listed_once(make_user):
    adviser = make_user("lemine", Role.MEDICAL_ADVISER)
    labels = _labels(adviser)
    assert len(labels) == len(set(labels))
