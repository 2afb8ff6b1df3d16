"""Bank account identifiers of facilities: an IBAN (checked by schwifty) or a Moroccan RIB of 24 digits."""

from __future__ import annotations

import re
import warnings

from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import NationalChecksumNotVerified, SchwiftyException

from sanad.common.errors import DomainError, ErrorCode

_RIB = re.compile(r"\d{24}")


def moroccan_rib_key_ok(rib: str) -> bool:
    """A Moroccan RIB's last two digits equal 97 minus the first 22 digits followed by "00", modulo 97."""
    if not _RIB.fullmatch(rib):
        return False
    return int(rib[22:]) == 97 - (int(rib[:22]) * 100) % 97


def bank_account_normalize(value: str, *, field: str = "bank_account") -> str:
    """An IBAN must pass schwifty's checks (and, in Morocco, its RIB key); a bare RIB needs 24 digits and
    a right key. Returns the compact form; raises DomainError naming `field` otherwise."""
    compact = re.sub(r"[\s-]", "", value or "").upper()
    if not compact:
        return ""
    if compact.isdigit():
        if moroccan_rib_key_ok(compact):
            return compact
        raise DomainError(
            ErrorCode.INVALID,
            _("A RIB has 24 digits and its last two are the key: this one is wrong."),
            field=field,
        )
    try:
        with warnings.catch_warnings():
            # schwifty knows no algorithm for the Moroccan national key: it is checked just below.
            warnings.simplefilter("ignore", NationalChecksumNotVerified)
            iban = IBAN(compact, validate_bban=True)
    except SchwiftyException as error:
        raise DomainError(
            ErrorCode.INVALID, _("This IBAN is not valid: %(why)s") % {"why": error}, field=field
        ) from error
    if iban.country_code == "MA" and not moroccan_rib_key_ok(str(iban.bban)):
        raise DomainError(ErrorCode.INVALID, _("The RIB key inside this IBAN is wrong."), field=field)
    return str(iban.compact)
