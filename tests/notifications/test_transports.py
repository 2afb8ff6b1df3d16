"""The transports behind one interface: console, file and a generic HTTP gateway (a local test server)."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from sanad.notifications.transports import (
    Console,
    File,
    HttpGateway,
    Sms,
    TransportError,
    transport_get,
)

SMS = Sms(recipient="+22236123456", text="CNASS: votre numéro est MR0000011.", sender="SANAD", reference="7")


@pytest.fixture
def gateway(settings):
    """A tiny SMS gateway on 127.0.0.1 that records what it gets and answers as told."""
    received: list[dict] = []
    behaviour = {"status": 200, "delay": 0.0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(length))})
            time.sleep(behaviour["delay"])
            body = json.dumps({"id": "gw-42"}).encode()
            try:
                self.send_response(behaviour["status"])
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as the timeout test wants

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/sms"
    settings.SMS_GATEWAY_TOKEN = "test-token"
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    yield received, behaviour
    server.shutdown()
    server.server_close()


def test_the_console_transport_logs_a_line_without_the_phone_or_the_number(caplog):
    with caplog.at_level(logging.INFO, logger="sanad.notifications.transports"):
        provider_id = Console().send(SMS)

    assert provider_id.startswith("console-")
    line = caplog.records[-1].getMessage()
    assert "+22236123456" not in line
    assert "0000011" not in line
    assert "CNASS" in line


def test_the_file_transport_appends_one_json_line_per_message(sms_file):
    File().send(SMS)
    File().send(SMS)

    lines = sms_file()
    assert len(lines) == 2
    assert lines[0]["recipient"] == "+22236123456"
    assert lines[0]["text"] == SMS.text
    assert lines[0]["reference"] == "7"
    assert lines[0]["id"] != lines[1]["id"]


def test_the_http_gateway_posts_json_with_the_bearer_token(gateway):
    received, _ = gateway

    assert HttpGateway().send(SMS) == "gw-42"
    assert received[0]["body"] == {"to": "+22236123456", "from": "SANAD", "text": SMS.text, "reference": "7"}
    assert received[0]["headers"]["Authorization"] == "Bearer test-token"
    assert received[0]["headers"]["Content-Type"] == "application/json"


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_a_gateway_answer_other_than_2xx_is_a_failure(gateway, status):
    gateway[1]["status"] = status

    with pytest.raises(TransportError, match=str(status)):
        HttpGateway().send(SMS)


def test_a_gateway_that_does_not_answer_in_time_is_a_failure(gateway):
    gateway[1]["delay"] = 1.0

    with pytest.raises(TransportError):
        HttpGateway().send(SMS)


def test_an_unreachable_gateway_is_a_failure(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # the discard port: nothing listens

    with pytest.raises(TransportError, match="unreachable"):
        HttpGateway().send(SMS)


@pytest.mark.parametrize(("name", "cls"), [("console", Console), ("file", File), ("http", HttpGateway)])
def test_the_transport_is_chosen_by_settings(settings, name, cls):
    settings.SMS_TRANSPORT = name
    assert isinstance(transport_get(), cls)


def test_an_unknown_transport_stops_with_a_clear_message(settings):
    settings.SMS_TRANSPORT = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="console, file, http"):
        transport_get()
