"""The demo's prior authorizations (issue 17, §6): for each fund, requests in every state, most at the demo
facility staff's own facility, pending ones near and past their due time, and months of answers for the
figures of the answer clock; no SMS queued for the demo's past."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sanad.authorizations.models import AuthorizationRequest, CalendarSlot, FacilityContact, RequestDocument
from sanad.authorizations.selectors.figures import answer_figures_by_month
from sanad.authorizations.selectors.requests import request_row
from sanad.authorizations.statuses import RequestStatus
from sanad.common.permissions import Role
from sanad.demo.loader import demo_load
from sanad.funds import load_profile
from sanad.notifications.models import Message
from sanad.providers.selectors import facility_of_user

TODAY = datetime.date(2026, 11, 23)
NOON = timezone.make_aware(datetime.datetime(2026, 11, 23, 12))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_the_demo_has_requests_in_every_state_for_every_fund(db, settings, fund):
    settings.SANAD_FUND = fund
    ctx = demo_load(fund=fund, members=40, seed=3, today=TODAY)

    rows = AuthorizationRequest.objects.all()
    assert ctx.counts["authorization_requests"] == rows.count()
    assert set(rows.values_list("status", flat=True)) == set(RequestStatus.values)
    facility = facility_of_user(user=ctx.users[Role.FACILITY_STAFF.value])
    assert rows.filter(facility=facility).count() > rows.count() // 2
    assert rows.filter(decision__automatic=True, status=RequestStatus.APPROVED).exists()
    assert rows.filter(status=RequestStatus.REFUSED, decision__automatic=True).exists()  # a late emergency

    profile = load_profile(fund)
    pending = [request_row(profile, r, NOON) for r in rows.filter(status=RequestStatus.PENDING)]
    assert any(row.near for row in pending) and any(row.late for row in pending)
    months = answer_figures_by_month(first=datetime.date(2026, 8, 1), last=TODAY)
    assert all(m.total.answered for m in months)
    assert any(m.standard.in_time < m.standard.answered for m in months)  # some answered late
    assert not Message.objects.filter(template__startswith="authorization_").exists()
    # Seed 002: only where the profile keeps a deposit calendar, the demo facility has its slots and contact.
    has_calendar = profile.authorization_requests.deposit_calendar
    assert CalendarSlot.objects.filter(facility=facility).exists() == has_calendar
    assert FacilityContact.objects.filter(facility=facility).exists() == has_calendar


def test_the_demos_scans_are_shared_specimens(db, settings, tmp_path):
    settings.SANAD_FUND = "cnops-ma"
    papers = {f"{d.code}.pdf" for d in load_profile("cnops-ma").authorization_requests.documents}
    demo_load(fund="cnops-ma", members=20, seed=1, today=TODAY)

    stored = {p.name for p in (tmp_path / "authorizations").rglob("*.pdf")}
    assert stored == papers  # one specimen per paper of the profile, nothing else
    scans = set(RequestDocument.objects.values_list("scan", flat=True))
    assert scans and all(name.startswith("authorizations/demo/") for name in scans)
