"""Bank accounts: an IBAN checked by schwifty, a Moroccan RIB by its 2-digit key."""

import pytest

from sanad.common.banking import bank_account_normalize, moroccan_rib_key_ok
from sanad.common.errors import DomainError, ErrorCode

MOROCCAN_RIB = "011519000001205000534921"


def test_a_moroccan_rib_key_is_97_minus_the_first_22_digits_times_100_mod_97():
    assert moroccan_rib_key_ok(MOROCCAN_RIB)
    assert not moroccan_rib_key_ok(MOROCCAN_RIB[:-2] + "22")
    assert not moroccan_rib_key_ok(MOROCCAN_RIB[:-1])  # 23 digits


def test_a_valid_rib_is_kept_compact():
    assert bank_account_normalize("011 519 0000012050005349 21") == MOROCCAN_RIB


def test_a_rib_with_a_wrong_key_is_refused_naming_the_field():
    with pytest.raises(DomainError) as caught:
        bank_account_normalize(MOROCCAN_RIB[:-2] + "20", field="bank_account")
    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "bank_account"


@pytest.mark.parametrize(
    "iban",
    [
        "MR13 0002 0001 0100 0012 3456 753",
        "MA64 0115 1900 0001 2050 0053 4921",
        "FR14 2004 1010 0505 0001 3M02 606",
    ],
)
def test_a_valid_iban_is_accepted_and_compacted(iban):
    assert bank_account_normalize(iban) == iban.replace(" ", "")


@pytest.mark.parametrize(
    "iban",
    [
        "MR1400020001010000123456753",  # IBAN check digits wrong
        "MA6401151900000120500053492",  # one digit short
        "XX6401151900000120500053492",  # no such country
    ],
)
def test_an_invalid_iban_is_refused(iban):
    with pytest.raises(DomainError) as caught:
        bank_account_normalize(iban)
    assert caught.value.field == "bank_account"


def test_a_moroccan_iban_whose_rib_key_is_wrong_is_refused():
    # Valid IBAN check digits around a RIB whose own key is wrong (…4920 instead of …4921).
    bad_rib = MOROCCAN_RIB[:-2] + "20"
    # schwifty cannot build a Moroccan IBAN from parts: compute the ISO 7064 check digits here.
    digits = int("".join(str(int(c, 36)) for c in bad_rib + "MA00"))
    candidate = f"MA{98 - digits % 97:02d}{bad_rib}"
    with pytest.raises(DomainError, match="clé RIB"):
        bank_account_normalize(candidate)


def test_an_empty_account_stays_empty():
    assert bank_account_normalize("  ") == ""
