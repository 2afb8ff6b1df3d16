"""A small HTTP client of the drills: a facility's software signed in with a session and its CSRF token,
on http.client (no library beyond the standard one), each call timed and classified."""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A call taking longer than this is a hang: the application must answer, even if only with an error.
HANG_SECONDS = 30.0


@dataclass(frozen=True)
class Answer:
    kind: str  # "rights" or "submit"
    status: int  # 0: no HTTP answer (connection refused or reset, timeout)
    seconds: float
    clean: bool  # an answer with a body: JSON from the API, or the HTML error page
    error: str = ""
    created: int | None = None  # the id of what a 201 created

    @property
    def failed(self) -> bool:
        return self.status == 0 or self.status >= 500


class Session:
    """One signed-in client; http.client opens a new connection when gunicorn closed the last one."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(host, port, timeout=HANG_SECONDS)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept-Language": "fr", "Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        return headers | (extra or {})

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> tuple[int, bytes]:
        try:
            self.connection.request(method, path, body=body, headers=self._headers(headers))
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.connection.close()
        return response.status, data

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        match = _TOKEN.search(page.decode("utf-8", "replace"))
        if status != 200 or match is None:
            raise RuntimeError(f"no login page (HTTP {status})")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
        ).encode()
        status, _page = self.request(
            "POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"the login of {username!r} was refused (HTTP {status})")

    def call(self, kind: str, method: str, path: str, payload: dict | None = None, key: str = "") -> Answer:
        body = None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if key:
            headers["Idempotency-Key"] = key
        started = time.perf_counter()
        try:
            status, data = self.request(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:  # TimeoutError is an OSError
            return Answer(kind, 0, time.perf_counter() - started, False, type(error).__name__)
        seconds = time.perf_counter() - started
        created = None
        if status == 201:
            try:
                created = int(json.loads(data)["id"])
            except (ValueError, KeyError, TypeError):
                created = None
        return Answer(kind, status, seconds, bool(data), self._said(status, data), created)

    @staticmethod
    def _said(status: int, data: bytes) -> str:
        if status < 500:
            return ""
        return data[:120].decode("utf-8", "replace")
