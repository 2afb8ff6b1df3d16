"""Registration numbers (numéros d'immatriculation): the fund's prefix, a zero-padded serial, check digit(s).

Each profile picks an algorithm that catches every single-digit typing error: `luhn` (one check digit),
`damm` (one check digit; also catches every swap of two adjacent digits) or `mod97` (ISO 7064 MOD 97-10,
two check digits). Spaces and dashes are ignored, so "MR 000 012 345-7" reads as "MR0000123457".
"""

from __future__ import annotations

import re

from sanad.funds.types import FundProfile

_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


class RegistrationNumberError(ValueError):
    """A registration number breaks a rule; `reason` is a stable code, the message is for people (French)."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


def _luhn(body: str) -> str:
    total = 0
    # From the right, every other digit is doubled, starting with the one next to the check digit.
    for position, char in enumerate(reversed(body)):
        digit = int(char) * (2 if position % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return str(-total % 10)


def _damm(body: str) -> str:
    interim = 0
    for char in body:
        interim = _DAMM[interim][int(char)]
    return str(interim)


def _mod97(body: str) -> str:
    # ISO 7064 MOD 97-10: the whole number, check digits included, leaves 1 when divided by 97.
    return f"{98 - int(body) * 100 % 97:02d}"


_ALGORITHMS = {"luhn": (_luhn, 1), "damm": (_damm, 1), "mod97": (_mod97, 2)}


def check_digit_count(algorithm: str) -> int:
    return _ALGORITHMS[algorithm][1]


def registration_number_normalize(text: str) -> str:
    """Spaces and dashes are ignored and letters are read as capitals."""
    return re.sub(r"[\s\-\u2010-\u2015]", "", text).upper()


def registration_number_make(profile: FundProfile, serial: int) -> str:
    """The registration number of `serial`: prefix, serial padded to the profile's digits, check digit(s)."""
    rules = profile.registration_number
    highest = 10**rules.digits - 1
    if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= highest:
        raise RegistrationNumberError(
            "serial_out_of_range", f"Le numéro de série {serial!r} doit être compris entre 1 et {highest}."
        )
    body = f"{serial:0{rules.digits}d}"
    return rules.prefix + body + _ALGORITHMS[rules.algorithm][0](body)


def registration_number_check(profile: FundProfile, text: str) -> None:
    """A registration number is the fund's prefix, then the serial digits, then valid check digit(s)."""
    rules = profile.registration_number
    compute, count = _ALGORITHMS[rules.algorithm]
    number = registration_number_normalize(text)

    def error(reason: str, problem: str) -> RegistrationNumberError:
        return RegistrationNumberError(reason, f"Le numéro d'immatriculation « {text.strip()} » : {problem}.")

    if not number:
        raise error("empty", "il est vide")
    if not number.startswith(rules.prefix):
        raise error("wrong_prefix", f"il doit commencer par « {rules.prefix} »")
    digits = number[len(rules.prefix) :]
    if not digits.isascii() or not digits.isdigit() or len(digits) != rules.digits + count:
        raise error(
            "wrong_format",
            f"il doit compter {rules.digits + count} chiffres après le préfixe « {rules.prefix} »",
        )
    body, check = digits[: rules.digits], digits[rules.digits :]
    if compute(body) != check:
        raise error("invalid_check_digit", "chiffre de contrôle invalide")


def registration_number_serial(profile: FundProfile, text: str) -> int:
    """The serial inside a valid registration number."""
    registration_number_check(profile, text)
    start = len(profile.registration_number.prefix)
    return int(registration_number_normalize(text)[start : start + profile.registration_number.digits])
