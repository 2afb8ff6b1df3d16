"""The 403, 404 and 500 pages: in the reader's language, in plain words, with a way back, never internals."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from sanad import urls as sanad_urls
from sanad.common.permissions import require
from sanad.web import errors


def forbidden(request):
    require(request.user, "providers.manage")


def broken(request):
    raise ZeroDivisionError("secret internal detail 4242")


# This module stands as the root URL map in the tests marked with it: the site's pages and handlers, plus two
# views that fail on purpose.
urlpatterns = [
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    path("", include(sanad_urls.urlpatterns)),
]
handler403 = sanad_urls.handler403
handler404 = sanad_urls.handler404
handler500 = sanad_urls.handler500

# What each page says, in English (the msgids): none of it may stay English on a French or Arabic page.
ENGLISH = {
    403: ["You cannot open this page", "Your account does not give access to this page."],
    404: ["Page not found", "This page does not exist or no longer exists."],
    500: ["Something went wrong", "not because of something you did"],
}
WAY_BACK_EN = ["Back to the previous page", "Go to the home page"]
TITLES = {
    "fr": {
        403: "Vous ne pouvez pas ouvrir cette page",
        404: "Page introuvable",
        500: "Un problème est survenu",
    },
    "ar": {403: "لا يمكنك فتح هذه الصفحة", 404: "الصفحة غير موجودة", 500: "حدث خلل"},
}
HOME_LINK = {"fr": "Aller à la page d'accueil", "ar": "الذهاب إلى الصفحة الرئيسية"}
BACK_LINK = {"fr": "Revenir à la page précédente", "ar": "العودة إلى الصفحة السابقة"}
DIRECTION = {"fr": "ltr", "ar": "rtl"}


def _client(language: str, user=None) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def _assert_plain(page: str, language: str, status: int) -> None:
    assert f'lang="{language}" dir="{DIRECTION[language]}"' in page
    assert TITLES[language][status] in page
    assert HOME_LINK[language] in page
    for english in ENGLISH[status] + WAY_BACK_EN:
        assert english not in page, english
    for internal in ["Traceback", "providers.manage", "ZeroDivisionError", "4242", "Exception"]:
        assert internal not in page, internal
    assert 'href="/static/sanad/sanad.css"' in page or re.search(r'href="[^"]*sanad\.css"', page)


def test_the_site_uses_the_styled_handlers():
    assert sanad_urls.handler403 == "sanad.web.errors.permission_denied"
    assert sanad_urls.handler404 == "sanad.web.errors.page_not_found"
    assert sanad_urls.handler500 == "sanad.web.errors.server_error"


@pytest.mark.urls("tests.web.test_error_pages")
@pytest.mark.parametrize("language", ["fr", "ar"])
@override_settings(DEBUG=False)
def test_it_says_in_plain_words_that_a_page_is_not_open_to_the_user(alice, language):
    response = _client(language, alice).get("/test-forbidden/")

    assert response.status_code == 403
    page = response.content.decode()
    _assert_plain(page, language, 403)
    # In the shell: the user's own navigation and log-out button are there.
    assert 'class="topbar"' in page and 'class="who"' in page


@pytest.mark.urls("tests.web.test_error_pages")
@pytest.mark.parametrize("language", ["fr", "ar"])
@override_settings(DEBUG=False)
def test_it_says_a_page_does_not_exist_and_offers_the_way_back(alice, language):
    client = _client(language, alice)

    response = client.get("/no-such-page/", HTTP_REFERER="http://testserver/reasons/")

    assert response.status_code == 404
    page = response.content.decode()
    _assert_plain(page, language, 404)
    assert BACK_LINK[language] in page and 'href="http://testserver/reasons/"' in page
    assert 'class="topbar"' in page


@pytest.mark.urls("tests.web.test_error_pages")
@override_settings(DEBUG=False)
def test_a_referer_from_another_site_is_not_offered_as_the_way_back(db):
    page = _client("fr").get("/no-such-page/", HTTP_REFERER="https://evil.example/phish").content.decode()

    assert "evil.example" not in page
    assert BACK_LINK["fr"] not in page
    assert HOME_LINK["fr"] in page


@pytest.mark.urls("tests.web.test_error_pages")
@pytest.mark.parametrize("language", ["fr", "ar"])
@override_settings(DEBUG=False)
def test_a_fault_shows_the_500_page_without_its_details(alice, language):
    response = _client(language, alice).get("/test-broken/", HTTP_REFERER="http://testserver/")

    assert response.status_code == 500
    page = response.content.decode()
    _assert_plain(page, language, 500)
    assert BACK_LINK[language] in page


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_500_page_needs_neither_the_database_nor_the_context_processors(language):
    # No `db` fixture: any database access fails this test. The user is what the database would give.
    request = RequestFactory().get("/claims/", HTTP_REFERER="http://testserver/registry/")
    request.LANGUAGE_CODE = language
    request.user = SimpleLazyObject(lambda: (_ for _ in ()).throw(OperationalError("database is down")))

    response = errors.server_error(request)

    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert "sanad.css" in page
    if language == "en":
        assert "Something went wrong" in page and "Back to the previous page" in page
    else:
        _assert_plain(page, language, 500)


@pytest.mark.parametrize(
    ("handler", "status"), [(errors.permission_denied, 403), (errors.page_not_found, 404)]
)
def test_when_the_shell_cannot_be_drawn_the_page_is_drawn_without_it(handler, status):
    request = RequestFactory().get("/somewhere/")
    request.LANGUAGE_CODE = "ar"
    request.user = SimpleLazyObject(lambda: (_ for _ in ()).throw(OperationalError("database is down")))

    with translation.override("ar"):
        response = handler(request, Exception("claims.check"))

    assert response.status_code == status
    page = response.content.decode()
    _assert_plain(page, "ar", status)
    assert "claims.check" not in page
    assert 'class="nav"' not in page  # drawn without the shell's navigation, which needs the database


def test_a_bad_host_or_referer_does_not_break_the_500_page():
    request = RequestFactory().get("/", HTTP_REFERER="javascript:alert(1)")
    request.META["HTTP_HOST"] = "bad host name"  # get_host() raises DisallowedHost

    response = errors.server_error(request)

    assert response.status_code == 500
    assert "Un problème est survenu" in response.content.decode()
    assert "javascript" not in response.content.decode()


def test_the_500_handler_never_raises(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("templates are gone")

    monkeypatch.setattr(errors.loader, "get_template", fail)
    response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "sanad.css" in page and "templates are gone" not in page
    assert "Une erreur est survenue" in page and "حدث خطأ" in page
