"""No server error on any input, through the pages, with DEBUG off: each input that used to crash a request is
refused with a 400 page or a form error naming its field, and writes nothing."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings

from sanad.claims.forms_desk import BillingFileForm
from sanad.common.errors import DomainError
from sanad.common.guards import date_check
from sanad.common.paging import key_page
from sanad.common.permissions import Role
from sanad.providers.models import Facility
from sanad.registry.forms import CertificateAddForm
from sanad.registry.forms_enrollment import DocumentForm, PersonForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(make_user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(make_user("manager", Role.MANAGER))
    with override_settings(DEBUG=False):
        yield client


@pytest.fixture
def anonymous() -> Client:
    with override_settings(DEBUG=False):
        yield Client(raise_request_exception=False)


def test_a_nul_character_in_a_path_segment_is_refused_with_a_400_page(client):
    response = client.get("/providers/facility/CS%00001/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_character_in_a_query_string_is_refused_with_a_400_page(client):
    assert client.get("/providers/", {"after": "CS\x00"}).status_code == 400
    assert client.get("/find/", {"q": "\x00"}).status_code == 400


def test_a_nul_character_in_a_form_is_refused_and_nothing_is_recorded(anonymous):
    response = anonymous.post("/login/", {"username": "ali\x00ce", "password": "x"})
    assert response.status_code == 400
    assert not AccessAttempt.objects.exists()


def test_a_username_over_the_column_on_the_login_page_is_a_form_error(anonymous):
    response = anonymous.post("/login/", {"username": "u" * 300, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("cursor", ["zz\x01", "99999999999999999999", '["x"]', "[", "\x00"])
def test_a_malformed_cursor_of_a_page_list_is_refused_or_starts_at_the_first_page(client, cursor):
    assert client.get("/providers/", {"after": cursor}).status_code in (200, 400)
    assert client.get("/registry/enrollments/", {"after": cursor}).status_code in (200, 400)


@pytest.mark.parametrize("cursor", ["zz", "1.5", "99999999999999999999", "-99999999999999999999"])
def test_a_cursor_that_does_not_fit_the_key_column_starts_at_the_first_page(cursor):
    Facility.objects.create(
        code="F1", name_fr="F", kind="health_post", sector="public", level="L1", region="R"
    )
    assert [f.code for f in key_page(Facility.objects.all(), key="id", after=cursor).rows] == ["F1"]
    assert [f.code for f in key_page(Facility.objects.all(), key="id", before=cursor).rows] == ["F1"]


def test_an_id_beyond_the_database_range_in_an_address_is_not_found(client):
    assert client.get("/claims/complaints/99999999999999999999/").status_code == 404


def test_a_birth_date_of_0001_01_01_is_refused_by_the_enrollment_form():
    form = PersonForm(data={"birth_date": "0001-01-01"})
    assert not form.is_valid()
    assert "birth_date" in form.errors


def test_a_certificate_dated_0001_01_01_is_refused(monkeypatch):
    from sanad.registry import forms

    monkeypatch.setattr(forms, "certificate_choices", lambda dependant: [])
    form = CertificateAddForm(data={"certificate-1-issued_on": "0001-01-01"}, dependant=SimpleNamespace(pk=1))
    assert not form.is_valid()
    assert "issued_on" in form.errors


def test_a_complaint_received_on_0001_01_01_is_refused():
    with pytest.raises(DomainError) as refused:
        date_check(datetime.date(1, 1, 1), field="received_on", label="Received on")
    assert refused.value.field == "received_on"


@pytest.mark.parametrize("mark", ["\u202e", "\u200f", "\u2066", "\x07"])
def test_bidi_or_control_characters_in_an_identity_document_number_are_refused(mark):
    form = DocumentForm(data={"number": f"AB{mark}123"})
    assert not form.is_valid()
    assert "number" in form.errors


@pytest.mark.parametrize("mark", ["\u202e", "\u2067"])
def test_bidi_characters_in_an_invoice_number_are_refused_at_the_desk(mark):
    form = BillingFileForm(data={"invoice_number": f"INV{mark}-321"})
    assert not form.is_valid()
    assert "invoice_number" in form.errors
