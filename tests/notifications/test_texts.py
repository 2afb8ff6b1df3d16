"""Message templates in French, Arabic and English; the member's language is the fund's first one."""

import datetime
from types import SimpleNamespace

import pytest

from sanad.funds import load_profile
from sanad.notifications.models import Message
from sanad.notifications.texts import (
    TEMPLATE_LABELS,
    TEXTS,
    MessageTemplate,
    message_language,
    message_render,
)

PARAMS = {
    MessageTemplate.REGISTRATION_NUMBER: {"fund": "CNASS", "number": "MR0000011"},
    MessageTemplate.CERTIFICATE_READY: {
        "fund": "CNASS",
        "number": "MR0000011",
        "valid_until": datetime.date(2027, 3, 31),
        "link": "https://sanad.example/verify/abc/",
    },
    MessageTemplate.CONTRIBUTION_RECEIVED: {
        "fund": "CNASS",
        "amount": "1500.00",
        "currency": "MRU",
        "receipt": "R-1",
        "start": datetime.date(2026, 11, 23),
        "end": datetime.date(2027, 11, 22),
    },
}


def test_it_says_the_registration_number_in_french_arabic_and_english():
    params = PARAMS[MessageTemplate.REGISTRATION_NUMBER]
    fr = message_render(MessageTemplate.REGISTRATION_NUMBER, language="fr", params=params)
    ar = message_render(MessageTemplate.REGISTRATION_NUMBER, language="ar", params=params)
    en = message_render(MessageTemplate.REGISTRATION_NUMBER, language="en", params=params)

    assert (
        fr == "CNASS : votre immatriculation est enregistrée. Votre numéro d'immatriculation est MR0000011."
    )
    assert "رقم تسجيلكم هو MR0000011" in ar
    assert en == "CNASS: your enrollment is registered. Your registration number is MR0000011."


@pytest.mark.parametrize("template", list(MessageTemplate))
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_template_is_translated_and_keeps_its_values(template, language):
    text = message_render(template, language=language, params=PARAMS[template])

    assert text != TEXTS[template] % PARAMS[template]
    assert "CNASS" in text
    if template == MessageTemplate.CERTIFICATE_READY:
        assert text.endswith("https://sanad.example/verify/abc/")


def test_dates_are_written_as_the_language_writes_them():
    text = message_render(
        MessageTemplate.CERTIFICATE_READY, language="fr", params=PARAMS[MessageTemplate.CERTIFICATE_READY]
    )
    assert "31/03/2027" in text


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_the_language_is_the_funds_first_unless_the_member_prefers_another(fund):
    profile = load_profile(fund)

    assert message_language(profile, SimpleNamespace()) == profile.languages[0]
    assert message_language(profile, SimpleNamespace(language="ar")) == "ar"
    assert message_language(profile, SimpleNamespace(language="xx")) == profile.languages[0]


def test_every_template_name_fits_the_outbox_column():
    """The outbox stores each message's template name: every name the texts know fits its column (a longer
    one fails on PostgreSQL only, and would take the announced change down with it)."""
    width = Message._meta.get_field("template").max_length
    assert [name for name in {*TEMPLATE_LABELS, *TEXTS} if len(str(name)) > width] == []
