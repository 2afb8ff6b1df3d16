"""Run the downloadable collections as Postman or an HTTP-file client would, through Django's test client:
each request in order, its variables filled, the values an answer gives kept for the next ones."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.test import Client

_VARIABLE = re.compile(r"\{\{([\w.$]+)\}\}")
_STATUS = re.compile(r"to\.have\.status\((\d+)\)")
_CAPTURE = re.compile(r'pm\.collectionVariables\.set\("(\w+)", pm\.response\.json\(\)\.(\w+)\)')


@dataclass
class Sent:
    name: str
    method: str
    path: str
    status: int
    expected: int | None
    answer: Any


@dataclass
class Request:
    name: str
    method: str
    url: str
    headers: dict[str, str]
    body: str
    expected: int | None = None
    captures: dict[str, str] = field(default_factory=dict)


def filled(text: str, values: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"no value for {{{{{name}}}}}"
        return str(values[name])

    return _VARIABLE.sub(value, text)


def send(client: Client, request: Request, values: dict[str, Any]) -> Sent:
    url = urlsplit(filled(request.url, values))
    path = url.path + (f"?{url.query}" if url.query else "")
    headers = {name: filled(value, values) for name, value in request.headers.items()}
    content_type = headers.pop("Content-Type", "application/octet-stream")
    body = filled(request.body, values)
    response = client.generic(request.method, path, body, content_type=content_type, headers=headers)
    answer = response.json() if response.get("Content-Type", "").find("json") >= 0 else None
    return Sent(request.name, request.method, path, response.status_code, request.expected, answer)


def postman_requests(collection: dict) -> list[Request]:
    """The collection's requests in order, the collection's bearer token as their Authorization header."""
    token = next(item["value"] for item in collection["auth"]["bearer"] if item["key"] == "token")
    found = []
    for folder in collection["item"]:
        for item in folder["item"]:
            script = "\n".join(line for event in item["event"] for line in event["script"]["exec"])
            request = item["request"]
            headers = {"Authorization": f"Bearer {token}"} | {h["key"]: h["value"] for h in request["header"]}
            found.append(
                Request(
                    name=item["name"],
                    method=request["method"],
                    url=request["url"]["raw"],
                    headers=headers,
                    body=request.get("body", {}).get("raw", ""),
                    expected=int(_STATUS.search(script).group(1)),
                    captures=dict(_CAPTURE.findall(script)),
                )
            )
    return found


def postman_run(client: Client, collection: dict, values: dict[str, Any]) -> list[Sent]:
    values = {v["key"]: v["value"] for v in collection["variable"]} | values
    sent = []
    for request in postman_requests(collection):
        answer = send(client, request, values)
        for variable, key in request.captures.items():
            values[variable] = answer.answer[key]
        sent.append(answer)
    return sent


def http_requests(text: str) -> tuple[dict[str, str], list[Request]]:
    """The file's variables (`@name = value`) and requests (`###` between them, `# @name` naming one)."""
    head, *blocks = text.split("\n###\n")
    variables = dict(
        line[1:].split(" = ", 1) if " = " in line else (line[1:].rstrip(" ="), "")
        for line in head.splitlines()
        if line.startswith("@")
    )
    requests = []
    for block in blocks:
        lines = block.strip("\n").splitlines()
        name = next((line.split("@name ", 1)[1] for line in lines if line.startswith("# @name ")), "")
        lines = [line for line in lines if not line.startswith("#")]
        method, url = lines[0].split(" ", 1)
        headers, rest = {}, lines[1:]
        while rest and rest[0].strip():
            key, value = rest.pop(0).split(": ", 1)
            headers[key] = value
        requests.append(Request(name, method, url, headers, "\n".join(rest).strip()))
    return variables, requests


def http_run(client: Client, text: str, values: dict[str, Any], expected: list[int]) -> list[Sent]:
    """Run the HTTP file; `{{request.response.body.$.field}}` reads an earlier named request's answer."""
    variables, requests = http_requests(text)
    values = variables | values
    sent = []
    for request, status in zip(requests, expected, strict=True):
        request.expected = status
        answer = send(client, request, values)
        if request.name:
            for key, value in (answer.answer or {}).items():
                values[f"{request.name}.response.body.$.{key}"] = value
        sent.append(answer)
    return sent
