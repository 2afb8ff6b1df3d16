"""A wrong registration number is refused in the reader's language, naming the rule it breaks."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from sanad.common.errors import DomainError
from sanad.registry.selectors.rights import rights_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", "chiffre de contrôle"), ("ar", "رقم التحقق"), ("en", "check digit")],
)
def test_a_wrong_check_digit_is_told_in_the_readers_language(fund, profile, language, words):
    from sanad.funds import registration_number_make

    good = registration_number_make(profile, 42)
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    with translation.override(language), pytest.raises(DomainError) as refused:
        rights_on(on=datetime.date(2026, 11, 23), registration_number=wrong)
    assert refused.value.field == "registration_number"
    assert words in refused.value.message


def test_a_number_of_another_fund_names_the_prefix(fund, profile):
    with translation.override("ar"), pytest.raises(DomainError) as refused:
        rights_on(on=datetime.date(2026, 11, 23), registration_number="ZZ123")
    assert profile.registration_number.prefix in refused.value.message
    assert "يجب أن يبدأ" in refused.value.message
