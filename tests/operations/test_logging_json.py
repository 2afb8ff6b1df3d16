"""Structured logs: one JSON object per line with the request id, personal data masked as in plain logs."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest

from sanad.common.logging import RedactPersonalData
from sanad.operations.logging import JsonFormatter, request_id_var


@pytest.fixture
def json_lines():
    """A handler as production configures it (redaction filter, JSON formatter) on `logger`; call the
    returned function to read the lines written so far."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPersonalData())
    handler.setFormatter(JsonFormatter())
    attached = []

    def attach(name: str) -> logging.Logger:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        attached.append((logger, logger.level))
        logger.setLevel(logging.INFO)
        return logger

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield attach, lines
    for logger, level in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_line_holds_time_level_logger_message_and_request_id(json_lines):
    attach, lines = json_lines
    token = request_id_var.set("req-42")
    try:
        attach("sanad.test").warning("file %s decided", "A-1")
    finally:
        request_id_var.reset(token)

    (line,) = lines()
    assert {k: line[k] for k in ("level", "logger", "message", "request_id")} == {
        "level": "WARNING",
        "logger": "sanad.test",
        "message": "file A-1 decided",
        "request_id": "req-42",
    }
    assert line["time"].endswith("+00:00")


def test_personal_data_stays_masked_in_the_message_and_the_traceback(json_lines):
    attach, lines = json_lines
    logger = attach("sanad.test")
    try:
        raise ValueError("no member 22246123456")
    except ValueError:
        logger.exception("lookup of %s failed", "+222 46 12 34 56")

    (line,) = lines()
    assert "46 12 34 56" not in json.dumps(line)
    assert "22246123456" not in line["exception"]
    assert line["message"] == "lookup of [redacted] failed"


def test_the_request_id_of_the_proxy_is_kept_answered_and_logged(db, client, json_lines):
    attach, lines = json_lines
    attach("sanad.request")

    response = client.get("/members/22246123456/?phone=22246999999", HTTP_X_REQUEST_ID="proxy-id-7")

    assert response["X-Request-ID"] == "proxy-id-7"
    (line,) = [line for line in lines() if line["logger"] == "sanad.request"]
    assert line["request_id"] == "proxy-id-7"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/members/[redacted]/", 404)
    assert "22246999999" not in json.dumps(line)  # the query string is never logged


@pytest.mark.parametrize("given", ["", "two words", "x" * 65, "a\nforged line"])
def test_a_missing_or_unsafe_request_id_is_replaced(client, given):
    response = client.get("/health/live", HTTP_X_REQUEST_ID=given)

    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) == 32


def _formatter(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"SANAD_DEBUG", "SANAD_LOG_FORMAT"}}
    clean.update(SECRET_KEY="x" * 60, ALLOWED_HOSTS="sanad.example", **env)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sanad.settings as s; print(s.LOGGING['handlers']['console']['formatter'])",
        ],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_production_logs_json_and_a_developer_s_machine_plain_text():
    assert _formatter() == "json"
    assert _formatter(SANAD_DEBUG="1") == "plain"
    assert _formatter(SANAD_LOG_FORMAT="plain") == "plain"
