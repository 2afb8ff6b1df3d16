"""Plain words on the prior-authorization pages: no internal code, id, enum value or English on a French or
Arabic page, and dates in the reader's format, for the facility's and the adviser's pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from sanad.authorizations import services
from tests.authorizations.conftest import STAY, submit
from tests.web.plain_words import offences, page_text

pytestmark = pytest.mark.django_db

CHEMOTHERAPY = {
    "diagnosis": "C50.9",
    "protocol": "AC 60",
    "weight_kg": "62",
    "height_cm": "165",
    "dose_per_m2": "60",
    "duration_weeks": "12",
    "cycles": "4",
    "metastatic": "yes",
}


def _words(client, user, urls: list[str]) -> list[str]:
    client.force_login(user)
    found = []
    for language in ("fr", "ar", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            response = client.get(url, headers={"accept-language": language})
            assert response.status_code == 200, url
            found += [
                f"[{language}] {url}: {o}" for o in offences(page_text(response.content.decode()), language)
            ]
    return found


def test_the_facilitys_pages_speak_plain_words(client, clerk, adviser, member, catalogue):
    returned = submit(clerk, member, "chemotherapy", "day_hospital", CHEMOTHERAPY, ("request_form",))
    decided = submit(
        clerk, member, "medical_stay", "medical_stay", STAY, ("request_form", "confidential_report")
    )
    services.authorization_decide(
        actor=adviser, request=decided, kind="refused", reasons=["not_justified", "documents_insufficient"]
    )
    urls = [
        reverse("authorizations:request_list"),
        reverse("authorizations:request_start") + f"?registration_number={member.registration_number}",
        reverse("authorizations:request_new", args=["chemotherapy"])
        + f"?member={member.registration_number}",
        reverse("authorizations:request_detail", args=[returned.reference]),
        reverse("authorizations:request_detail", args=[decided.reference]),
    ]
    assert _words(client, clerk, urls) == []


def test_the_advisers_pages_speak_plain_words(client, clerk, adviser, member, catalogue):
    pending = submit(
        clerk, member, "medical_stay", "medical_stay", STAY, ("request_form", "confidential_report")
    )
    approved = submit(
        clerk, member, "medical_stay", "medical_stay", STAY, ("request_form", "confidential_report")
    )
    services.authorization_decide(
        actor=adviser,
        request=approved,
        kind="approved_with_reserve",
        conditions="Compte rendu exigé",
        items=[services.Item("act", "HOSP-MED", 5)],
    )
    urls = [
        reverse("authorizations:queue"),
        reverse("authorizations:request_detail", args=[pending.reference]),
        reverse("authorizations:request_detail", args=[approved.reference]),
        reverse("authorizations:request_list"),
    ]
    assert _words(client, adviser, urls) == []
