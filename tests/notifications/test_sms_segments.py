"""SMS stay short (issue 15, item 1): every template, with long real-looking values, takes at most 2 parts in
French and 3 in Arabic, counted as GSM 03.38 counts them (sanad.notifications.segments)."""

from __future__ import annotations

import datetime

import pytest

from sanad.notifications.segments import sms_segments
from sanad.notifications.texts import (
    ONE_TIME_CODE,
    REFUSAL_WORDS,
    TEXTS,
    AuthorizationTemplate,
    ClaimTemplate,
    CorrectionTemplate,
    EnrollmentTemplate,
    MessageTemplate,
    PaymentTemplate,
    message_render,
)
from sanad.registry.certificates.links import CODE_LENGTH, link_code_new, verify_url
from sanad.registry.certificates.payload import Mark, Payload
from sanad.registry.certificates.signing import token_sign

LIMITS = {"fr": 2, "ar": 3}

# The longest of the three profiles' values: CNOPS's short name and its 14-character numbers (prefix, nine
# digits, two MOD 97 check digits); the receipt of a corrected payment (registry.services.corrections).
FUND = "CNOPS"
NUMBER = "CNO00000004142"
OLD_NUMBER = "CNO00000009933"
RECEIPT = f"R-{NUMBER}-20261008-C1"
AMOUNT = "123 456,78"
CURRENCY = "MAD"
START, END = datetime.date(2026, 10, 8), datetime.date(2027, 10, 7)
FACILITY = {"fr": "Centre hospitalier universitaire Ibn Sina", "ar": "المركز الاستشفائي الجامعي ابن سينا"}
FILE = "1234567"  # a billing file's id
COMPLAINT = "RC-MA-01-2026-00123"
REFERENCE = "PEC-2026-1234567"  # a prior authorization's reference, past its first million requests


def qr_link(*, waiting: bool) -> str:
    """The QR code's link of a family of four's certificate, built as registry.certificates builds it."""
    marks = (
        Mark("member", "AS", 1980),
        Mark("spouse", "FM", 1985, 120345),
        Mark("child", "SS", 2015, 120346),
        Mark("child", "MS", 2018, 120347),
    )
    payload = Payload(
        fund=FUND,
        registration_number=NUMBER,
        issued_on=START,
        valid_until=END,
        serial="9F3A61C2",
        marks=marks,
        covered_from=datetime.date(2026, 12, 1) if waiting else None,
    )
    return verify_url(token_sign(payload.encode()))


def sms_link() -> str:
    """The SMS's link of a certificate: its short code (registry.certificates.links)."""
    return verify_url(link_code_new())


def params_of(template: str, language: str, link: str) -> dict:
    common = {"fund": FUND, "number": NUMBER, "receipt": RECEIPT, "amount": AMOUNT, "currency": CURRENCY}
    longest_reason = max((str(w) for w in REFUSAL_WORDS.values()), key=len)
    return {
        **common,
        "valid_until": END,
        "start": START,
        "end": END,
        "paid_on": datetime.date(2026, 10, 9),
        "link": link,
        "old": OLD_NUMBER,
        "reason": longest_reason,
        "code": "482913",
        "minutes": 10,
        "file": FILE,
        "facility": FACILITY[language],
        "received": datetime.date(2026, 10, 12),
        "patient_share": "23 456,78",
        "date": datetime.date(2026, 11, 30),
        "reference": REFERENCE,
    }


def render(template: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        params = params_of(template, language, sms_link())
    return message_render(template, language=language, params=params)


def _cases():
    for template in TEXTS:
        for language in LIMITS:
            yield pytest.param(str(template), language, id=f"{template}-{language}")


@pytest.fixture
def public_url(settings):
    settings.SANAD_PUBLIC_URL = "https://sanad.cnops.ma"
    return settings


@pytest.mark.parametrize(("template", "language"), list(_cases()))
def test_every_template_fits_in_its_languages_parts(template, language, public_url):
    text = render(template, language)

    segments = sms_segments(text)

    assert segments.count <= LIMITS[language], f"{segments} for {text!r}"


def test_the_qr_codes_link_alone_is_longer_than_three_arabic_parts_so_sms_carry_the_short_one(public_url):
    """Why the certificates' messages carry the short link: the token signs the payload (about 90 bytes for
    a family of four) with a 64-byte Ed25519 signature, in base64url, over 200 characters."""
    for waiting in (False, True):
        assert len(qr_link(waiting=waiting)) > 3 * 67
    assert len(sms_link()) == len("https://sanad.cnops.ma/verify//") + CODE_LENGTH


@pytest.mark.parametrize("reason", sorted(REFUSAL_WORDS))
@pytest.mark.parametrize("language", sorted(LIMITS))
def test_a_refusal_fits_whatever_its_reason(reason, language):
    from django.utils import translation

    with translation.override(language):
        words = str(REFUSAL_WORDS[reason])
    text = message_render(
        EnrollmentTemplate.REFUSED, language=language, params={"fund": FUND, "reason": words}
    )

    assert sms_segments(text).count <= LIMITS[language], text


def test_the_cases_cover_every_template():
    names = {*MessageTemplate, ONE_TIME_CODE, *CorrectionTemplate.ALL, *ClaimTemplate.ALL}
    names |= set(EnrollmentTemplate.ALL) | set(AuthorizationTemplate.ALL) | set(PaymentTemplate.ALL)
    assert {str(n) for n in names} == {str(t) for t in TEXTS}


# The counter itself, on strings whose count is known.


@pytest.mark.parametrize(
    ("text", "encoding", "units", "count"),
    [
        ("", "GSM-7", 0, 1),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("é à è ù Ç É ñ ü ß Δ @ £ ¥ ¿ ¡ \n", "GSM-7", 31, 1),  # all in the basic set
        ("€" * 80, "GSM-7", 160, 1),  # the extension table counts two
        ("€" * 81, "GSM-7", 162, 2),
        ("a" * 159 + "[", "GSM-7", 161, 2),  # an escape pushes it past 160
        ("{}[]~|^\\", "GSM-7", 16, 1),
        ("ê", "UCS-2", 1, 1),  # not GSM-7: the whole text goes as UCS-2
        ("reçu", "UCS-2", 4, 1),  # lower-case ç is not in the basic set (only Ç)
        ("a" * 69 + "ê", "UCS-2", 70, 1),
        ("a" * 70 + "ê", "UCS-2", 71, 2),
        ("ب" * 134, "UCS-2", 134, 2),
        ("ب" * 135, "UCS-2", 135, 3),
        ("ب" * 201, "UCS-2", 201, 3),
        ("ب" * 202, "UCS-2", 202, 4),
        ("\U0001f600", "UCS-2", 2, 1),  # outside the BMP: two UTF-16 units
        ("a\u200fb", "UCS-2", 3, 1),  # the right-to-left mark of Arabic dates
    ],
)
def test_it_counts_segments_as_gsm_03_38(text, encoding, units, count):
    segments = sms_segments(text)

    assert (segments.encoding, segments.units, segments.count) == (encoding, units, count)
