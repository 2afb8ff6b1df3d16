"""The monthly report as a PDF (issue 20, §2): a real PDF in French and in Arabic (right to left) with the
month's clocks, money, rejection reasons, enrollments and public figures, for the managers, the administrators
and the finance officers only. Figures are inserted directly as month rows."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sanad.common.permissions import Role
from sanad.reports.models import Figure, Grain
from sanad.reports.monthly.document import key_text, monthly_html, monthly_report

pytestmark = [pytest.mark.django_db]

NOVEMBER = datetime.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _cnss(settings):
    settings.SANAD_FUND = "cnss-ma"


def figure(indicator, **measures):
    return Figure.objects.create(grain=Grain.MONTH, day=NOVEMBER, indicator=indicator, **measures)


@pytest.fixture
def november():
    """Hand-computed: 12 standard answers (6 in 10 h, 4 in 20 h, 2 in 60 h: 10 in time, 83.3 %, median
    15.0 h, average 21.7 h); 25 billing files (20 in time, 80.0 %); 40 enrollments certified, 30 in time
    (75.0 %); money billed 125 000.50 and paid 98 765.43; two reasons, 7 lines for 1 234.56 and 3 for
    99.99; 3 requests approved after appeal."""
    for key, count, on_time in (("10", 6, 6), ("20", 4, 4), ("60", 2, 0)):
        figure(
            "authorization_answer_time",
            care_type="standard",
            key=key,
            count=count,
            on_time=on_time,
            hours=Decimal(int(key) * count),
        )
    figure("claims_decided", key="12", count=20, on_time=20, hours=Decimal(20 * 12 * 24))
    figure("claims_decided", key="40", count=5, on_time=0, hours=Decimal(5 * 40 * 24))
    figure("enrollments_certified", key="10", count=40, on_time=30, hours=Decimal(40 * 10 * 24))
    figure("money_billed", amount=Decimal("100000.25"), count=3)
    figure("money_billed", amount=Decimal("25000.25"), count=1)
    figure("money_paid", amount=Decimal("98765.43"), count=2)
    figure("rejected_by_reason", key="time_barred", count=7, amount=Decimal("1234.56"))
    figure("rejected_by_reason", key="no_rights", count=3, amount=Decimal("99.99"))
    figure("authorization_decisions", key="approved_after_appeal", count=3)


def text_of(pdf: bytes) -> str:
    """The PDF's text, Arabic presentation forms folded back to letters, spaces squeezed."""
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def fetch(client, user, lang):
    client.force_login(user)
    return client.get(reverse("reports_monthly:pdf", kwargs={"year": "2026", "month": "11"}), {"lang": lang})


def test_the_french_report_is_a_real_pdf_with_the_months_figures(client, make_user, november):
    response = fetch(client, make_user("mona", Role.MANAGER), "fr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="cnss-ma-2026-11-fr.pdf"' in response["Content-Disposition"]
    text = text_of(response.content)
    assert "novembre 2026" in text
    for figure_text in ("83,3 %", "15,0", "21,7", "80,0 %", "75,0 %", "125000,50", "98765,43", "1234,56"):
        assert figure_text in text, figure_text
    # The reasons' total: 10 lines, 1 334.55.
    assert "1334,55" in text


def test_the_arabic_report_reads_right_to_left_with_the_same_figures(client, make_user, november):
    response = fetch(client, make_user("fatima", Role.FINANCE_OFFICER), "ar")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert 'filename="cnss-ma-2026-11-ar.pdf"' in response["Content-Disposition"]
    text = text_of(response.content)
    for figure_text in ("83,3", "15,0", "21,7", "80,0", "75,0", "125000,50", "98765,43", "1234,56"):
        assert figure_text in text, figure_text
    assert "2026" in text
    # The fund's Arabic name and November in Arabic, whichever way the extractor orders the letters.
    for arabic in ("الصندوق", "نوفمبر"):
        assert arabic in text or arabic[::-1] in text, arabic
    with_rtl = monthly_html_of("ar")
    assert 'dir="rtl"' in with_rtl and 'lang="ar"' in with_rtl


def monthly_html_of(language: str) -> str:
    from django.utils import translation

    from sanad.funds.active import active_profile

    with translation.override(language):
        return monthly_html(monthly_report(profile=active_profile(), month=NOVEMBER))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_no_internal_code_in_the_report(november, language):
    html = monthly_html_of(language)
    text = re.sub(r"<[^>]+>|<style>.*?</style>", " ", html.split("</head>", 1)[1])
    for code in (
        "money_billed",
        "rejected_by_reason",
        "time_barred",
        "no_rights",
        "approved_after_appeal",
        "enrollments_certified",
        "working_hours",
        "calendar_days",
        "None",
    ):
        assert code not in text, code


def test_a_reason_is_named_by_its_indicators_key_label_or_counted_among_other_reasons(november):
    assert key_text("rejected_by_reason", "no-such-reason") is None
    figure("rejected_by_reason", key="no-such-reason", count=2, amount=Decimal("10.00"))
    from sanad.funds.active import active_profile

    report = monthly_report(profile=active_profile(), month=NOVEMBER)
    assert [(line.count, line.amount) for line in report.reasons][-1] == (2, Decimal("10.00"))
    assert report.rejected_lines == 12
    assert report.rejected_amount == Decimal("1344.55")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR, Role.FINANCE_OFFICER])
def test_the_report_is_for_managers_administrators_and_finance_officers(client, make_user, role, november):
    assert fetch(client, make_user("reader", role), "fr").status_code == 200


@pytest.mark.parametrize(
    "role", [Role.CLAIMS_CHECKER, Role.MEDICAL_ADVISER, Role.FACILITY_STAFF, Role.INSURED]
)
def test_the_report_is_refused_to_a_role_without_it(client, make_user, role, november):
    assert fetch(client, make_user("other", role), "fr").status_code == 403


def test_the_report_asks_an_anonymous_reader_to_log_in(client, november):
    response = client.get(reverse("reports_monthly:pdf", kwargs={"year": "2026", "month": "11"}))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_language_or_month_is_not_found(client, make_user, november):
    client.force_login(make_user("mona", Role.MANAGER))
    assert client.get("/reports/monthly/2026-11.pdf", {"lang": "xx"}).status_code == 404
    assert client.get("/reports/monthly/2026-13.pdf").status_code == 404
