import pytest

from sanad.catalog.validators import ean13_check_digit, ean13_is_valid, icd10_is_valid


@pytest.mark.parametrize("code", ["E11", "E11.9", "E119", "I10", "N18.5", "c50.9", "B20"])
def test_it_accepts_icd10_categories_and_subcategories(code):
    assert icd10_is_valid(code)


@pytest.mark.parametrize("code", ["", "X999", "E1", "E11.99", "IV", "E10-E14", "11E", "Z99.99"])
def test_it_rejects_what_is_not_an_icd10_diagnosis(code):
    assert not icd10_is_valid(code)


def test_it_computes_the_ean13_check_digit():
    # A published EAN-13: 4006381333931 (check digit 1).
    assert ean13_check_digit("400638133393") == 1


@pytest.mark.parametrize("barcode", ["4006381333931", "6111234567895"])
def test_it_accepts_a_barcode_whose_last_digit_is_the_check_digit(barcode):
    assert ean13_is_valid(barcode)


@pytest.mark.parametrize("barcode", ["4006381333932", "400638133393", "40063813339311", "40063813339a1", ""])
def test_it_rejects_a_wrong_check_digit_or_length(barcode):
    assert not ean13_is_valid(barcode)
