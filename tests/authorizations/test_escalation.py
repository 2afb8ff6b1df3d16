"""Escalation and the clock's figures (issue 17, §3): the requests near or past their due time are listed for
the manager, and the share answered in time with the median and average time to decision, standard and
emergency apart, are kept per month; the new pages speak plain words."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sanad.authorizations import services
from sanad.authorizations.clock import is_near_due, request_due_at
from sanad.authorizations.decision_document.document import decision_document
from sanad.authorizations.selectors.figures import answer_figures_by_month
from sanad.common.permissions import Role
from tests.authorizations.conftest import STAY, at, submit
from tests.web.plain_words import offences, page_text

pytestmark = pytest.mark.django_db

PAPERS = ("request_form", "confidential_report")
ITEMS = [services.Item("act", "HOSP-MED", 5)]


def _stay(clerk, member, when, **extra):
    return submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS, now=when, **extra)


def _approve(adviser, request, when):
    return services.authorization_decide(
        actor=adviser, request=request, kind="approved", items=ITEMS, valid_from=when.date(), now=when
    )


def test_the_share_answered_in_time_and_the_median_and_average_time_to_decision_are_kept_per_month(
    clerk, adviser, member, catalogue
):
    _approve(adviser, _stay(clerk, member, at(2026, 3, 2, 10)), at(2026, 3, 2, 14))  # 4 h, in time
    late = _stay(clerk, member, at(2026, 3, 2, 10))  # due Wednesday 10:00 (48 working hours)
    services.authorization_decide(
        actor=adviser, request=late, kind="refused", reasons=["not_justified"], now=at(2026, 3, 6, 10)
    )  # 96 h: late
    urgent = _stay(clerk, member, at(2026, 3, 2, 12), emergency=True, act_date=datetime.date(2026, 3, 2))
    _approve(adviser, urgent, at(2026, 3, 2, 18))  # 6 h
    _approve(adviser, _stay(clerk, member, at(2026, 4, 1, 10)), at(2026, 4, 1, 12))  # 2 h, in April
    _stay(clerk, member, at(2026, 3, 3, 10))  # not answered: not counted

    march, april, may = answer_figures_by_month(
        first=datetime.date(2026, 3, 15), last=datetime.date(2026, 5, 2)
    )

    assert march.month == datetime.date(2026, 3, 1)
    assert (march.standard.answered, march.standard.in_time, march.standard.share_in_time) == (
        2,
        1,
        Decimal("50.0"),
    )
    assert (march.standard.median_hours, march.standard.mean_hours) == (Decimal("50.0"), Decimal("50.0"))
    assert (march.emergency.answered, march.emergency.in_time, march.emergency.median_hours) == (
        1,
        1,
        Decimal("6.0"),
    )
    assert (march.total.answered, march.total.in_time) == (3, 2)
    assert (march.total.median_hours, march.total.mean_hours) == (Decimal("6.0"), Decimal("35.3"))
    assert (april.total.answered, april.total.mean_hours) == (1, Decimal("2.0"))
    assert may.total.answered == 0 and may.total.share_in_time is None and may.total.median_hours is None


def test_an_answer_while_the_clock_is_stopped_counts_in_time(clerk, adviser, member, catalogue):
    request = _stay(clerk, member, at(2026, 3, 2, 10))
    services.authorization_information_request(
        actor=adviser, request=request, question="Le bilan ?", now=at(2026, 3, 3, 9)
    )
    services.authorization_decide(
        actor=adviser, request=request, kind="refused", reasons=["no_answer"], now=at(2026, 3, 20, 9)
    )

    [march] = answer_figures_by_month(first=datetime.date(2026, 3, 1), last=datetime.date(2026, 3, 31))

    assert (march.standard.answered, march.standard.in_time) == (1, 1)


def _near_moment(profile, now):
    """A moment of arrival whose answer is now near its due time."""
    for hours in range(1, 24 * 10):
        received = now - datetime.timedelta(hours=hours)
        due = request_due_at(profile=profile, clock=profile.authorizations.answer_clock, received_at=received)
        if is_near_due(profile, received_at=received, due_at=due, now=now):
            return received
    raise AssertionError("no moment near due")


def test_requests_near_or_past_due_are_listed_for_the_manager(
    client, clerk, manager, member, catalogue, fund
):
    now = timezone.now()
    late = _stay(clerk, member, now - datetime.timedelta(days=12))
    near = _stay(clerk, member, _near_moment(fund.profile, now))
    far = _stay(clerk, member, now - datetime.timedelta(minutes=5))
    client.force_login(manager)

    listed = client.get(reverse("authorizations:request_list")).content.decode()
    assert reverse("authorizations:escalation") in listed
    page = client.get(reverse("authorizations:escalation"))
    text = page.content.decode()
    late_table, near_table = text.split('id="late"')[1].split('id="near"')
    assert late.reference in late_table and near.reference not in late_table
    assert near.reference in near_table.split('id="months"')[0]
    assert far.reference not in text
    assert page.context["months"][0]["month"] == timezone.localdate().replace(day=1)

    client.force_login(clerk)
    assert client.get(reverse("authorizations:escalation")).status_code == 403


def test_the_new_pages_speak_plain_words(client, clerk, adviser, manager, make_user, member, catalogue):
    approved = _approve(adviser, _stay(clerk, member, timezone.now()), timezone.now())
    _stay(clerk, member, timezone.now() - datetime.timedelta(days=12))
    insured = make_user("fatima", Role.INSURED)
    member.user = insured
    member.save(update_fields=["user"])
    token = decision_document(request=approved).token
    found = []
    for user, url in (
        (manager, reverse("authorizations:escalation")),
        (insured, reverse("authorizations:my_requests")),
        (None, f"/verify/{token}/"),
    ):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        for language in ("fr", "ar", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get(url, headers={"accept-language": language})
            assert response.status_code == 200, url
            text = page_text(response.content.decode())
            found += [f"[{language}] {url}: {o}" for o in offences(text, language)]
    assert found == []
