"""The decision document (issue 17, §4): an approval printed in French and Arabic with what it covers, where,
until when, definitive or with reserve, and a QR code signed like the rights certificate, that a facility
checks offline and at /verify/; a tampered code is refused, and a decision changed since says so."""

from __future__ import annotations

import base64
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.authorizations import services
from sanad.authorizations.decision_document.document import decision_document, document_html
from sanad.authorizations.decision_document.payload import KIND, DecisionPayload
from sanad.authorizations.decision_document.verify import (
    DocumentStatus,
    Standing,
    decision_document_check,
)
from sanad.common.errors import DomainError
from sanad.common.pdf import html_document
from sanad.common.permissions import Role
from sanad.registry.certificates import signing
from tests.authorizations.conftest import STAY, submit

pytestmark = pytest.mark.django_db

PAPERS = ("request_form", "confidential_report")
START = datetime.date(2026, 3, 7)
RESERVE = "Sous réserve du compte rendu opératoire"


@pytest.fixture
def approved(clerk, adviser, member, catalogue):
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS)
    return services.authorization_decide(
        actor=adviser,
        request=request,
        kind="approved_with_reserve",
        conditions=RESERVE,
        items=[services.Item("act", "HOSP-MED", 5, Decimal("3000"))],
        amount=Decimal("3000"),
        valid_from=START,
    )


def _texts(box, out):
    if getattr(box, "text", None):
        out.append(box.text)
    for child in getattr(box, "children", None) or []:
        _texts(child, out)
    return out


def test_the_paper_states_what_where_until_when_and_the_reserve_in_french_and_arabic(approved):
    document = decision_document(request=approved)
    html = document_html(document)
    laid_out = html_document(html)
    text = " ".join(_texts(laid_out.pages[0]._page_box, []))

    assert len(laid_out.pages) == 1
    assert laid_out.write_pdf().startswith(b"%PDF-")
    assert 'dir="rtl"' in html and "<svg" in html
    assert approved.reference in text
    assert "CL-AMAL" in text and "Clinique CL-AMAL" in text and "مصحة CL-AMAL" in text
    assert "HOSP-MED" in text and "Journée d'hospitalisation" in text
    assert "07/03/2026" in text and "05/04/2026" in text  # valid from, to (the type's 30 days)
    assert "Accordé sous réserve" in text and RESERVE in text
    assert "3 000,00" in text.replace("\u202f", " ").replace("\xa0", " ")  # as French writes it
    assert "فاطمة" in text  # the beneficiary's name in Arabic on the Arabic side
    assert document.token not in text  # the signed link is in the QR code only


def test_the_qr_code_signs_the_decision_without_naming_anyone(approved, member):
    document = decision_document(request=approved)
    payload = DecisionPayload.decode(signing.token_open(document.token))

    assert payload == document.payload
    assert payload.reference == approved.reference and payload.facility == "CL-AMAL"
    assert payload.reserve and (payload.valid_from, payload.valid_to) == (START, datetime.date(2026, 4, 5))
    assert [(i.kind, i.code, i.quantity, i.amount) for i in payload.items] == [
        ("act", "HOSP-MED", 5, Decimal("3000.00"))
    ]
    assert (payload.beneficiary.kind, payload.beneficiary.birth_year) == ("member", 1975)
    assert payload.registration_number == member.registration_number
    assert b"Benali" not in payload.encode() and b"Fatima" not in payload.encode()
    assert document.url.endswith(f"/verify/{document.token}/")


def test_a_genuine_paper_is_in_force_until_its_approval_changes(approved, adviser):
    token = decision_document(request=approved).token

    check = decision_document_check(token, today=START)
    assert check.status == DocumentStatus.GENUINE and check.standing == Standing.IN_FORCE and check.good
    assert check.facility_name == "Clinique CL-AMAL"
    assert decision_document_check(token, today=START - datetime.timedelta(days=1)).standing == "not_yet"
    assert decision_document_check(token, today=datetime.date(2026, 4, 6)).standing == Standing.EXPIRED

    services.authorization_extend(
        actor=adviser, request=approved, valid_to=datetime.date(2026, 5, 5), reason="Séjour prolongé"
    )
    assert decision_document_check(token, today=START).standing == Standing.REPLACED
    approved.refresh_from_db()
    new = decision_document(request=approved).token
    assert decision_document_check(new, today=START).good

    services.authorization_cancel(actor=adviser, request=approved, reason="Acte annulé")
    assert decision_document_check(new, today=START).standing == Standing.CANCELLED


