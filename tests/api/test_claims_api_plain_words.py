"""Plain words in the claims API (issue 15): what the API writes for people to read (each finding's `text`,
each refusal's `message`) is in the caller's language (Accept-Language) and shows no enum value, ISO date,
database id, JSON or Python value; amounts read in the caller's format. The codes in the machine fields
(`status`, `code`, a finding's `params`) are the API's documented values and stay as they are."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sanad.claims.models import Batch, BillingFile, CareSheet, CareSheetLine, FileDecision
from tests.api.claims_conftest import API, OVER_REVIEW_LIMIT, billed_file, received_file, submitted_batch
from tests.claims.far_ids import ids_shown, ids_start_at
from tests.web.plain_words import Text, offences

LANGUAGES = ("fr", "ar")
# The fields of an answer written for people.
PEOPLE_FIELDS = frozenset({"message", "text"})
# What the people's fields must never show. Field names are not among them: a refusal names the request's
# field at fault, which is the caller's own word.
_KINDS = frozenset({"enum value", "ISO date", "month-first date", "database id", "JSON", "Python value"})
ARABIC = re.compile("[\u0600-\u06ff]")

pytestmark = pytest.mark.usefixtures("claims_world_rules", "far_ids")


@pytest.fixture
def far_ids(db):
    ids_start_at((CareSheet, CareSheetLine, BillingFile, Batch, FileDecision))


def people_texts(body: Any) -> list[str]:
    """Every value of a people's field anywhere in an answer."""
    if isinstance(body, dict):
        found = [v for k, v in body.items() if k in PEOPLE_FIELDS and isinstance(v, str) and v]
        return found + [t for k, v in body.items() if k not in PEOPLE_FIELDS for t in people_texts(v)]
    if isinstance(body, list):
        return [t for item in body for t in people_texts(item)]
    return []


def assert_plain(texts: list[str], language: str, ids: tuple[int, ...] = ()) -> None:
    assert texts
    for text in texts:
        found = [str(o) for o in offences(Text(text, text), language) if o.kind in _KINDS]
        shown = ids_shown(text, ids)
        assert not found and not shown, (text, found, shown)
        if language == "ar":
            assert ARABIC.search(text), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reasons_of_a_file_are_plain_words_in_the_callers_language(client, world, language):
    # No invoice scan: the administrative check asks for it; above the review limit: the medical adviser.
    file_id = received_file(
        client, world.clerk, world.checker, world.member, "F-1", billed=str(OVER_REVIEW_LIMIT), papers=()
    )

    body = client.get(f"{API}/billing-files/{file_id}", HTTP_ACCEPT_LANGUAGE=language).json()

    findings = body["decision"]["findings"] + [
        f for line in body["decision"]["lines"] for f in line["findings"]
    ]
    assert {f["code"] for f in findings} >= {"documents_missing", "amount_over_review_limit"}
    assert body["status"] in ("admin_check", "medical_review")  # a machine field: the documented code
    texts = people_texts(body)
    assert_plain(texts, language, (file_id,))
    over = next(f["text"] for f in findings if f["code"] == "amount_over_review_limit")
    # 25,000.00 in the reader's format: a decimal comma (and thousands grouped in French).
    assert re.search(r"25\D000,00" if language == "fr" else r"25\D?000,00", over), over


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_refusals_of_the_claims_api_are_plain_words(client, world, language):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    client.force_login(world.clerk)
    first = billed_file(client, world.member, "F-1")
    batch = submitted_batch(client, [first["id"]])

    refusals = [
        client.post(f"{API}/batches/{batch['id']}/submit", **headers),
        client.post(
            f"{API}/billing-files",
            {"care_sheet_id": first["care_sheet"]["id"], "invoice_number": "F-2"},
            content_type="application/json",
            **headers,
        ),
        client.get(f"{API}/billing-files/987654", **headers),
    ]
    client.force_login(world.checker)
    receive = f"{API}/batches/{batch['id']}/receive"
    client.post(receive, {}, content_type="application/json", **headers)
    refusals.append(client.post(receive, {}, content_type="application/json", **headers))

    assert [r.status_code for r in refusals] == [409, 409, 404, 409]
    for refusal in refusals:
        assert_plain(people_texts(refusal.json()), language, (batch["id"], first["id"], 987654))
