"""Settlement over the API for facilities' software: the caller's statements (PDF and XLSX too) and global
invoices (list, send, status), scoped to the caller's facility; errors as {code, field, message}; sending an
invoice under an Idempotency-Key twice records it once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import clear_url_caches, path
from ninja import NinjaAPI
from ninja.security import SessionAuth

from sanad import urls as root_urls
from sanad.api.idempotency import REPLAYED
from sanad.api.rest import payments
from sanad.api.rest.routes import api
from sanad.common.permissions import Role
from sanad.payments.models import GlobalInvoice, PaymentOrder
from sanad.payments.services import settlement_run_approve
from sanad.providers.models import FacilityStaff
from tests.payments.conftest import FUND, RECEIVED, make_facility, validated_file
from tests.payments.test_recoveries import LATER, decide_again, paid_run
from tests.payments.test_settlement_runs import settle

API = "/api/v1/payments"
JSON = "application/json"

# Until routes.py mounts the router, this module serves it on an API of its own that answers errors as the
# main one does (its handlers), under the same /api/v1/ prefix (the Idempotency-Key middleware's).
MOUNTED = payments.router in {registration[1] for registration in api._router_registrations}
if not MOUNTED:
    _api = NinjaAPI(urls_namespace="api-payments-test", auth=SessionAuth())
    _api._exception_handlers = api._exception_handlers
    _api.add_router("/payments/", payments.router)
    urlpatterns = [path("api/v1/", _api.urls), *root_urls.urlpatterns]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _urls(settings):
    if not MOUNTED:
        settings.ROOT_URLCONF = __name__
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = FUND


@pytest.fixture
def officer(make_user):
    return make_user("aicha", Role.FINANCE_OFFICER)


@pytest.fixture
def approver(make_user):
    return make_user("brahim", Role.FINANCE_OFFICER)


@pytest.fixture
def facilities(db, make_user):
    """Facility A (CS-001) and facility B (CS-009), each with its clerk."""
    a, b = make_facility("CS-001"), make_facility("CS-009", region="MR-13")
    clerks = []
    for name, facility in (("salka", a), ("mohamed", b)):
        user = make_user(name, Role.FACILITY_STAFF)
        FacilityStaff.objects.create(user=user, facility=facility)
        clerks.append(user)
    return a, b, *clerks


@pytest.fixture
def paid_world(facilities, officer, approver):
    a, b, clerk_a, clerk_b = facilities
    file_a = validated_file(a, billed="1000.00", fund_share="800.00")
    validated_file(b, billed="500.00", fund_share="400.00")
    paid_run(officer, approver)
    # A's file decided again for more: the next run pays A the difference.
    decide_again(file_a, "812.34")
    validated_file(a, billed="100.00", fund_share="90.00", received_on=LATER)
    run = settle(officer, start=LATER, end=LATER)
    settlement_run_approve(actor=approver, run_id=run.pk)
    return a, b, clerk_a, clerk_b


def test_facility_reads_only_its_statements(client, paid_world):
    a, b, clerk_a, _clerk_b = paid_world
    client.force_login(clerk_a)

    listed = client.get(f"{API}/statements")

    assert listed.status_code == 200
    items = listed.json()["items"]
    assert {PaymentOrder.objects.get(pk=i["id"]).facility_id for i in items} == {a.pk}
    assert len(items) == 2
    newest = items[0]
    assert (newest["fund_share"], newest["supplement"], newest["net"]) == ("90.00", "12.34", "102.34")
    other = PaymentOrder.objects.get(facility=b)
    hidden = client.get(f"{API}/statements/{other.pk}")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found" and set(hidden.json()) == {"code", "field", "message"}
    assert client.get(f"{API}/statements/{other.pk}/pdf").status_code == 404


def test_a_statement_lists_its_files_and_supplements_and_downloads(client, paid_world):
    _a, _b, clerk_a, _clerk_b = paid_world
    client.force_login(clerk_a)
    newest = client.get(f"{API}/statements").json()["items"][0]

    detail = client.get(f"{API}/statements/{newest['id']}").json()

    assert [f["fund_share"] for f in detail["files_paid"]] == ["90.00"]
    assert detail["supplements"][0]["supplement"] == "12.34"
    assert Decimal(detail["supplements"][0]["already_paid"]) == Decimal("800.00")
    pdf = client.get(f"{API}/statements/{newest['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    xlsx = client.get(f"{API}/statements/{newest['id']}/xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"{API}/statements/{newest['id']}/doc").json()["field"] == "fmt"


def test_the_funds_staff_are_refused(client, officer):
    client.force_login(officer)
    answer = client.get(f"{API}/statements")
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"


def invoice_body(**changes):
    body = {
        "number": "FG-2026-04",
        "issued_on": "2026-04-30",
        "total": "800.00",
        "period_start": RECEIVED.isoformat(),
        "period_end": RECEIVED.isoformat(),
    }
    return body | changes


def test_an_invoice_sent_twice_under_one_key_is_recorded_once(client, facilities):
    a, _b, clerk_a, _clerk_b = facilities
    validated_file(a, billed="1000.00", fund_share="750.00")
    client.force_login(clerk_a)
    headers = {"HTTP_IDEMPOTENCY_KEY": "fg-0001"}

    first = client.post(f"{API}/invoices", invoice_body(), content_type=JSON, **headers)
    again = client.post(f"{API}/invoices", invoice_body(), content_type=JSON, **headers)

    assert first.status_code == again.status_code == 201
    assert again[REPLAYED] == "true"
    assert GlobalInvoice.objects.count() == 1
    sent = first.json()
    assert (sent["status"], sent["accepted"], sent["difference"]) == ("received", "750.00", "50.00")
    # Without the key, the same number again is a conflict naming the field.
    repeated = client.post(f"{API}/invoices", invoice_body(), content_type=JSON)
    assert repeated.status_code == 409 and repeated.json()["field"] == "number"


def test_invoice_errors_name_their_field(client, facilities):
    _a, _b, clerk_a, _clerk_b = facilities
    client.force_login(clerk_a)
    both = client.post(f"{API}/invoices", invoice_body(batch="B-1"), content_type=JSON)
    assert both.status_code == 404 and both.json()["field"] == "batch"
    backwards = invoice_body(period_end="2026-03-01")
    answer = client.post(f"{API}/invoices", backwards, content_type=JSON)
    assert answer.status_code == 400 and answer.json()["field"] == "period_end"
    missing = client.post(f"{API}/invoices", {"issued_on": "2026-04-30"}, content_type=JSON)
    assert missing.status_code == 400 and set(missing.json()) == {"code", "field", "message"}


def test_facility_reads_only_its_invoices(client, facilities):
    _a, _b, clerk_a, clerk_b = facilities
    client.force_login(clerk_a)
    client.post(f"{API}/invoices", invoice_body(), content_type=JSON)
    assert [i["number"] for i in client.get(f"{API}/invoices").json()] == ["FG-2026-04"]
    assert client.get(f"{API}/invoices/FG-2026-04").json()["status"] == "received"

    client.force_login(clerk_b)
    assert client.get(f"{API}/invoices").json() == []
    assert client.get(f"{API}/invoices/FG-2026-04").status_code == 404


def test_the_payments_operations_are_in_the_openapi_document(client, facilities):
    client.force_login(facilities[2])
    document = client.get("/api/v1/openapi.json").json()
    paths = {path for path in document["paths"] if path.startswith("/api/v1/payments/")}
    assert paths == {
        "/api/v1/payments/statements",
        "/api/v1/payments/statements/{order_id}",
        "/api/v1/payments/statements/{order_id}/{fmt}",
        "/api/v1/payments/invoices",
        "/api/v1/payments/invoices/{number}",
    }
    submit = document["paths"]["/api/v1/payments/invoices"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in submit["parameters"])
