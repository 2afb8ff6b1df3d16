"""The API's refusals in plain words (issue 15, item 4): a request the schema refuses is told in the
caller's language (Accept-Language: fr, ar, en) with the field at fault, never in pydantic's English; what
django-ninja refuses by itself is told the same way; and the second of two people acting on one object is
told what to do through the API, not to reload a page."""

from __future__ import annotations

import pytest

from sanad.claims.models import CareSheet
from sanad.common.errors import ErrorCode
from sanad.common.guards import conflict_error
from tests.api.claims_conftest import API, sheet_body
from tests.claims.desk.conftest import staff_of

REGISTRY = "/api/v1/registry"
JSON = "application/json"
PYDANTIC_WORDS = ("Field required", "Input should", "valid integer", "Value error", "Cannot parse")


def ask_correction(client, body, language: str, **extra):
    return client.post(
        f"{REGISTRY}/contributions/R-0/corrections",
        body,
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE=language,
        **extra,
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "kind : cette valeur est obligatoire."),
        ("ar", "kind: هذه القيمة إلزامية."),
        ("en", "kind: this value is required."),
    ],
)
def test_a_missing_field_is_named_in_the_callers_language(client, alice, language, message):
    client.force_login(alice)

    response = ask_correction(client, {"reason": "Erreur de saisie"}, language)

    assert response.status_code == 400
    assert response.json() == {"code": "required", "field": "kind", "message": message}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "kind : l'une de ces valeurs est attendue : void, refund, redate."),
        ("ar", "kind: تُنتظر إحدى هذه القيم: void, refund, redate."),
        ("en", "kind: one of these values is expected: void, refund, redate."),
    ],
)
def test_a_value_outside_the_choices_lists_them_in_the_callers_language(client, alice, language, message):
    client.force_login(alice)

    response = ask_correction(client, {"kind": "erase"}, language)

    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "field": "kind", "message": message}


@pytest.mark.parametrize(
    ("query", "field", "french"),
    [
        ("on=demain", "on", "on : une date est attendue, écrite AAAA-MM-JJ."),
        ("on=2026-01-01&dependant=deux", "dependant", "dependant : un nombre entier est attendu."),
        ("", "on", "on : cette valeur est obligatoire."),
    ],
)
def test_query_parameters_are_refused_in_plain_words(client, alice, query, field, french):
    client.force_login(alice)

    response = client.get(f"{REGISTRY}/members/MR0000011/rights?{query}", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert (response.json()["field"], response.json()["message"]) == (field, french)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_no_refusal_speaks_pydantics_english(client, alice, language):
    client.force_login(alice)
    refusals = [
        ask_correction(client, {}, language),
        ask_correction(client, {"kind": 3}, language),
        ask_correction(client, {"kind": "void", "paid_on": "hier"}, language),
        ask_correction(client, "{not json", language),
        client.get(f"{REGISTRY}/members/X/rights?on=2026-13-45", HTTP_ACCEPT_LANGUAGE=language),
    ]

    for response in refusals:
        assert response.status_code == 400
        body = response.json()
        assert set(body) == {"code", "field", "message"} and body["message"]
        for words in PYDANTIC_WORDS:
            assert words not in body["message"], body
        if language != "en":
            assert "expected" not in body["message"] and "required" not in body["message"], body


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Le corps de la requête n'a pas pu être lu : envoyez un objet JSON."),
        ("ar", "تعذّرت قراءة متن الطلب: أرسل كائن JSON."),
    ],
)
def test_an_unreadable_body_is_told_in_the_callers_language(client, alice, language, message):
    client.force_login(alice)

    response = ask_correction(client, "{not json", language)

    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "field": None, "message": message}


def test_a_caller_without_a_session_is_told_in_its_language(client, db):
    response = client.get(f"{REGISTRY}/members/MR0000011", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 401
    assert response.json() == {
        "code": "forbidden",
        "field": None,
        "message": "Vous n'êtes pas connecté : connectez-vous d'abord.",
    }


# ---- Two people acting on one object: the API's own wording -------------------------------------------


@pytest.mark.usefixtures("claims_world_rules")
@pytest.mark.parametrize(("language", "page"), [("fr", "page"), ("ar", "الصفحة"), ("en", "page")])
def test_the_second_clerk_through_the_api_is_not_told_to_reload_a_page(
    client, world, make_user, language, page
):
    client.force_login(world.clerk)
    sheet = client.post(f"{API}/care-sheets", sheet_body(world.member), content_type=JSON).json()
    corrected = sheet_body(world.member, diagnosis="E11.9") | {"version": 1}
    del corrected["registration_number"]
    assert client.put(f"{API}/care-sheets/{sheet['id']}", corrected, content_type=JSON).status_code == 200
    client.force_login(staff_of(make_user, "aicha", world.centre))

    late = client.put(
        f"{API}/care-sheets/{sheet['id']}",
        corrected | {"diagnosis": "J06.9"},
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert (late.status_code, late.json()["code"], late.json()["field"]) == (409, "conflict", "version")
    assert "Salka" in late.json()["message"]
    assert page not in late.json()["message"]
    assert CareSheet.objects.get().diagnosis == "E11.9"


def test_a_conflict_tells_a_page_to_reload_and_the_api_to_read_again(alice):
    with_audit = conflict_error(objects=[alice], said={"nothing.recorded": "—"})

    assert with_audit.code == ErrorCode.CONFLICT
    assert with_audit.message.endswith("Rechargez la page pour le voir tel qu'il est maintenant.")
    assert with_audit.api_message.endswith("Relisez-le pour le voir tel qu'il est maintenant.")
    assert "page" not in with_audit.api_message
