"""Issue 14, item 4: the contribution quote before payment, and the PDF receipt of a recorded contribution.

The quote states what recording the payment then charges, in each fund's scheme (flat per person, share of
salary); the receipt is a real PDF in the reader's language, and a payment voided, refunded or replaced
prints marked as such, never as valid.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.pdf import html_document
from sanad.common.permissions import Role
from sanad.registry.models import Contribution, ContributionStatus
from sanad.registry.selectors.papers import contribution_paper, contribution_quote
from sanad.registry.services import contribution_record, enrollment_submit
from sanad.registry.services.corrections import contribution_correction_request
from sanad.registry.views.papers import quote_html, receipt_html
from tests.paper_layout import label_sides
from tests.registry.conftest import certificates, child, id_card, spouse

JAN_1 = datetime.date(2026, 1, 1)
SALARY = Decimal("9000.00")
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture
def family(fund, member_input, alice):
    """A member, a spouse with the proof of no profession, a child of 9 and a student of 24 whose school
    and unmarried certificates run out at the end of 2026: counted in a period of 2026, not after."""
    dependants = [
        spouse(
            datetime.date(1984, 2, 1),
            *certificates("no_profession_proof", issued_on=datetime.date(2025, 1, 1)),
        ),
        child(datetime.date(2016, 6, 1), name="Fatimetou"),
        child(
            datetime.date(2002, 6, 1),
            *certificates(
                "school_certificate",
                "unmarried_certificate",
                issued_on=datetime.date(2025, 9, 1),
                expires_on=datetime.date(2026, 12, 31),
            ),
            name="Ahmed",
        ),
    ]
    return enrollment_submit(
        actor=alice,
        member=member_input(),
        documents=[id_card(fund)],
        dependants=dependants,
        on=datetime.date(2025, 12, 1),
    ).member


def _pay(member, actor, paid_on, **fields):
    values = {"method": "bank_transfer", "reference": "VIR-001", "salary": SALARY}
    return contribution_record(actor=actor, member_id=member.pk, paid_on=paid_on, **{**values, **fields})


def _salary(profile):
    return SALARY if profile.contributions.salary else None


def _same(quote, contribution):
    """Every figure of the quote is the one the payment recorded."""
    assert (quote.period_start, quote.period_end) == (contribution.period_start, contribution.period_end)
    assert quote.persons == contribution.persons
    assert (quote.amount.amount, quote.amount.insured_share, quote.amount.sponsor_share) == (
        contribution.amount,
        contribution.insured_share,
        contribution.sponsor_share,
    )
    period = contribution.rights_period
    assert (quote.rights.paid_from, quote.rights.start, quote.rights.end) == (
        period.paid_from,
        period.start,
        period.end,
    )


def test_the_quote_is_what_the_first_and_the_next_payment_charge(fund, profile, family, alice):
    first_quote = contribution_quote(member=family, paid_on=JAN_1, salary=_salary(profile))
    first = _pay(family, alice, JAN_1)
    next_day = min(first.period_end, datetime.date(2026, 12, 1))
    next_quote = contribution_quote(member=family, paid_on=next_day, salary=_salary(profile))
    second = _pay(family, alice, next_day, reference="VIR-002")

    _same(first_quote, first)
    _same(next_quote, second)
    assert first_quote.currency == first.currency == profile.currency
    assert first_quote.waiting == (profile.rights.waiting_days > 0)
    # The next period continues the first: no new waiting period (an unfinished one carries on).
    assert next_quote.continues
    assert next_quote.rights.start == max(next_quote.period_start, first.rights_period.start)
    if profile.contributions.flat:
        # CNASS: a year from 1 January 2026 counts the four of them; the next year, from 1 January 2027,
        # no longer the student, whose certificates ran out the day before.
        assert (first_quote.persons, next_quote.persons) == (4, 3)
        assert [d.first_name for d, _verdict in next_quote.family.left_out] == ["Ahmed"]
        assert first_quote.amount.amount == Decimal("6000.00")
    else:
        assert first_quote.salary == SALARY and first_quote.family is None


def test_a_salary_scheme_asks_for_the_salary(fund, profile, family):
    if profile.contributions.flat:
        quote = contribution_quote(member=family, paid_on=JAN_1)
        assert quote.salary is None and quote.amount.amount > 0
        return
    with pytest.raises(DomainError) as caught:
        contribution_quote(member=family, paid_on=JAN_1)

    assert (caught.value.code, caught.value.field) == (ErrorCode.REQUIRED, "salary")


@pytest.fixture
def agent(client, alice):
    client.force_login(alice)
    return client


def _form(profile, paid_on):
    data = {"paid_on": paid_on.isoformat(), "method": "bank_transfer", "reference": "VIR-777"}
    if profile.contributions.salary:
        data["salary"] = str(SALARY)
    return data


def test_the_member_page_quote_shows_what_the_counter_then_records(fund, profile, family, agent):
    data = _form(profile, JAN_1)
    url = reverse("registry:contribution_quote", args=[family.pk])

    fragment = agent.get(
        url, {k: data[k] for k in ("paid_on", "salary") if k in data}, HTTP_HX_REQUEST="true"
    )
    recorded = agent.post(reverse("registry:contribution_add", args=[family.pk]), data)

    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html  # the fragment alone, swapped into the member page's form
    quoted = Decimal(re.search(r'id="quote-amount" data-amount="([0-9.]+)"', html).group(1))
    assert recorded.status_code == 302
    assert quoted == Contribution.objects.get(member=family).amount
    assert 'id="quote-pdf"' in html


def test_a_quote_without_the_salary_says_which_field_is_missing(fund, profile, family, agent):
    url = reverse("registry:contribution_quote", args=[family.pk])

    page = agent.get(url, {"paid_on": JAN_1.isoformat()})

    if profile.contributions.salary:
        assert page.status_code == 400
        assert 'data-field="salary"' in page.content.decode()
    else:
        assert page.status_code == 200
        assert 'id="quote-amount"' in page.content.decode()


def test_the_quote_prints_as_a_pdf(fund, profile, family, agent):
    query = {"paid_on": JAN_1.isoformat()}
    if profile.contributions.salary:
        query["salary"] = str(SALARY)

    response = agent.get(reverse("registry:contribution_quote_pdf", args=[family.pk]), query)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert family.registration_number in pdf_title(response.content)


# ---- The receipt -----------------------------------------------------------------------------------------


def pdf_title(pdf: bytes) -> str:
    """The document title WeasyPrint writes in the PDF's information dictionary (from the page's <title>),
    read by a PDF reader (a pattern over the raw bytes mistook compressed bytes for a stream's end on some
    days' receipts)."""
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    return str(metadata.title or "") if metadata is not None else ""


def _texts(box, out):
    if getattr(box, "text", None):
        out.append(box.text)
    for child_box in getattr(box, "children", None) or []:
        _texts(child_box, out)
    return out


def _correct(actor, contribution, **fields):
    """Correct a payment (below the profile's amount for a second person's approval: applied at once)."""
    correction = contribution_correction_request(actor=actor, contribution_id=contribution.pk, **fields)
    assert correction.status == "applied"
    contribution.refresh_from_db()
    return contribution


def laid_out_text(html: str) -> str:
    """The words WeasyPrint lays out on the pages of the PDF it writes from `html`."""
    document = html_document(html)
    return " ".join(t for page in document.pages for t in _texts(page._page_box, []))


def squeezed(text: str) -> str:
    """The text without its spaces: a number broken across two lines is whole again."""
    return re.sub(r"\s", "", text)


@pytest.fixture
def paid(fund, family, alice):
    return _pay(family, alice, JAN_1, receipt_number="R-2026-000123")


@pytest.fixture
def paid_alone(fund, member_input, alice):
    """One period paid by a member without dependants: an amount a counter agent corrects alone."""
    member = enrollment_submit(
        actor=alice, member=member_input(), documents=[id_card(fund)], on=datetime.date(2025, 12, 1)
    ).member
    return _pay(member, alice, JAN_1, receipt_number="R-2026-000456")


def test_the_receipt_is_a_real_pdf_holding_its_number(paid, agent):
    response = agent.get(reverse("registry:receipt_pdf", args=[paid.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and response.content.rstrip().endswith(b"%%EOF")
    assert "R-2026-000123" in pdf_title(response.content)


def test_the_receipt_states_the_trace_the_period_the_rights_and_the_fund(fund, profile, paid, alice):
    paper = contribution_paper(pk=paid.pk, user=alice)

    text = laid_out_text(receipt_html(paper))

    period = paid.rights_period
    for expected in (
        "R-2026-000123",
        "VIR-001",
        profile.name.fr,
        "01/01/2026",
        period.start.strftime("%d/%m/%Y"),
        period.end.strftime("%d/%m/%Y"),
        "Virement bancaire",
    ):
        assert expected in text, expected
    assert paper.valid and paper.stamp == ""
    assert "Annulé" not in text


def test_a_voided_payment_prints_as_voided_never_as_valid(fund, paid_alone, alice, agent):
    paid = _correct(alice, paid_alone, kind="void", reason="Saisi sur le mauvais membre")
    assert paid.status == ContributionStatus.VOIDED

    paper = contribution_paper(pk=paid.pk, user=alice)
    text = laid_out_text(receipt_html(paper))
    response = agent.get(reverse("registry:receipt_pdf", args=[paid.pk]))
    page = agent.get(reverse("registry:receipt", args=[paid.pk])).content.decode()

    assert not paper.valid and paper.rights is None
    assert "Annulé" in pdf_title(response.content)
    assert "ANNULÉ" in text  # stamped across the page
    assert "Ce paiement a été annulé le" in text and "n'ouvre aucun droit" in text
    assert "Conservez ce reçu" not in text  # never worded as a valid receipt
    assert 'id="void-notice"' in page and 'data-status="voided"' in page


def test_a_redated_payment_prints_as_replaced_and_names_the_corrected_receipt(fund, paid_alone, alice):
    paid = _correct(
        alice, paid_alone, kind="redate", reason="Date mal saisie", paid_on=JAN_1 + datetime.timedelta(days=3)
    )

    paper = contribution_paper(pk=paid.pk, user=alice)
    corrected = contribution_paper(pk=paper.replacement.pk, user=alice)
    old, new = laid_out_text(receipt_html(paper)), laid_out_text(receipt_html(corrected))

    assert paid.receipt_number != paper.replacement.receipt_number
    assert not paper.valid and corrected.valid
    assert paper.replacement.receipt_number in squeezed(old)
    assert corrected.replaces.pk == paid.pk and paid.receipt_number in squeezed(new)


@pytest.mark.parametrize(("language", "side"), [("fr", "left"), ("ar", "right")])
def test_each_label_of_the_receipt_stands_before_its_value_in_the_reading_direction(
    fund, paid, alice, language, side
):
    paper = contribution_paper(pk=paid.pk, user=alice)

    with translation.override(language):
        html = receipt_html(paper)
    document = html_document(html)

    assert set(label_sides(document)) == {side}
    assert len(document.pages) == 1
    assert ('dir="rtl"' in html) == (language == "ar")
    assert bool(ARABIC.search(laid_out_text(html))) == (language == "ar")


def test_the_arabic_quote_reads_right_to_left_too(fund, profile, family):
    quote = contribution_quote(member=family, paid_on=JAN_1, salary=_salary(profile))

    with translation.override("ar"):
        document = html_document(quote_html(quote))

    assert set(label_sides(document)) == {"right"}


def test_an_insured_person_prints_their_own_receipts_only(fund, paid, family, make_user, client, alice):
    own = make_user("insured-own", Role.INSURED)
    family.user = own
    family.save(update_fields=["user"])
    stranger = make_user("insured-other", Role.INSURED)
    url = reverse("registry:receipt_pdf", args=[paid.pk])

    client.force_login(own)
    mine = client.get(url)
    client.force_login(stranger)
    theirs = client.get(url)

    assert mine.status_code == 200 and mine.content.startswith(b"%PDF-")
    assert theirs.status_code == 404
    assert contribution_paper(pk=paid.pk, user=stranger) is None
    assert contribution_paper(pk=paid.pk, user=alice) is not None


def test_the_quote_link_partial_sends_the_contribution_forms_day_and_salary(fund, family):
    html = render_to_string("registry/papers/_quote_link.html", {"member": family})

    url = reverse("registry:contribution_quote", args=[family.pk])
    assert f'href="{url}"' in html and f'hx-get="{url}"' in html
    assert "#contribution-form [name='paid_on'], #contribution-form [name='salary']" in html
    assert 'id="quote"' in html
