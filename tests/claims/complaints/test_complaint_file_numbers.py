"""A complaint names its file by the invoice number people read on their papers (issue 15), never by a
database id. The number is unique per facility only: a number two facilities used is told apart by the
facility's code, or by the insured person's family; each refusal stands beside its field."""

import pytest
from django.urls import reverse

from sanad.claims.models import BillingFile, Complaint
from sanad.claims.selectors.file_numbers import billing_files_numbered
from tests.claims.complaints.conftest import REGION, TODAY


def _post(client, **fields):
    data = {
        "region": REGION,
        "complainant": "insured",
        "received_on": TODAY.isoformat(),
        "subject": "The consultation was only partly paid.",
        **fields,
    }
    return client.post(reverse("claims:complaint_new"), data)


@pytest.fixture
def shared_number(direct_file, family, neighbour, clinic):
    """Two files under one invoice number: the family's at the public centre, the neighbour's at the
    clinic (the number is unique per facility only)."""
    ours = direct_file(family)
    theirs = direct_file(neighbour)
    BillingFile.objects.filter(pk=theirs.pk).update(invoice_number=ours.invoice_number, facility=clinic)
    theirs.refresh_from_db()
    return ours, theirs


def test_the_office_names_the_file_by_its_invoice_number(client, alice, family, direct_file):
    billing_file = direct_file(family)
    client.force_login(alice)

    page = client.get(reverse("claims:complaint_new"), {"file": billing_file.pk})
    done = _post(
        client, registration_number=family.registration_number, invoice_number=billing_file.invoice_number
    )

    assert f'value="{billing_file.invoice_number}"' in page.content.decode()
    assert done.status_code == 302, done.content.decode()[:2000]
    assert Complaint.objects.get().billing_file == billing_file


def test_an_unknown_invoice_number_is_refused_beside_its_field(client, alice, family):
    client.force_login(alice)

    page = _post(client, registration_number=family.registration_number, invoice_number="F-NOWHERE")

    assert page.status_code == 400
    assert list(page.context["form"].errors) == ["invoice_number"]
    assert b'data-field="invoice_number"' in page.content
    assert not Complaint.objects.exists()


def test_a_number_two_facilities_used_needs_the_facilitys_code(client, alice, clinic, shared_number):
    ours, theirs = shared_number
    client.force_login(alice)

    asked = _post(client, complainant="facility", invoice_number=ours.invoice_number)
    done = _post(client, complainant="facility", facility=clinic.code, invoice_number=ours.invoice_number)

    assert asked.status_code == 400
    assert list(asked.context["form"].errors) == ["facility"]
    assert done.status_code == 302, done.content.decode()[:2000]
    assert Complaint.objects.get().billing_file == theirs


def test_a_number_two_facilities_used_is_told_apart_by_the_insured_family(
    client, alice, family, shared_number
):
    ours, _theirs = shared_number
    client.force_login(alice)

    done = _post(client, registration_number=family.registration_number, invoice_number=ours.invoice_number)

    assert done.status_code == 302, done.content.decode()[:2000]
    assert Complaint.objects.get().billing_file == ours


def test_the_form_opened_from_a_file_whose_number_is_shared_fills_in_the_facility(
    client, alice, centre, shared_number
):
    ours, _theirs = shared_number
    client.force_login(alice)

    form = client.get(reverse("claims:complaint_new"), {"file": ours.pk}).context["form"]

    assert (form.initial["invoice_number"], form.initial["facility"]) == (ours.invoice_number, centre.code)


def test_the_insured_names_their_file_by_its_number(client, fatima, family, neighbour, direct_file):
    ours, theirs = direct_file(family), direct_file(neighbour)
    client.force_login(fatima)

    refused = client.post(
        reverse("claims:my_complaint_new"), {"subject": "Not mine.", "invoice_number": theirs.invoice_number}
    )
    done = client.post(
        reverse("claims:my_complaint_new"),
        {"subject": "Why so little?", "invoice_number": ours.invoice_number},
    )

    assert refused.status_code == 400
    assert list(refused.context["form"].errors) == ["invoice_number"]
    assert done.status_code == 302
    assert Complaint.objects.get().billing_file == ours


def test_the_insured_form_opened_from_a_file_shows_its_number(client, fatima, family, direct_file):
    billing_file = direct_file(family)
    client.force_login(fatima)

    page = client.get(reverse("claims:my_complaint_new"), {"file": billing_file.pk})
    done = client.post(
        f"{reverse('claims:my_complaint_new')}?file={billing_file.pk}",
        {"subject": "Why so little?", "invoice_number": billing_file.invoice_number},
    )

    html = page.content.decode()
    assert f'value="{billing_file.invoice_number}"' in html
    assert f'value="{billing_file.pk}"' not in html
    assert done.status_code == 302
    assert Complaint.objects.get().billing_file == billing_file


def test_files_the_fund_never_received_are_not_named(family, direct_file):
    billing_file = direct_file(family)
    BillingFile.objects.filter(pk=billing_file.pk).update(status="draft")

    assert billing_files_numbered(invoice_number=billing_file.invoice_number) == []
