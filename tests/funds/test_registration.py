"""Registration numbers: prefix, serial, check digit(s) that catch every single-digit error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanad.funds import (
    RegistrationNumberError,
    load_profile,
    registration_number_check,
    registration_number_make,
    registration_number_serial,
)
from sanad.funds.registration import _damm, _luhn, _mod97

CODES = ["cnass-mr", "cnops-ma", "cnss-ma"]


def test_the_algorithms_match_published_examples():
    assert _luhn("7992739871") == "3"
    assert _damm("572") == "4"
    assert _mod97("794") == "44"


@pytest.mark.parametrize(
    ("code", "number"),
    [("cnass-mr", "CNA0000123455"), ("cnops-ma", "CNO00001234520"), ("cnss-ma", "CNS0000123459")],
)
def test_it_makes_and_checks_a_number_for_each_fund(code, number):
    profile = load_profile(code)
    assert registration_number_make(profile, 12345) == number
    registration_number_check(profile, number)
    assert registration_number_serial(profile, number) == 12345


def test_it_ignores_spaces_dashes_and_case(cnass):
    registration_number_check(cnass, " cna 000-012 345-5 ")


def test_a_wrong_check_digit_is_named(cnass):
    with pytest.raises(RegistrationNumberError) as caught:
        registration_number_check(cnass, "CNA0000123457")
    assert caught.value.reason == "invalid_check_digit"
    assert (
        str(caught.value) == "Le numéro d'immatriculation « CNA0000123457 » : chiffre de contrôle invalide."
    )


@pytest.mark.parametrize(
    ("text", "reason", "problem"),
    [
        ("", "empty", "il est vide"),
        ("CNS0000123459", "wrong_prefix", "il doit commencer par « CNA »"),
        ("CNA000012345", "wrong_format", "il doit compter 10 chiffres après le préfixe « CNA »"),
        ("CNA00001234A2", "wrong_format", "il doit compter 10 chiffres après le préfixe « CNA »"),
    ],
)
def test_a_malformed_number_is_named(cnass, text, reason, problem):
    with pytest.raises(RegistrationNumberError) as caught:
        registration_number_check(cnass, text)
    assert caught.value.reason == reason
    assert str(caught.value) == f"Le numéro d'immatriculation « {text} » : {problem}."


@pytest.mark.parametrize("serial", [0, -1, 10**9, True, "12"])
def test_it_refuses_a_serial_out_of_range(cnass, serial):
    with pytest.raises(RegistrationNumberError):
        registration_number_make(cnass, serial)


@given(code=st.sampled_from(CODES), serial=st.integers(min_value=1, max_value=10**9 - 1))
def test_any_serial_round_trips(code, serial):
    profile = load_profile(code)
    number = registration_number_make(profile, serial)
    registration_number_check(profile, number)
    assert registration_number_serial(profile, number) == serial


@given(
    code=st.sampled_from(CODES),
    serial=st.integers(min_value=1, max_value=10**9 - 1),
    position=st.integers(min_value=0, max_value=10),
    shift=st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_change_is_detected(code, serial, position, shift):
    profile = load_profile(code)
    number = registration_number_make(profile, serial)
    prefix = len(profile.registration_number.prefix)
    index = prefix + position % (len(number) - prefix)
    changed = number[:index] + str((int(number[index]) + shift) % 10) + number[index + 1 :]
    with pytest.raises(RegistrationNumberError) as caught:
        registration_number_check(profile, changed)
    assert caught.value.reason == "invalid_check_digit"


@given(serial=st.integers(min_value=1, max_value=10**9 - 1), position=st.integers(min_value=0, max_value=8))
def test_damm_also_detects_a_swap_of_adjacent_digits(serial, position):
    profile = load_profile("cnss-ma")
    number = registration_number_make(profile, serial)
    index = 3 + position
    swapped = number[:index] + number[index + 1] + number[index] + number[index + 2 :]
    if swapped != number:
        with pytest.raises(RegistrationNumberError):
            registration_number_check(profile, swapped)
