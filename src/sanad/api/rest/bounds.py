"""The bounds every value sent to the API passes, as pydantic types, over the shared guards of
`common.guards` (the same rules as the pages' and the services'): a refusal is a 400 naming the field and
the rule in the caller's language, never a server error on a value the database cannot hold.

- a date lies within the register's years, 1900 to 2199 (`Day`), and a date of care or of receipt is not
  in the future either (`PastDate`): 0001-01-01 or 9999-12-31 is a slip of the keyboard;
- an identifier (an invoice, a receipt, a registration number, a document's number) holds no control
  or bidirectional formatting character, U+202E and the like, and fits its column (`identifier_text`);
- a free text fits its column (`free_text`); a NUL character is refused before (common.middleware);
- a whole number fits its column, PostgreSQL's integer (`Whole`, `Quantity`, `Version`), and an id the
  database's range (`Id`).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from sanad.common.guards import (
    BIG_INTEGER_RANGE,
    INTEGER_RANGE,
    day_range_rule,
    future_rule,
    identifier_rule,
)


def any_day(value: datetime.date) -> datetime.date:
    """A date sent in lies within the register's years (common.guards.day_range_rule): no 0001-01-01."""
    rule = day_range_rule(value)
    if rule:
        raise PydanticCustomError("invalid", rule)
    return value


def past_date(value: datetime.date) -> datetime.date:
    """A date of care or of receipt sent in is within the register's years and not in the future
    (common.guards.future_rule, with the profile's clock tolerance)."""
    rule = day_range_rule(value) or future_rule(value)
    if rule:
        raise PydanticCustomError("invalid", rule)
    return value


def identifier(value: str) -> str:
    """An identifier sent in holds no control or bidi character (common.guards.identifier_rule)."""
    rule = identifier_rule(value)
    if rule:
        raise PydanticCustomError("invalid", rule)
    return value


def identifier_text(max_length: int, *, min_length: int = 0) -> Any:
    """An identifier of at most `max_length` characters, its column's (see `identifier`)."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(identifier)]


def free_text(max_length: int, *, min_length: int = 0) -> Any:
    """A free text of at most `max_length` characters, its column's; shown escaped wherever it is shown."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length)]


# A date that cannot be in the future: of care, of a service, of a stay, of receipt.
PastDate = Annotated[datetime.date, AfterValidator(past_date)]
# Any other date: a referral's end of validity, the day rights are asked for, a payment's right date.
Day = Annotated[datetime.date, AfterValidator(any_day)]
# A whole number a column holds (PostgreSQL's integer): 2,147,483,648 is refused, not a crash.
Whole = Annotated[int, Field(ge=INTEGER_RANGE[0], le=INTEGER_RANGE[1])]
Quantity = Annotated[int, Field(ge=1, le=INTEGER_RANGE[1])]
Version = Annotated[int, Field(ge=0, le=INTEGER_RANGE[1])]
# An object's id sent in: beyond the database's range it names nothing.
Id = Annotated[int, Field(ge=1, le=BIG_INTEGER_RANGE[1])]
# A keyset list's cursor: the id of the last row seen, in figures (or nothing for the first page).
Cursor = Annotated[str, Field(max_length=19, pattern=r"^[0-9]*$")]