@pytest.mark.parametrize("position", [0, 12, 60, -40, -1])
def test_a_tampered_decision_qr_is_refused(approved, position):
    token = decision_document(request=approved).token
    changed = "A" if token[position] != "A" else "B"
    forged = token[:position] + changed + (token[position + 1 :] if position != -1 else "")

    assert decision_document_check(forged).status == DocumentStatus.TAMPERED


def test_a_decision_signed_by_another_key_is_refused(approved, settings):
    payload = decision_document(request=approved).payload
    fund_key = settings.SANAD_SIGNING_KEY
    settings.SANAD_SIGNING_KEY = base64.b64encode(b"y" * 32).decode()
    forged = signing.token_sign(payload.encode())
    settings.SANAD_SIGNING_KEY = fund_key

    assert decision_document_check(forged).status == DocumentStatus.TAMPERED


def test_more_quantity_written_in_a_genuine_payload_is_refused(approved):
    """Raising the quantity in the payload while keeping the signature: the signature no longer holds."""
    token = decision_document(request=approved).token
    raw = signing.token_open(token)
    data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    forged_payload = raw.replace(b":HOSP-MED:5:", b":HOSP-MED:9:")
    forged = base64.urlsafe_b64encode(forged_payload + data[len(raw) :]).rstrip(b"=").decode()

    assert decision_document_check(forged).status == DocumentStatus.TAMPERED


def test_the_verify_page_checks_a_decision_and_still_checks_certificates(client, approved, adviser):
    services.authorization_modify(
        actor=adviser,
        request=approved,
        kind="approved_with_reserve",
        conditions=RESERVE,
        items=[services.Item("act", "HOSP-MED", 5)],
        valid_from=timezone.localdate(),
        valid_to=timezone.localdate(),
        reason="Séjour reporté",
    )
    approved.refresh_from_db()
    token = decision_document(request=approved).token

    page = client.get(f"/verify/{token}/", headers={"accept-language": "fr"})
    text = page.content.decode()
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex"
    assert 'data-standing="in_force"' in text and "authentique et en vigueur" in text
    assert approved.reference in text and "HOSP-MED" in text and "Accordé sous réserve" in text

    forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    refused = client.get(f"/verify/{forged}/").content.decode()
    assert "Ne l'acceptez pas" in refused or "ne l’acceptez pas" in refused.lower()
    assert approved.reference not in refused

    garbage = client.get("/verify/not-a-code/")
    assert garbage.status_code == 200 and "attestation" in garbage.content.decode()  # the certificate's page
    assert signing.token_open(token).startswith(KIND.encode() + b"|")


def test_no_paper_for_a_request_not_approved(clerk, adviser, member, catalogue, client):
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS)
    with pytest.raises(DomainError):
        decision_document(request=request)
    services.authorization_decide(actor=adviser, request=request, kind="refused", reasons=["not_justified"])
    client.force_login(clerk)
    url = reverse("authorizations:decision_pdf", args=[request.reference])
    assert client.get(url).status_code == 404


def test_the_facility_downloads_its_paper_from_the_request_page(client, clerk, other_clerk, approved):
    client.force_login(clerk)
    page = client.get(reverse("authorizations:request_detail", args=[approved.reference])).content.decode()
    url = reverse("authorizations:decision_pdf", args=[approved.reference])
    assert url in page

    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith(f'attachment; filename="{approved.reference}-')

    client.force_login(other_clerk)
    assert client.get(url).status_code == 404


def test_the_insured_downloads_the_papers_of_their_family_only(client, make_user, approved, member):
    insured = make_user("fatima", Role.INSURED)
    member.user = insured
    member.save(update_fields=["user"])
    client.force_login(insured)

    mine = client.get(reverse("authorizations:my_requests"))
    url = reverse("authorizations:decision_pdf", args=[approved.reference])
    assert mine.status_code == 200 and url in mine.content.decode()
    assert client.get(url).content.startswith(b"%PDF-")

    stranger = make_user("autre", Role.INSURED)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert approved.reference not in client.get(reverse("authorizations:my_requests")).content.decode()
