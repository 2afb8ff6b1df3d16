"""The provider pages and API: scoped to the user, forms that name the field at fault."""

from datetime import date

import pytest
from django.urls import reverse

from sanad.common.permissions import Role
from sanad.providers import services
from sanad.providers.models import Facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_and_other(demo):
    staff = demo.users[Role.FACILITY_STAFF.value]
    own = staff.facility_staff.facility
    other = Facility.objects.exclude(pk=own.pk).first()
    return staff, own, other


def test_facility_staff_see_their_own_facility_page_and_not_another(client, staff_and_other):
    staff, own, other = staff_and_other
    client.force_login(staff)

    assert client.get(reverse("providers:facility_detail", args=[own.code])).status_code == 200
    assert client.get(reverse("providers:facility_detail", args=[other.code])).status_code == 404


def test_facility_staff_list_only_their_own_facility(client, staff_and_other):
    staff, own, other = staff_and_other
    client.force_login(staff)

    response = client.get(reverse("providers:facility_list"))

    assert [f.code for f in response.context["page"].rows] == [own.code]
    assert other.code not in response.content.decode()


def test_facility_staff_reach_only_their_own_facility_through_the_api(client, staff_and_other):
    staff, own, other = staff_and_other
    client.force_login(staff)

    assert client.get(f"/api/v1/providers/facilities/{own.code}").json()["code"] == own.code
    response = client.get(f"/api/v1/providers/facilities/{other.code}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    right = client.get(
        f"/api/v1/providers/facilities/{other.code}/billing-right?on=2026-03-02&care_type=outpatient"
    )
    assert right.status_code == 404


def test_facility_staff_cannot_see_the_board_nor_change_anything(client, staff_and_other):
    staff, own, _other = staff_and_other
    client.force_login(staff)

    assert client.get(reverse("providers:board")).status_code == 403
    post = client.post(
        reverse("providers:agreement_request", args=[own.code]), {"request-requested_on": "2026-03-02"}
    )
    assert post.status_code == 403


def test_an_insured_person_sees_no_facility(client, demo):
    client.force_login(demo.users[Role.INSURED.value])
    assert client.get(reverse("providers:facility_list")).status_code == 403
    assert client.get("/api/v1/providers/facilities/X").status_code == 403


def test_the_api_says_whether_a_facility_could_bill_on_a_date(client, demo):
    client.force_login(demo.users[Role.MANAGER.value])
    facility = Facility.objects.filter(network_status="active").first()
    url = f"/api/v1/providers/facilities/{facility.code}/billing-right"

    before = client.get(url, {"on": "2020-01-01", "care_type": "outpatient"}).json()
    now = client.get(url, {"on": date.today().isoformat(), "care_type": "outpatient"}).json()

    assert before["allowed"] is False and before["reason"] == "not_yet_in_force"
    assert now["allowed"] is True and now["reason"] == "agreement"


def test_the_list_filters_and_pages_by_key(client, demo):
    client.force_login(demo.users[Role.MANAGER.value])
    url = reverse("providers:facility_list")

    first = client.get(url, {"kind": "health_post"}).context["page"]
    assert len(first.rows) == 25 and all(f.kind == "health_post" for f in first.rows)
    second = client.get(url, {"kind": "health_post", "after": first.next_after}).context["page"]
    assert second.rows[0].code > first.rows[-1].code
    region = demo.profile.regions[1].code
    assert all(f.region == region for f in client.get(url, {"region": region}).context["page"].rows)


def test_a_form_error_names_the_field(client, demo):
    client.force_login(demo.users[Role.MANAGER.value])

    response = client.post(
        reverse("providers:facility_register"),
        {"facility-bank_account": "MR00 1234", "facility-mission_curative": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "Bank account (IBAN or RIB): This IBAN is not valid" in response.content.decode()


def test_the_board_and_overdue_list_show_requests(client, demo):
    client.force_login(demo.users[Role.MANAGER.value])

    board = client.get(reverse("providers:board"))
    overdue = client.get(reverse("providers:overdue"))

    assert board.status_code == 200 and sum(len(c.requests) for c in board.context["columns"]) > 0
    assert overdue.status_code == 200 and len(overdue.context["rows"]) > 0


def test_a_letter_is_a_pdf(client, demo, manager):
    facility = Facility.objects.filter(network_status="none", kind="health_centre", sector="public").first()
    request = services.agreement_request(actor=manager, facility=facility, requested_on=date(2026, 3, 2))
    client.force_login(manager)

    pdf = client.get(reverse("providers:letter", args=[request.pk, "request"]))
    page = client.get(reverse("providers:letter", args=[request.pk, "request"]), {"format": "html"})

    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert request.reference in page.content.decode()
    assert client.get(reverse("providers:letter", args=[request.pk, "agreement"])).status_code == 404
