"""FHIR Subscription (rest-hook) on a facility's ClaimResponses (issue #19 §2: pended answers reach the
client): subscribe, read, search and stop with a key, another facility's key sees nothing; a pended prior
authorization answered later is sent once to a local HTTP server as a ClaimResponse that validates (R4B);
a failing endpoint is retried then the subscription is in error; a notification whose task was lost is
sent once by the sweep; a fhirpy round trip."""

from __future__ import annotations

import dataclasses
import datetime
import http.server
import json
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone
from fhir.resources.R4B.claimresponse import ClaimResponse
from fhir.resources.R4B.subscription import Subscription as FhirSubscription
from fhirpy import SyncFHIRClient

from sanad.api.fhir import subscriptions as views
from sanad.authorizations import services as authorizations
from sanad.authorizations import signals as authorization_signals
from sanad.authorizations.models import AuthorizationRequest
from sanad.claims import signals as claim_signals
from sanad.common.models import AuditEvent
from sanad.exchange.models import Notification, Subscription
from sanad.exchange.statuses import DeliveryStatus
from sanad.exchange.subscriptions import notification_send
from tests.api.claims_conftest import IMMEDIATE
from tests.fhir.claims_bodies import answer, consultation, issue, post, preauthorization
from tests.fhir.conftest import FHIR, FHIR_JSON, TODAY, machine
from tests.fhir.test_fhir_claims import ABOVE, PAPERS

pytestmark = [pytest.mark.django_db]


# ---- A local endpoint --------------------------------------------------------------------------------


