"""The examples (`examples.EXAMPLES`) as a reader uses them: a curl session for the pages, an HTTP file
(`.http`: `###` between requests, `@name = value` variables, `# @name` to name a request whose answer a
later one reads, as REST Client and JetBrains' HTTP client read it) and a Postman collection (v2.1)."""

from __future__ import annotations

import json
import re
from typing import Any

from sanad.api.developers.examples import EXAMPLES, Example

_VARIABLE = re.compile(r"\{\{(\w+)\}\}")
POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def _captured_by() -> dict[str, tuple[str, str]]:
    """Each captured variable: the request that gives it and the field of its answer."""
    return {var: (e.name, path) for e in EXAMPLES for var, path in e.captures.items()}


def _headers(example: Example) -> dict[str, str]:
    headers = {"Authorization": "Bearer {{key}}"}
    if example.body is not None:
        headers["Content-Type"] = example.content_type
    if example.content_type != "application/json" or example.path.startswith("/fhir"):
        headers["Accept"] = "application/fhir+json"
    return headers | example.headers


# ---- curl ------------------------------------------------------------------------------------------------


# The shell's names of the variables that would be too vague in capitals.
_SHELL_NAMES = {"base": "SANAD_URL", "key": "SANAD_KEY"}


def _shell_name(name: str) -> str:
    return _SHELL_NAMES.get(name, name.upper())


def _shell(text: str) -> str:
    """A double-quoted shell word or heredoc line: `$` kept literal (`$submit`), {{name}} a variable."""
    text = text.replace("\\", "\\\\").replace("$", "\\$").replace('"', '\\"').replace("`", "\\`")
    return _VARIABLE.sub(lambda m: "${" + _shell_name(m.group(1)) + "}", text)


def _heredoc(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("$", "\\$").replace("`", "\\`")
    return _VARIABLE.sub(lambda m: "${" + _shell_name(m.group(1)) + "}", text)


def curl_of(example: Example) -> str:
    """The example as a curl command of a shell session whose variables are set as `curl_setup` says; a
    request whose answer a later one reads keeps it in a variable (with jq)."""
    lines = [f'curl -sS -X {example.method} "{_shell("{{base}}" + example.path)}"']
    lines += [f'  -H "{_shell(f"{name}: {value}")}"' for name, value in _headers(example).items()]
    pipe = "".join(f" | jq -r .{path}" for path in example.captures.values())
    if example.body is not None:
        lines.append(f"  --data-binary @- <<EOF{pipe}")
        command = " \\\n".join(lines) + "\n" + _heredoc(example.body_text()) + "\nEOF"
    else:
        command = " \\\n".join(lines) + pipe
    for var in example.captures:
        command = (
            f"{var.upper()}=$({command}\n)" if example.body is not None else f"{var.upper()}=$({command})"
        )
    return command


def curl_setup(variables: dict[str, str]) -> str:
    """The `export` lines a session starts with."""
    lines = []
    for name, value in variables.items():
        if name == "today":
            lines.append("export TODAY=$(date +%F)")
        else:
            lines.append(f'export {_shell_name(name)}="{value}"')
    return "\n".join(lines)


# ---- The HTTP file ---------------------------------------------------------------------------------------


def _http_text(text: str) -> str:
    captured = _captured_by()

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in captured:
            request, path = captured[name]
            return "{{" + f"{request}.response.body.$.{path}" + "}}"
        return match.group(0)

    return _VARIABLE.sub(replace, text)


def http_file(variables: dict[str, str], titles: dict[str, str]) -> str:
    """The `.http` collection: the variables, then each example (its title a comment)."""
    out = [
        "# Sanad: REST API and FHIR R4. Set @key to your API client's key, @number to a registration number."
    ]
    out += [f"@{name} = {value}" for name, value in variables.items()]
    for example in EXAMPLES:
        out += ["", "###", f"# {titles[example.name]}"]
        if example.captures:
            out.append(f"# @name {example.name}")
        out.append(f"{example.method} {_http_text('{{base}}' + example.path)}")
        out += [f"{name}: {_http_text(value)}" for name, value in _headers(example).items()]
        if example.body is not None:
            out += ["", _http_text(example.body_text())]
    return "\n".join(out) + "\n"


# ---- Postman ---------------------------------------------------------------------------------------------


def _postman_item(example: Example, title: str) -> dict[str, Any]:
    headers = {name: value for name, value in _headers(example).items() if name != "Authorization"}
    checks = [
        f'pm.test("{example.status}", function () {{ pm.response.to.have.status({example.status}); }});'
    ]
    checks += [
        f'pm.collectionVariables.set("{var}", pm.response.json().{path});'
        for var, path in example.captures.items()
    ]
    request: dict[str, Any] = {
        "method": example.method,
        "header": [{"key": name, "value": value} for name, value in headers.items()],
        "url": {"raw": "{{base}}" + example.path},
        "description": title,
    }
    if example.body is not None:
        request["body"] = {"mode": "raw", "raw": example.body_text()}
    return {
        "name": title,
        "request": request,
        "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": checks}}],
    }


def postman_collection(variables: dict[str, str], titles: dict[str, str], names: dict[str, str]) -> dict:
    """The Postman collection (v2.1): a folder per interface, the key as the collection's bearer token."""
    folders = [
        {
            "name": names[interface],
            "item": [_postman_item(e, titles[e.name]) for e in EXAMPLES if e.interface == interface],
        }
        for interface in ("rest", "fhir")
    ]
    return {
        "info": {"name": "Sanad", "schema": POSTMAN_SCHEMA},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{key}}", "type": "string"}]},
        "variable": [{"key": name, "value": value} for name, value in variables.items()]
        + [{"key": var, "value": ""} for var in _captured_by()],
        "item": folders,
    }


def postman_text(collection: dict) -> str:
    return json.dumps(collection, indent=2, ensure_ascii=False)
