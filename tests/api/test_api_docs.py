"""The API documentation page (issue 16): it loads Swagger UI from the site's own static files, never a
CDN, under the site's Content-Security-Policy (scripts from the site only, no inline script); in
production (DEBUG off) it and the OpenAPI document are for signed-in users and API clients only."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import override_settings

from sanad.common.permissions import Role

DOCS = "/api/v1/docs"
OPENAPI = "/api/v1/openapi.json"
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)
_SOURCE = re.compile(r'\b(?:src|href)="([^"]+)"')


def _page(client, make_user) -> str:
    client.force_login(make_user("salka", Role.FACILITY_STAFF))
    response = client.get(DOCS)
    assert response.status_code == 200
    return response


def test_the_docs_page_references_only_same_origin_scripts_and_styles(client, make_user):
    html = _page(client, make_user).content.decode()

    sources = _SOURCE.findall(html)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/static/") for source in sources), sources
    assert "cdn" not in html.lower()
    for attributes, content in _SCRIPT.findall(html):
        # Only files or data: an inline script would need 'unsafe-inline'.
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        assert "src=" not in attributes or not content.strip()


def test_the_docs_scripts_are_files_of_the_site(client, make_user):
    html = _page(client, make_user).content.decode()

    for source in _SOURCE.findall(html):
        assert finders.find(source.removeprefix("/static/")), source


def test_the_docs_page_csp_allows_its_scripts_without_unsafe_inline(client, make_user):
    policy = _page(client, make_user)["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"].split() == ["'self'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_docs_page_sends_the_sessions_csrf_token_with_its_calls(client, make_user):
    html = _page(client, make_user).content.decode()

    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', html)
    assert finders.find("api/swagger-init.js")


def test_an_anonymous_browser_is_sent_to_the_login_page_in_production(client, db):
    with override_settings(DEBUG=False):
        response = client.get(DOCS, HTTP_ACCEPT="text/html")

    assert response.status_code == 302
    assert response["Location"].startswith("/login") and "next=" in response["Location"]


def test_an_anonymous_program_gets_a_401_for_the_openapi_document_in_production(client, db):
    with override_settings(DEBUG=False):
        response = client.get(OPENAPI)

    assert response.status_code == 401
    assert set(response.json()) == {"code", "field", "message"}


def test_a_developers_machine_shows_the_docs_to_anyone(client, db):
    with override_settings(DEBUG=True):
        assert client.get(OPENAPI).status_code == 200