@dataclasses.dataclass
class Heard:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Endpoint:
    """An HTTP server on 127.0.0.1 in a thread: records each request, answers `status`."""

    def __init__(self) -> None:
        self.heard: list[Heard] = []
        self.status = 200
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                endpoint.heard.append(Heard(self.command, self.path, dict(self.headers), body))
                self.send_response(endpoint.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT = _record

            def log_message(self, *args) -> None:  # quiet
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    found = Endpoint()
    yield found
    found.close()


@pytest.fixture(autouse=True)
def _subscriptions(settings):
    """Tasks run at once, http to this machine is allowed, 3 tries (the API's app config connected the
    receivers at start-up)."""
    settings.TASKS = IMMEDIATE
    settings.SANAD_FHIR_HOOK_LOCAL_HTTP = True
    settings.SANAD_HCX_CALLBACK_ATTEMPTS = 3


def _body(endpoint_url: str, criteria: str = "ClaimResponse", **channel) -> dict:
    return {
        "resourceType": "Subscription",
        "status": "requested",
        "reason": "Pended answers of our HIS",
        "criteria": criteria,
        "channel": {"type": "rest-hook", "endpoint": endpoint_url, "payload": FHIR_JSON} | channel,
    }


def _subscribe(client, body: dict) -> dict:
    response = post(client, body, url=f"{FHIR}/Subscription")
    assert response.status_code == 201, response.content[:800]
    return FhirSubscription.model_validate(response.json()).model_dump(mode="json", exclude_none=True)


def _pended(fhir) -> AuthorizationRequest:
    queued = answer(
        post(
            machine(fhir.centre_key), preauthorization(fhir.family.registration_number, ABOVE, papers=PAPERS)
        )
    )
    assert queued.outcome == "queued"
    return AuthorizationRequest.objects.get(reference=queued.preAuthRef)


def _decide(fhir, request: AuthorizationRequest) -> None:
    authorizations.authorization_decide(
        actor=fhir.world.adviser,
        request=request,
        kind="approved",
        items=[authorizations.Item("device", "PRO-GEN", 1)],
        valid_from=TODAY,
    )


# ---- Subscribe, read, search, stop ----------------------------------------------------------------------


def test_a_client_subscribes_reads_searches_and_stops_its_subscription(fhir):
    centre = machine(fhir.centre_key)

    created = _subscribe(centre, _body("https://his.example.org/fhir", header=["X-Tenant: teyarett"]))

    assert created["status"] == "active"
    assert created["channel"] == {
        "type": "rest-hook",
        "endpoint": "https://his.example.org/fhir",
        "payload": FHIR_JSON,
        "header": ["X-Tenant: teyarett"],
    }
    url = f"{FHIR}/Subscription/{created['id']}"
    assert centre.get(url).json() == created
    active = centre.get(f"{FHIR}/Subscription", {"status": "active"}).json()
    assert [entry["resource"]["id"] for entry in active["entry"]] == [created["id"]]

    stopped = centre.delete(url)

    assert stopped.status_code == 200 and stopped.json()["status"] == "off"
    assert centre.get(f"{FHIR}/Subscription", {"status": "active"}).json()["total"] == 0
    assert centre.get(f"{FHIR}/Subscription", {"status": "off"}).json()["total"] == 1
    actions = list(
        AuditEvent.objects.filter(action__startswith="exchange.subscription").values_list("action", flat=True)
    )
    assert sorted(actions) == ["exchange.subscription_create", "exchange.subscription_stop"]


def test_a_subscription_is_stopped_by_a_put_with_the_status_off(fhir):
    centre = machine(fhir.centre_key)
    created = _subscribe(centre, _body("https://his.example.org/fhir"))
    url = f"{FHIR}/Subscription/{created['id']}"

    refused = centre.put(url, json.dumps(created | {"reason": "other"}), content_type=FHIR_JSON)
    stopped = centre.put(url, json.dumps(created | {"status": "off"}), content_type=FHIR_JSON)

    assert issue(refused, 400)["expression"] == ["Subscription.status"]
    assert stopped.status_code == 200 and stopped.json()["status"] == "off"


def test_another_facilitys_key_neither_sees_nor_stops_a_subscription(fhir):
    created = _subscribe(machine(fhir.centre_key), _body("https://his.example.org/fhir"))
    hospital = machine(fhir.hospital_key)
    url = f"{FHIR}/Subscription/{created['id']}"

    assert issue(hospital.get(url), 404)["code"] == "not-found"
    assert issue(hospital.delete(url), 404)["code"] == "not-found"
    assert hospital.get(f"{FHIR}/Subscription").json()["total"] == 0
    assert Subscription.objects.get().status == "active"


def test_a_session_cannot_subscribe_only_a_facilitys_software(fhir, client):
    client.force_login(fhir.world.clerk)

    refused = client.get(f"{FHIR}/Subscription")

    assert issue(refused, 403)["code"] == "forbidden"


@pytest.mark.parametrize(
    ("change", "expression"),
    [
        ({"criteria": "Patient?identifier=1"}, "Subscription.criteria"),
        ({"criteria": "ClaimResponse?patient=Patient/1"}, "Subscription.criteria"),
        (
            {"channel": {"type": "websocket", "endpoint": "https://his.example.org"}},
            "Subscription.channel.type",
        ),
        (
            {"channel": {"type": "rest-hook", "endpoint": "http://his.example.org/fhir"}},
            "Subscription.channel.endpoint",
        ),
        (
            {"channel": {"type": "rest-hook", "endpoint": "https://his.example.org", "payload": "text/xml"}},
            "Subscription.channel.payload",
        ),
        (
            {"channel": {"type": "rest-hook", "endpoint": "https://h.example.org", "header": ["Host: evil"]}},
            "Subscription.channel.header[0]",
        ),
        ({"end": "2001-01-01T00:00:00Z"}, "Subscription.end"),
        (
            {"channel": {"type": "rest-hook", "endpoint": "https://10.0.0.7/fhir"}},
            "Subscription.channel.endpoint",
        ),
        (
            {"channel": {"type": "rest-hook", "endpoint": "https://169.254.169.254/"}},
            "Subscription.channel.endpoint",
        ),
        ({"reason": None}, "Subscription.reason"),
    ],
)
def test_a_faulty_subscription_is_refused_naming_the_element_at_fault(fhir, change, expression):
    body = {
        key: value for key, value in (_body("https://his.example.org") | change).items() if value is not None
    }

    found = issue(post(machine(fhir.centre_key), body, url=f"{FHIR}/Subscription"), 400)

    assert found["expression"] == [expression]
    assert not Subscription.objects.exists()


# ---- Notifications --------------------------------------------------------------------------------------


def test_a_pended_prior_authorization_answered_later_is_delivered_once_with_its_claim_response(
    fhir, endpoint, django_capture_on_commit_callbacks
):
    _subscribe(machine(fhir.centre_key), _body(endpoint.url, header=["Authorization: Bearer hook-secret"]))
    request = _pended(fhir)
    assert endpoint.heard == []  # a request pended is no answer yet

    with django_capture_on_commit_callbacks(execute=True):
        _decide(fhir, request)

    (heard,) = endpoint.heard
    assert (heard.method, heard.path) == ("PUT", f"/hook/ClaimResponse/{request.reference}")
    assert heard.headers["Authorization"] == "Bearer hook-secret"
    assert heard.headers["Content-Type"].startswith(FHIR_JSON)
    resource = ClaimResponse.model_validate(json.loads(heard.body))
    assert (resource.id, resource.outcome, resource.preAuthRef) == (
        request.reference,
        "complete",
        request.reference,
    )
    assert resource.preAuthPeriod.start == TODAY
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (DeliveryStatus.DELIVERED, 1)

    # A rerun (the same decision announced again, the task run again) sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        event = request.events.order_by("-pk").first()
        authorization_signals.decision_announced.send(
            sender=None, request=request, outcome="approved", event=event
        )
    notification_send(notification_id=notification.pk)
    assert len(endpoint.heard) == 1 and Notification.objects.count() == 1


def test_an_empty_notification_is_a_post_without_body_and_other_facilities_hear_nothing(
    fhir, endpoint, django_capture_on_commit_callbacks
):
    _subscribe(machine(fhir.centre_key), _body(endpoint.url, payload=None))
    _subscribe(machine(fhir.hospital_key), _body(endpoint.url + "/hospital"))
    request = _pended(fhir)

    with django_capture_on_commit_callbacks(execute=True):
        _decide(fhir, request)

    (heard,) = endpoint.heard
    assert (heard.method, heard.path, heard.body) == ("POST", "/hook", b"")


def test_a_subscription_to_another_claim_hears_nothing_of_this_one(
    fhir, endpoint, django_capture_on_commit_callbacks
):
    _subscribe(
        machine(fhir.centre_key), _body(endpoint.url, criteria="ClaimResponse?request=Claim/PEC-OTHER")
    )
    request = _pended(fhir)

    with django_capture_on_commit_callbacks(execute=True):
        _decide(fhir, request)

    assert endpoint.heard == [] and not Notification.objects.exists()


def test_a_billing_file_decided_reaches_a_subscription_to_its_invoice_and_not_one_of_prior_authorizations(
    fhir, endpoint, django_capture_on_commit_callbacks
):
    centre = machine(fhir.centre_key)
    _subscribe(centre, _body(endpoint.url, criteria="ClaimResponse?request=Claim/INV-SUB&use=claim"))
    _subscribe(centre, _body(endpoint.url + "/pa", criteria="ClaimResponse?use=preauthorization"))
    billed = answer(post(centre, consultation(fhir.family.registration_number, "INV-SUB")))

    # What the checker's decision and the batch runner announce, inside their transaction.
    with django_capture_on_commit_callbacks(execute=True):
        claim_signals.billing_files_decided.send(sender=None, file_ids=[int(billed.id.removeprefix("file-"))])

    (heard,) = endpoint.heard
    assert (heard.method, heard.path) == ("PUT", f"/hook/ClaimResponse/{billed.id}")
    resource = ClaimResponse.model_validate(json.loads(heard.body))
    assert (resource.id, resource.use, resource.total[0].amount.value) == (billed.id, "claim", 1000)


def test_a_failing_endpoint_is_retried_with_backoff_then_the_subscription_is_in_error(
    fhir, endpoint, django_capture_on_commit_callbacks
):
    endpoint.status = 503
    created = _subscribe(machine(fhir.centre_key), _body(endpoint.url))
    request = _pended(fhir)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(fhir, request)
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (DeliveryStatus.PENDING, 1)
    assert notification.next_attempt_at > timezone.now()

    early = notification_send(notification_id=notification.pk)  # not due yet: nothing tried
    later = timezone.now() + datetime.timedelta(days=1)
    notification_send(notification_id=notification.pk, now=later)
    failed = notification_send(notification_id=notification.pk, now=later + datetime.timedelta(days=1))

    assert early.attempts == 1
    assert (failed.status, failed.attempts, failed.last_error) == (DeliveryStatus.FAILED, 3, "HTTP 503")
    assert len(endpoint.heard) == 3  # SANAD_HCX_CALLBACK_ATTEMPTS
    read = machine(fhir.centre_key).get(f"{FHIR}/Subscription/{created['id']}").json()
    assert (read["status"], read["error"]) == ("error", "HTTP 503")


def test_a_notification_whose_task_was_lost_is_sent_once_by_the_sweep(fhir, endpoint):
    _subscribe(machine(fhir.centre_key), _body(endpoint.url))
    request = _pended(fhir)

    _decide(fhir, request)  # the commit's callbacks never run: the process died after the commit
    assert Notification.objects.get().status == DeliveryStatus.PENDING and endpoint.heard == []

    call_command("hcx_sweep")
    call_command("hcx_sweep")

    assert len(endpoint.heard) == 1
    assert Notification.objects.get().status == DeliveryStatus.DELIVERED


def test_a_subscription_past_its_end_hears_nothing(fhir, endpoint, django_capture_on_commit_callbacks):
    end = timezone.now() + datetime.timedelta(hours=1)
    created = _subscribe(machine(fhir.centre_key), _body(endpoint.url) | {"end": end.isoformat()})
    request = _pended(fhir)
    Subscription.objects.filter(pk=created["id"]).update(end=timezone.now() - datetime.timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        _decide(fhir, request)

    assert endpoint.heard == []
    assert machine(fhir.centre_key).get(f"{FHIR}/Subscription/{created['id']}").json()["status"] == "off"


# ---- fhirpy ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fhirpy_creates_reads_and_stops_a_subscription(live_server, fhir, endpoint):
    client = SyncFHIRClient(f"{live_server.url}/fhir", authorization=f"Bearer {fhir.centre_key}")
    resource = client.resource(
        "Subscription",
        status="requested",
        reason="Pended answers",
        criteria="ClaimResponse?use=preauthorization",
        channel={"type": "rest-hook", "endpoint": endpoint.url, "payload": FHIR_JSON},
    )

    resource.save()

    assert resource.id and resource["status"] == "active"
    read = client.reference("Subscription", resource.id).to_resource()
    assert FhirSubscription.model_validate(read.serialize()).criteria == "ClaimResponse?use=preauthorization"
    found = client.resources("Subscription").search(status="active").fetch()
    assert [r.id for r in found] == [resource.id]
    read.delete()
    assert Subscription.objects.get().status == "off"


def test_a_batch_decided_where_no_facility_subscribed_costs_one_query_per_thousand_files(
    fhir, django_assert_max_num_queries
):
    _subscribe(machine(fhir.centre_key), _body("https://his.example.org/fhir"))
    Subscription.objects.update(status="off")

    # This receiver alone (the SMS outbox listens too): 5 chunks of 1,000 files, each one read and its
    # savepoint's two statements.
    with django_assert_max_num_queries(15):
        views.on_billing_files_decided(None, file_ids=list(range(1, 5001)))

    assert not Notification.objects.exists()


# ---- A retried subscription, an endpoint whose name leads inside ---------------------------------------


def test_a_subscription_posted_again_with_the_same_idempotency_key_subscribes_once(fhir, endpoint):
    client = machine(fhir.centre_key)
    body = _body(endpoint.url)
    first = post(client, body, url=f"{FHIR}/Subscription", HTTP_IDEMPOTENCY_KEY="his-sub-1")
    again = post(client, body, url=f"{FHIR}/Subscription", HTTP_IDEMPOTENCY_KEY="his-sub-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"] and again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    assert Subscription.objects.count() == 1


def test_an_idempotency_key_reused_for_another_subscription_is_refused_naming_the_header(fhir, endpoint):
    client = machine(fhir.centre_key)
    post(client, _body(endpoint.url), url=f"{FHIR}/Subscription", HTTP_IDEMPOTENCY_KEY="his-sub-2")
    other = post(
        client,
        _body(endpoint.url, "ClaimResponse?use=claim"),
        url=f"{FHIR}/Subscription",
        HTTP_IDEMPOTENCY_KEY="his-sub-2",
    )

    assert issue(other, 422)["expression"] == ["Idempotency-Key"]
    assert Subscription.objects.count() == 1


def test_a_notification_to_a_name_that_resolves_to_a_private_address_is_not_sent(
    fhir, endpoint, monkeypatch, django_capture_on_commit_callbacks
):
    """A public-looking name may point inside the fund's network: the address is checked when sending."""
    port = endpoint.server.server_address[1]
    _subscribe(machine(fhir.centre_key), _body(f"https://his.example.org:{port}/hook"))
    asked: list[str] = []

    def resolve(host, port, *args, **kwargs):
        asked.append(host)
        return [(2, 1, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr("socket.getaddrinfo", resolve)
    request = _pended(fhir)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(fhir, request)

    notification = Notification.objects.get()
    assert asked == ["his.example.org"] and endpoint.heard == []
    assert notification.status == DeliveryStatus.PENDING and "10.1.2.3" in notification.last_error


def test_a_notification_goes_to_the_address_checked_and_no_redirect_is_followed(
    fhir, endpoint, monkeypatch, django_capture_on_commit_callbacks
):
    """The name is resolved once: the connection is made to the address checked (here this machine, as
    the tests allow), and an answer that redirects elsewhere is a failure, not a second call."""
    endpoint.status = 307
    port = endpoint.server.server_address[1]
    _subscribe(machine(fhir.centre_key), _body(f"http://localhost:{port}/hook"))
    resolved = []
    real = __import__("socket").getaddrinfo

    def resolve(host, *args, **kwargs):
        resolved.append(host)
        return real("127.0.0.1", *args, **kwargs)

    monkeypatch.setattr("socket.getaddrinfo", resolve)
    request = _pended(fhir)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(fhir, request)

    notification = Notification.objects.get()
    assert len(endpoint.heard) == 1 and endpoint.heard[0].headers["Host"] == f"localhost:{port}"
    assert (notification.last_status, notification.last_error) == (307, "HTTP 307")
