"""Walk a user's pages the way they would: from the home page, along the links (GET only, this site only)."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve

# Places a walk does not go, each for a reason: leaving the session, Django's own admin (a database tool
# for administrators, in English, showing ids by design), the API (its messages have their own tests),
# files (static, uploaded, the language switch's POST).
SKIPPED_PREFIXES = ("/logout/", "/admin/", "/api/", "/static/", "/media/", "/i18n/")
# Files, not pages: PDFs, spreadsheets, keys, uploaded papers (their words are checked by their own tests).
SKIPPED_ENDINGS = (".pdf", ".csv", ".xlsx", ".pem", ".xml", "/pdf/")
SKIPPED_VIEWS = frozenset(
    {
        "catalog:export",
        "claims:document_open",
        "registry:import_template",
        "registry:import_errors",
        "certificates:download",
        "certificates:public_key",
    }
)


class _Links(HTMLParser):
    """The GET targets of a page: links, htmx GETs and GET forms sent with what they hold at first."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._form: tuple[str, list[tuple[str, str]]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if values.get("hx-get"):
            self.links.append(values["hx-get"])
        if tag == "form":
            get = values.get("method", "get").lower() == "get"
            self._form = (values.get("action", ""), []) if get else None
        elif self._form is not None and values.get("name"):
            fields = self._form[1]
            if tag == "input" and values.get("type") not in ("submit", "button", "checkbox", "radio", "file"):
                if values.get("value"):
                    fields.append((values["name"], values["value"]))
            elif tag == "select":
                self._select = values["name"]
        if tag == "option" and self._form is not None and self._select and "selected" in values:
            self._form[1].append((self._select, values.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form" and self._form is not None:
            action, fields = self._form
            self.links.append(f"{action}?{urlencode(fields)}" if fields else action)
            self._form = None


@dataclass
class Page:
    url: str
    status: int
    html: str


def _route(path: str) -> str | None:
    """The URL pattern a path belongs to; None for a path that is no page of ours or is skipped."""
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_ENDINGS):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name in SKIPPED_VIEWS:
        return None
    return match.route


def route_of(url: str) -> str:
    """The URL pattern of a page walked (its path when it has none)."""
    path = urlsplit(url).path
    try:
        return resolve(path).route
    except Resolver404:
        return path


def walk(client, starts: list[str], *, pages: int, per_route: int, headers: dict[str, str]) -> Iterator[Page]:
    """The pages reachable from `starts`, breadth first: at most `pages` of them and `per_route` of any one
    URL pattern (a fourth member's page would say what the first three did). A view that fails yields
    status 500 with the error's name."""
    queue, seen, routes = deque(starts), set(starts), Counter()
    while queue and pages > 0:
        url = queue.popleft()
        route = _route(urlsplit(url).path)
        if route is None or routes[route] >= per_route:
            continue
        routes[route] += 1
        pages -= 1
        try:
            response = client.get(url, headers=headers)
        except Exception as error:  # a failing page is reported with the others
            yield Page(url, 500, f"{type(error).__name__}: {error}")
            continue
        targets = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif "text/html" in response.get("Content-Type", ""):
            html = response.content.decode()
            yield Page(url, response.status_code, html)
            parser = _Links()
            parser.feed(html)
            targets = parser.links
        for target in targets:
            absolute = urljoin(url, target.split("#")[0])
            parts = urlsplit(absolute)
            if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local and local not in seen:
                seen.add(local)
                queue.append(local)
