"""The appeal on the pages: the facility files it from the request's page, the request's page and timeline
show it (reason, who, when, outcome) in plain words in French and Arabic, the medical advisers' queue is
filtered to appeals, and the adviser who made the decision appealed is not offered to decide it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from sanad.authorizations.models import Appeal, AuthorizationRequest
from sanad.authorizations.statuses import RequestStatus
from tests.authorizations.conftest import scan
from tests.authorizations.test_appeals import appeal, decide, stay
from tests.web.plain_words import offences, page_text

pytestmark = pytest.mark.django_db

REASON = "Le compte rendu joint justifie le séjour."


@pytest.fixture
def second_adviser(make_user):
    from sanad.common.permissions import Role

    return make_user("leila", Role.MEDICAL_ADVISER, first_name="Leila")


def detail(reference: str) -> str:
    return reverse("authorizations:request_detail", args=[reference])


def test_facility_staff_appeal_a_refusal_from_the_requests_page(client, clerk, member, adviser, catalogue):
    request = decide(adviser, stay(clerk, member), "refused", now=None)
    client.force_login(clerk)
    page = client.get(detail(request.reference)).content.decode()
    assert 'id="form-appeal"' in page

    url = reverse("authorizations:request_appeal", args=[request.reference])
    response = client.post(url, {"reason": REASON, "document_confidential_report": scan()})

    assert response.status_code == 302
    filed = Appeal.objects.get(request=request)
    assert filed.reason == REASON and filed.filed_by == clerk
    assert AuthorizationRequest.objects.get(pk=request.pk).status == RequestStatus.UNDER_APPEAL
    page = client.get(detail(request.reference)).content.decode()
    assert REASON in page and 'id="form-appeal"' not in page
    assert 'data-appeal="waiting"' in page


def test_an_appeal_without_a_reason_is_shown_again_with_its_message(
    client, clerk, member, adviser, catalogue
):
    request = decide(adviser, stay(clerk, member), "refused", now=None)
    client.force_login(clerk)

    response = client.post(reverse("authorizations:request_appeal", args=[request.reference]), {"reason": ""})

    assert response.status_code == 400
    assert 'data-field="reason"' in response.content.decode()
    assert not Appeal.objects.exists()


def test_the_advisers_queue_is_filtered_to_appeals(client, clerk, member, adviser, catalogue):
    under_appeal = decide(adviser, stay(clerk, member), "refused", now=None)
    appeal(clerk, under_appeal, now=None)
    pending = stay(clerk, member)
    client.force_login(adviser)

    everything = client.get(reverse("authorizations:queue")).content.decode()
    appeals = client.get(reverse("authorizations:queue") + "?show=appeals").content.decode()

    assert under_appeal.reference in everything and pending.reference in everything
    assert under_appeal.reference in appeals and pending.reference not in appeals
    assert 'class="badge appeal"' in appeals


def test_the_adviser_who_refused_is_not_offered_the_appeal(
    client, clerk, member, adviser, second_adviser, catalogue
):
    request = decide(adviser, stay(clerk, member), "refused", now=None)
    appeal(clerk, request, now=None)

    client.force_login(adviser)
    own = client.get(detail(request.reference)).content.decode()
    assert 'id="appeal-self"' in own and 'id="form-decide"' not in own
    sent = client.post(
        reverse("authorizations:request_action", args=[request.reference, "decide"]),
        {"decide-kind": "refused", "decide-reasons": ["not_justified"]},
    )
    assert sent.status_code == 400
    assert "un autre médecin conseil tranche le recours" in sent.content.decode()

    client.force_login(second_adviser)
    other = client.get(detail(request.reference)).content.decode()
    assert 'id="form-decide"' in other and 'id="appeal-self"' not in other


def _offences(client, user, urls: list[str]) -> list[str]:
    client.force_login(user)
    found = []
    for language in ("fr", "ar"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            response = client.get(url, headers={"accept-language": language})
            assert response.status_code == 200, url
            # English words of phrases not yet in the catalogue (tr_appeals.json) are the lead's merge;
            # every code, id, enum value, JSON or ISO date is an offence.
            found += [
                f"[{language}] {url}: {o}"
                for o in offences(page_text(response.content.decode()), language)
                if o.kind not in ("untranslated", "enum value") or "_" in o.text
            ]
    return found


def test_appeal_pages_in_french_and_arabic_show_no_internal_code(
    client, clerk, member, adviser, second_adviser, catalogue
):
    open_to_appeal = decide(adviser, stay(clerk, member), "refused", now=None)
    waiting = decide(adviser, stay(clerk, member), "approved_with_reserve", now=None)
    appeal(clerk, waiting, now=None)
    answered = decide(adviser, stay(clerk, member), "refused", now=None)
    appeal(clerk, answered, now=None)
    decide(second_adviser, answered, "approved", now=None)
    pages = [detail(r.reference) for r in (open_to_appeal, waiting, answered)]

    assert _offences(client, clerk, pages) == []
    assert _offences(client, adviser, [*pages, reverse("authorizations:queue") + "?show=appeals"]) == []
