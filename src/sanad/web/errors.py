"""The 400, 403, 404 and 500 pages: what happened in plain words, what to do, and a way back.

Never the exception's text: a PermissionDenied carries the capability's name (`require`), a 404 may carry a
model's name or a query, a 500 a stack trace; none of it is for the reader. The 500 page is drawn without the
context processors or the database (they may be what failed), and no handler ever raises: the last resort is a
fixed page in the three languages.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

LAST_RESORT = """<!doctype html>
<html lang="fr" dir="ltr"><head><meta charset="utf-8"><title>Sanad</title>
<link rel="stylesheet" href="{stylesheet}"></head>
<body><header class="topbar"><a class="brand" href="/"><strong>Sanad</strong></a></header>
<main id="main" class="error-page"><div class="card">
<h1>Une erreur est survenue</h1>
<p>La page n'a pas pu être affichée. Réessayez dans quelques minutes.</p>
<p lang="ar" dir="rtl">حدث خطأ. تعذر عرض الصفحة. أعد المحاولة بعد بضع دقائق.</p>
<p lang="en">Something went wrong. The page could not be shown. Try again in a few minutes.</p>
<p class="way-back"><a class="button" href="/">Accueil · الرئيسية · Home</a></p>
</div></main></body></html>"""


def _previous_page(request: Any) -> str:
    """The page the reader came from, when it is a page of this site other than this one; else ""."""
    try:
        referer = request.META.get("HTTP_REFERER", "")
        if not referer or referer == request.build_absolute_uri():
            return ""
        host = request.get_host()
        if url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
            return referer
    except Exception:  # a bad Host header must not turn an error page into another error
        logger.debug("no previous page for the error page", exc_info=True)
    return ""


def _standalone(request: Any, status: int) -> HttpResponse:
    """The page drawn from its own template, without context processors, the session or the database."""
    try:
        language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "fr"
        with translation.override(language):
            html = loader.get_template("web/errors/500.html").render(
                {
                    "LANGUAGE_CODE": translation.get_language(),
                    "LANGUAGE_BIDI": translation.get_language_bidi(),
                    "previous_page": _previous_page(request),
                    "status": status,
                }
            )
        return HttpResponse(html, status=status)
    except Exception:  # the page of last resort
        logger.exception("the %s page could not be drawn", status)
        try:
            stylesheet = static("sanad/sanad.css")
        except Exception:
            stylesheet = "/static/sanad/sanad.css"
        return HttpResponse(LAST_RESORT.format(stylesheet=stylesheet), status=status)


def _in_shell(request: Any, template: str, status: int) -> HttpResponse:
    """The page in the shell; if the shell cannot be drawn (the database is down), the page without it."""
    try:
        context = {"previous_page": _previous_page(request), "status": status}
        return render(request, template, context, status=status)
    except Exception:  # drawn without the shell rather than not at all
        logger.exception("the %s page could not be drawn in the shell", status)
        return _standalone(request, status)


def bad_request(request: Any, exception: Exception | None = None) -> HttpResponse:
    """A request the site refuses as it stands (a control character in the address or a form, a body too
    large): what to do, never what the check found."""
    return _in_shell(request, "web/errors/400.html", 400)


def permission_denied(request: Any, exception: Exception | None = None) -> HttpResponse:
    return _in_shell(request, "web/errors/403.html", 403)


def page_not_found(request: Any, exception: Exception | None = None) -> HttpResponse:
    return _in_shell(request, "web/errors/404.html", 404)


def server_error(request: Any) -> HttpResponse:
    return _standalone(request, 500)
