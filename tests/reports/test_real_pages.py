"""The dashboards on the demo's data with the real catalogue of indicators: every page each staff role
reaches, in French and Arabic, answers and shows no internal code, id, enum value or English."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sanad.common.demo.users import DEMO_USERS
from sanad.common.permissions import Role
from sanad.demo.loader import demo_load
from sanad.reports.compute import days_compute
from sanad.reports.selectors import indicators_visible
from tests.web.plain_words import offences, page_text

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def demo():
    demo_load(fund="cnass-mr", members=60, seed=3, today=TODAY)
    days_compute(start=TODAY - datetime.timedelta(days=6), end=TODAY)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.INSURED])
def test_every_dashboard_of_each_role_reads_in_plain_words(demo, client, role):
    user = get_user_model().objects.get(username=DEMO_USERS[role])
    client.force_login(user)
    urls = [reverse("reports:overview")]
    shown = indicators_visible(user=user)
    urls += [reverse("reports:area", kwargs={"area": area}) for area in sorted({i.area for i in shown})]
    urls += [reverse("reports:indicator", kwargs={"code": i.code}) for i in shown]
    assert shown, f"{role} sees no indicator"
    for url in urls:
        for language in ("fr", "ar"):
            response = client.get(url, {"month": "2026-11"}, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (url, language)
            found = offences(page_text(response.content.decode()), language)
            assert not found, (url, language, found[:3])


def test_the_facility_staffs_figures_lead_to_their_indicator_pages_not_to_the_funds_lists(demo, client):
    client.force_login(get_user_model().objects.get(username=DEMO_USERS[Role.FACILITY_STAFF]))

    html = client.get(reverse("reports:overview"), {"month": "2026-11"}).content.decode()

    links = re.findall(r'href="([^"]+)"', html)
    assert any(link.startswith("/reports/indicator/") for link in links)
    fund_lists = ("/claims/fund/", "/payments/paid/", "/payments/recovered/", "/payments/payables/")
    fund_lists += ("/providers/decided/", "/registry/contributions/", "/registry/queue/", "/authorizations/?")
    for fund_list in fund_lists:
        assert not [link for link in links if link.startswith(fund_list)], fund_list
