"""The enrollment officers' queue of findings: who sees it, filters, key pages, closing, the check button."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from sanad.common.paging import PAGE_SIZE
from sanad.common.permissions import Role
from sanad.registry.models import Enrollment, Finding
from sanad.registry.quality.statuses import FindingKind, FindingStatus
from sanad.registry.statuses import EnrollmentStatus
from tests.registry.conftest import NATIONAL_ID
from tests.registry.test_certificate_family import family_enroll

QUEUE = reverse("registry:quality_queue")


@pytest.fixture
def officer(make_user):
    return make_user("officer", Role.ENROLLMENT_OFFICER)


@pytest.fixture
def pair(fund, alice):
    """Two files of one person (the same document number too), the second checked by the officer."""
    return family_enroll(actor=alice), family_enroll(actor=alice, first_name="Aminétou")


def _check(client, member):
    return client.post(reverse("registry:quality_check", args=[member.enrollment.pk]))


def test_only_enrollment_officers_see_the_queue(client, alice, officer):
    client.force_login(alice)
    assert client.get(QUEUE).status_code == 403
    client.force_login(officer)
    assert client.get(QUEUE).status_code == 200


def test_the_check_lists_findings_with_the_members_and_the_30_day_clock(client, officer, pair):
    client.force_login(officer)
    response = _check(client, pair[1])
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=pair[1].enrollment.pk).status == EnrollmentStatus.SUBMITTED
    page = client.get(QUEUE).content.decode()
    assert (
        page.count('data-kind="duplicate_person"') == 1 and page.count('data-kind="duplicate_document"') == 1
    )
    assert reverse("registry:member_detail", args=[pair[0].pk]) in page
    assert pair[1].enrollment.due_on.strftime("%d/%m/%Y") in page
    only = client.get(QUEUE, {"kind": FindingKind.DUPLICATE_PERSON}).content.decode()
    assert 'data-kind="duplicate_document"' not in only and 'data-kind="duplicate_person"' in only


def test_an_officer_resolves_a_finding_with_a_reason(client, officer, pair, fund):
    client.force_login(officer)
    _check(client, pair[1])
    finding = Finding.objects.get(kind=FindingKind.DUPLICATE_PERSON)
    url = reverse("registry:quality_close", args=[finding.pk])
    client.post(url, {"verdict": "different_people", "reason": ""})
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.OPEN
    client.post(
        url,
        {
            "verdict": "different_people",
            "reason": "Cousins; both cards seen.",
            "evidence_kind": NATIONAL_ID[fund],
            "evidence_reference": "B998877",
        },
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISMISSED and finding.closed_by == officer
    assert f'id="finding-{finding.pk}"' not in client.get(QUEUE).content.decode()


def test_the_queue_pages_by_key(client, officer, pair):
    rows = [
        Finding(
            kind=FindingKind.SHARED_PHONE,
            blocking=False,
            member=pair[0],
            key=f"k{i}",
            found_on=pair[0].enrolled_on,
        )
        for i in range(PAGE_SIZE + 3)
    ]
    Finding.objects.bulk_create(rows)
    client.force_login(officer)
    first = client.get(QUEUE)
    assert len(first.context["page"].rows) == PAGE_SIZE
    after = first.context["page"].next_after
    second = client.get(QUEUE, {"after": after})
    assert len(second.context["page"].rows) == 3 and second.context["page"].next_after is None


def test_the_member_page_offers_the_register_check_to_officers_only(client, officer, alice, pair):
    member = pair[0]
    url = reverse("registry:member_detail", args=[member.pk])

    client.force_login(officer)
    officer_page = client.get(url).content.decode()
    client.force_login(alice)
    agent_page = client.get(url).content.decode()

    check = reverse("registry:quality_check", args=[member.enrollment.pk])
    assert check in officer_page
    assert check not in agent_page


def test_the_queue_numbers_findings_by_registration_number_never_by_database_id(client, officer, pair, fund):
    client.force_login(officer)
    _check(client, pair[1])
    finding = Finding.objects.get(kind=FindingKind.DUPLICATE_PERSON)
    page = client.get(QUEUE).content.decode()
    row = re.search(rf'<tr id="finding-{finding.pk}"[^>]*>\s*<td class="num">(.*?)</td>', page, re.S)
    assert re.sub(r"<[^>]+>", "", row[1]).strip() == pair[1].registration_number
    response = client.post(
        reverse("registry:quality_close", args=[finding.pk]),
        {
            "verdict": "different_people",
            "reason": "Cousins; both cards seen.",
            "evidence_kind": NATIONAL_ID[fund],
            "evidence_reference": "B998877",
        },
        follow=True,
    )
    [message] = [str(m) for m in response.context["messages"]]
    finding.refresh_from_db()
    words = {"kind": finding.get_kind_display(), "status": finding.get_status_display()}
    # What was closed, on which file: no database id.
    expected = gettext("%(kind)s, %(number)s: %(status)s.") % {**words, "number": pair[1].registration_number}
    assert message == expected
