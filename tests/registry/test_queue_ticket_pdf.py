"""The printed queue ticket: an 80 mm PDF slip with the fund, branch, number, service, time, people ahead."""

from __future__ import annotations

import datetime
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sanad.common.pdf import html_document
from sanad.registry.models import QueueTicket
from sanad.registry.selectors.queue import ticket_paper_html
from sanad.registry.services.queue import ticket_call_next, ticket_issue

BRANCH = "MR-13"
HX = {"HTTP_HX_REQUEST": "true"}
MM = 72 / 25.4  # PDF points per millimetre
ARABIC = re.compile(r"[\u0600-\u06FF]")
# 9:05 in Nouakchott on 23 November 2026.
ISSUED = timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 5))


@pytest.fixture(autouse=True)
def _cnass(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def third(db, alice):
    """Ticket 003 (a contribution payment), with 001 called already and 002 still waiting before it."""
    ticket_issue(actor=alice, branch=BRANCH, service="information", now=ISSUED)
    ticket_issue(actor=alice, branch=BRANCH, service="enrollment", now=ISSUED)
    ticket = ticket_issue(actor=alice, branch=BRANCH, service="contribution", now=ISSUED)
    ticket_call_next(actor=alice, branch=BRANCH, counter=1, now=ISSUED)
    return ticket


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated (WeasyPrint packs its objects in streams)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # a stream that is not deflated (none expected)
    return b"\n".join(parts)


def _page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(
        rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", _pdf_objects(pdf)
    )
    return [((float(x1) - float(x0)) / MM, (float(y1) - float(y0)) / MM) for x0, y0, x1, y1 in boxes]


def _texts(box, out):
    if getattr(box, "text", None):
        out.append(box.text)
    for child in getattr(box, "children", None) or []:
        _texts(child, out)
    return out


def _laid_out_text(html: str) -> str:
    document = html_document(html)
    assert len(document.pages) == 1
    return " ".join(_texts(document.pages[0]._page_box, []))


def test_the_ticket_is_a_one_page_pdf_80_mm_wide_bearing_its_number(client, alice, third):
    client.force_login(alice)

    response = client.get(reverse("registry:queue_ticket_pdf", args=[third.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="ticket-20261123-003.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    sizes = _page_sizes_mm(pdf)
    assert len(sizes) == 1
    assert sizes[0][0] == pytest.approx(80, abs=0.01)
    assert b"/Title (Ticket 003)" in _pdf_objects(pdf)  # the document's title, as the printer queue shows it


def test_the_ticket_says_the_fund_branch_service_time_and_people_ahead_in_french(third):
    text = _laid_out_text(ticket_paper_html(ticket=third))

    for expected in (
        "Caisse Nationale de Solidarité en Santé",
        "Nouakchott-Ouest",
        "003",
        "Paiement de cotisation",
        "23 novembre 2026",
        "09:05",
        "1 personne attend avant vous",
    ):
        assert expected in text, expected


def test_the_ticket_speaks_arabic_right_to_left_on_an_arabic_desk(third):
    with translation.override("ar"):
        html = ticket_paper_html(ticket=third)
    text = _laid_out_text(html)

    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "أداء الاشتراك" in text  # the service
    assert "الصندوق الوطني للتضامن الصحي" in text  # the fund
    assert "003" in text
    assert "نوفمبر" in text  # the month, in Arabic
    assert not re.search(r"\b(Ticket|Contribution|payment|Guichet|novembre)\b", text)


def test_nobody_ahead_once_the_ticket_is_next(alice, db):
    ticket = ticket_issue(actor=alice, branch=BRANCH, service="certificate", now=ISSUED)

    assert "Personne n'attend avant vous." in _laid_out_text(ticket_paper_html(ticket=ticket))


def test_the_desk_offers_to_print_the_ticket_right_after_issuing_it(client, alice, db):
    client.force_login(alice)
    client.post(reverse("registry:queue"), {"branch": BRANCH, "counter": "2"})

    panel = client.post(reverse("registry:queue_issue"), {"service": "contribution"}, **HX).content.decode()

    first = QueueTicket.objects.get(number=1)
    assert f'id="print-ticket" href="{reverse("registry:queue_ticket_pdf", args=[first.pk])}"' in panel
    # Without htmx, the desk page it returns to offers the print once.
    client.post(reverse("registry:queue_issue"), {"service": "information"})
    page = client.get(reverse("registry:queue")).content.decode()
    second = QueueTicket.objects.get(number=2)
    assert f'id="print-ticket" href="{reverse("registry:queue_ticket_pdf", args=[second.pk])}"' in page
    assert 'id="print-ticket"' not in client.get(reverse("registry:queue")).content.decode()


def test_only_staff_of_the_counter_print_tickets(client, third, make_user):
    url = reverse("registry:queue_ticket_pdf", args=[third.pk])
    assert client.get(url).status_code == 302  # to the login page

    client.force_login(make_user("insured-person"))
    assert client.get(url).status_code == 403
