"""The integrators' pages (issue 19 §5): one per interface, in French, Arabic and English, in plain words
around their samples; the samples name this server; the curl sessions are shell the shell reads; the
collections are a Postman collection (v2.1) and an HTTP file; the OpenAPI document declares the API
client's key next to the session (issue 19 §1)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape

import pytest

from sanad.api.developers.collections import POSTMAN_SCHEMA, curl_of, curl_setup
from sanad.api.developers.examples import EXAMPLES, HCX_SEND
from tests.api.claims_conftest import openapi_document
from tests.web.plain_words import offences, page_text

PAGES = ("/developers/", "/developers/rest/", "/developers/fhir/", "/developers/hcx/")
# A sample (a command, a request, an answer) is for the reader's machine: it is marked `data-sample`, and
# it is the words around it that must be plain.
_SAMPLE = re.compile(r"<(pre|code)\b[^>]*\bdata-sample\b[^>]*>.*?</\1>", re.S)


def _words(html: str):
    return page_text(_SAMPLE.sub(" ", html))


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_each_page_speaks_plain_words_in_each_language(client, page, language):
    response = client.get(page, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert offences(_words(html), language) == []


@pytest.mark.django_db
def test_the_pages_are_open_to_a_visitor_and_show_no_data(client, fhir):
    for page in PAGES:
        html = client.get(page).content.decode()
        assert fhir.family.registration_number not in html and fhir.centre_key not in html


@pytest.mark.django_db
def test_the_samples_name_the_server_that_serves_them(client, settings):
    settings.ALLOWED_HOSTS = ["sanad.example.org"]
    html = unescape(client.get("/developers/rest/", HTTP_HOST="sanad.example.org").content.decode())
    http = client.get("/developers/sanad.http", HTTP_HOST="sanad.example.org").content.decode()

    assert 'export SANAD_URL="http://sanad.example.org"' in html
    assert "@base = http://sanad.example.org" in http


@pytest.mark.django_db
def test_a_facilitys_staff_find_their_facilitys_code_in_the_samples(client, fhir):
    client.force_login(fhir.world.clerk)

    http = client.get("/developers/sanad.http").content.decode()

    assert f"@facility = {fhir.world.centre.code}" in http


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_curl_session_is_read_by_the_shell():
    session = "\n".join(
        [curl_setup({"base": "http://x", "key": "k", "today": ""}), *map(curl_of, EXAMPLES), HCX_SEND]
    )

    bash = shutil.which("bash")
    # The session is this module's own samples, only parsed (-n), never run.
    checked = subprocess.run([bash, "-n"], input=session, text=True, capture_output=True, check=False)  # noqa: S603

    assert checked.returncode == 0, checked.stderr


def test_the_curl_session_keeps_the_fhir_operations_dollar_sign():
    submit = next(e for e in EXAMPLES if e.path.endswith("$submit"))

    assert '"${SANAD_URL}/fhir/Claim/\\$submit"' in curl_of(submit)


@pytest.mark.django_db
def test_the_postman_collection_is_a_collection_of_version_2_1(client):
    response = client.get("/developers/sanad.postman_collection.json")

    assert response["Content-Disposition"] == 'attachment; filename="sanad.postman_collection.json"'
    collection = json.loads(response.content)
    assert collection["info"]["schema"] == POSTMAN_SCHEMA
    assert collection["auth"]["type"] == "bearer"
    items = [item for folder in collection["item"] for item in folder["item"]]
    assert len(items) == len(EXAMPLES)
    for item in items:
        assert {"name", "request", "event"} <= set(item)
        assert item["request"]["method"] in {"GET", "POST"} and item["request"]["url"]["raw"].startswith(
            "{{base}}"
        )
        if "body" in item["request"]:
            json.loads(re.sub(r"\{\{\w+\}\}", "0", item["request"]["body"]["raw"]))


@pytest.mark.django_db
def test_the_http_file_is_one_request_per_block_with_json_bodies(client):
    response = client.get("/developers/sanad.http")

    assert response["Content-Type"].startswith("text/plain")
    blocks = response.content.decode().split("\n###\n")[1:]
    assert len(blocks) == len(EXAMPLES)
    for block, example in zip(blocks, EXAMPLES, strict=True):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#")]
        assert lines[0].startswith(f"{example.method} {{{{base}}}}/")
        if example.body is not None:
            body = block.split("\n\n", 1)[1]
            json.loads(re.sub(r"\{\{[\w.$]+\}\}", "0", body))


@pytest.mark.django_db
def test_the_openapi_document_declares_the_api_clients_key_and_the_session(client):
    document = openapi_document(client)

    schemes = document["components"]["securitySchemes"]
    assert schemes["ClientKeyAuth"]["type"] == "http" and schemes["ClientKeyAuth"]["scheme"] == "bearer"
    assert "Bearer sk_" in schemes["ClientKeyAuth"]["description"]
    assert schemes["SessionAuth"] == schemes["SessionAuth"] | {"type": "apiKey", "in": "cookie"}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if path != "/api/v1/health":
                assert operation["security"] == [{"SessionAuth": []}, {"ClientKeyAuth": []}], path


@pytest.mark.django_db
def test_an_operation_accepts_the_key_through_its_declared_scheme(fhir):
    from django.test import Client

    machine = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {fhir.centre_key}")
    number = fhir.family.registration_number

    answer = machine.get(f"/api/v1/registry/members/{number}/rights", {"on": "2026-12-07"})

    assert answer.status_code == 200 and "sessionid" not in answer.cookies
