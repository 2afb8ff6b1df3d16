"""Guards at the door: the checks every typed date and amount passes, written once for pages, services and
the API, so that all three refuse the same entry with the same words, in the reader's language.

Three layers share one rule function each (`*_rule`: the broken rule as a sentence, or None):

- form field types (`PastDateField`, `AmountField`) and validators (`validate_not_in_future`,
  `AmountValidator`) for Django forms: the message is the rule alone, the page shows it beside its field;
- service checks (`date_check`, `amount_check`) raising `GuardError`, a `DomainError` whose message names
  the field and the rule, with the field's name for the page or the API;
- `conflict_error`: when two people act on one object at once, the second is told who acted, what they
  decided and when, from the object's audit trail; a page's reader is told to reload the page, the API's
  caller to read the object again (`ConflictError.api_message`).

The rules:
- a date (of care, of payment, of receipt) is never in the future: after today on the fund's clock, with
  the profile's `calendar.clock_tolerance_minutes` for a device's clock running fast;
- never before the beneficiary's birth, never before the facility's agreement with the fund started;
- an amount is written in figures (no `1e9`, no NaN or infinity), is not negative, is at most the profile's
  `money.max_entry`, and has no more decimals than the currency's quantum (`money.quantum`);
- a date is a day of a register's life: from `EARLIEST_DAY` (1900) to `LATEST_DAY` (2199), so that a slip
  of the keyboard (0001-01-01, 9999-12-31) never reaches a record, a deadline or a bill;
- a number fits its column: a whole number within the database's integer range (`column_range`);
- an identifier (an invoice number, an identity document's number) holds no control or bidirectional
  formatting character (U+202E…), which would show it reversed or hide part of it (`identifier_rule`).

Typical use in a form: `billed = AmountField(label=_("Amount billed"))`, `paid_on = PastDateField(...)`; in a
service: `amount_check(data.amount, field="amount", label=_("Amount paid"))` and
`date_check(data.paid_on, field="paid_on", label=_("Date of payment"), birth_date=member.birth_date)`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.money import amount_text, money_places
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile

ZERO = Decimal(0)
# Figures, with one decimal point or comma; spaces may group thousands ("1 500,50").
_FIGURES = re.compile(r"-?\d+(?:[.,]\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class GuardError(DomainError):
    """A broken guard: `message` names the field and the rule ("Date of care: a date in the future is
    refused…") for the API and for lists of errors; `rule` is the rule alone, for a page that shows it
    beside the field's own label."""

    def __init__(self, code: ErrorCode, rule: str, *, field: str, label: Any) -> None:
        self.rule = str(rule)
        message = _("%(field)s: %(rule)s") % {"field": label, "rule": self.rule}
        super().__init__(code, message, field=field)


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# ---- Dates -------------------------------------------------------------------------------------------

# The days a record may name: no one on a register was born before 1900, no care, deadline or document
# is dated two centuries ahead; a year like 0001 or 9999 is a slip of the keyboard.
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2199, 12, 31)


def day_range_rule(day: datetime.date) -> str | None:
    """A date lies from `EARLIEST_DAY` to `LATEST_DAY` (seed 000: the register's records are dated)."""
    if EARLIEST_DAY <= day <= LATEST_DAY:
        return None
    return _("the date must lie between %(first)s and %(last)s.") % {
        "first": _day(EARLIEST_DAY),
        "last": _day(LATEST_DAY),
    }


def validate_day_range(value: datetime.date | None) -> None:
    """A form validator: the date lies within the register's years (`day_range_rule`)."""
    if value is not None and (rule := day_range_rule(value)):
        raise ValidationError(rule, code="date_range")


class DayField(forms.DateField):
    """Any date typed on a page (of birth, of a document, a deadline): within the register's years. Its
    widget is the browser's date picker (ISO dates, whatever the language's display format)."""

    default_validators = [validate_day_range]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


def latest_day(*, profile: FundProfile | None = None, now: datetime.datetime | None = None) -> datetime.date:
    """The last day a date may name: today on the fund's clock, or tomorrow once the profile's clock
    tolerance (`calendar.clock_tolerance_minutes`) reaches past midnight."""
    profile = profile or active_profile()
    tolerance = datetime.timedelta(minutes=profile.calendar.clock_tolerance_minutes)
    return (timezone.localtime(now) + tolerance).date()


def future_rule(
    day: datetime.date,
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> str | None:
    """A date of care, of payment or of receipt is never in the future, with the profile's tolerance for
    clocks (seed 000: the care sheet is the proof that care was given).

    `today`, when given, is the day the caller stands on (no tolerance); else the fund's clock at `now`
    (the present by default)."""
    latest = today if today is not None else latest_day(profile=profile, now=now)
    if day <= latest:
        return None
    shown = today if today is not None else timezone.localtime(now).date()
    return _("a date in the future is refused (today is %(today)s).") % {"today": _day(shown)}


def birth_rule(day: datetime.date, *, birth_date: datetime.date | None) -> str | None:
    """Nothing happens to a beneficiary before their birth (seed 000: care is given to the insured whose
    identity and rights were checked)."""
    if birth_date is None or day >= birth_date:
        return None
    return _("the date comes before the beneficiary's birth (%(birth)s).") % {"birth": _day(birth_date)}


def agreement_rule(day: datetime.date, *, agreement_start: datetime.date | None) -> str | None:
    """A facility bills care given from the start of its agreement with the fund on, never before
    (seed 000: care is covered in the facilities under agreement)."""
    if agreement_start is None or day >= agreement_start:
        return None
    return _("the date comes before the facility's agreement with the fund (from %(start)s).") % {
        "start": _day(agreement_start)
    }


def date_check(
    day: datetime.date | None,
    *,
    field: str,
    label: Any,
    birth_date: datetime.date | None = None,
    agreement_start: datetime.date | None = None,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> None:
    """A service's check of one date: not in the future, not before `birth_date`, not before
    `agreement_start` (each when given); a GuardError naming `field` and its `label` otherwise."""
    if day is None:
        return
    rule = (
        day_range_rule(day)
        or future_rule(day, today=today, now=now, profile=profile)
        or birth_rule(day, birth_date=birth_date)
        or agreement_rule(day, agreement_start=agreement_start)
    )
    if rule:
        raise GuardError(ErrorCode.INVALID, rule, field=field, label=label)


def validate_not_in_future(value: datetime.date | None) -> None:
    """A form validator: the date is not in the future (with the profile's clock tolerance)."""
    if value is not None and (rule := future_rule(value)):
        raise ValidationError(rule, code="future")


class PastDateField(DayField):
    """A date typed on a page that cannot be in the future: a date of care, of payment, of receipt."""

    default_validators = [validate_day_range, validate_not_in_future]


# ---- Numbers and identifiers -------------------------------------------------------------------------

# A whole number's range in the database: PostgreSQL's `integer` (and `bigint` for big integer fields).
INTEGER_RANGE = (-(2**31), 2**31 - 1)
BIG_INTEGER_RANGE = (-(2**63), 2**63 - 1)


def column_range(field: models.Field) -> tuple[int, int]:
    """The whole numbers a model's integer field holds: its database type's range, from zero when it is a
    positive field (seed 000: a quantity is counted, never negative)."""
    low, high = BIG_INTEGER_RANGE if isinstance(field, models.BigIntegerField) else INTEGER_RANGE
    positive = (models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField)
    if isinstance(field, positive):
        low = 0
    if isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
        high = 2**15 - 1
    return low, high


def integer_rule(value: int, *, minimum: int, maximum: int) -> str | None:
    """A whole number fits its column: from `minimum` to `maximum`."""
    if value < minimum:
        return _("the value must be at least %(limit)s.") % {"limit": minimum}
    if value > maximum:
        return _("the value must be at most %(limit)s.") % {"limit": maximum}
    return None


class VersionField(forms.IntegerField):
    """The hidden version of the object a page showed: a whole number its column holds, or nothing."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=INTEGER_RANGE[1], **kwargs)


def decimal_limit(field: models.DecimalField) -> Decimal:
    """The largest number a decimal column holds: 10^(max_digits - decimal_places) less one quantum."""
    whole = field.max_digits - field.decimal_places
    return Decimal(10) ** whole - Decimal(1).scaleb(-field.decimal_places)


def _hidden(character: str) -> bool:
    # Cc: control characters (NUL, tab, line feed…); Cf: formatting ones, bidi marks and overrides included.
    return unicodedata.category(character) in ("Cc", "Cf")


def identifier_rule(text: str) -> str | None:
    """An identifier (an invoice number, an identity document's number) holds no control or bidirectional
    formatting character: U+202E would show "123-FNI" for "INF-321" (seed 000: a paper is found by its
    number)."""
    if any(_hidden(character) for character in text):
        return _("remove the invisible or direction characters copied with the number.")
    return None


def validate_identifier(value: str | None) -> None:
    """A form validator: no control or bidirectional formatting character (`identifier_rule`)."""
    if value and (rule := identifier_rule(value)):
        raise ValidationError(rule, code="identifier")


def identifier_check(text: str, *, field: str, label: Any) -> str:
    """A service's check of an identifier (`identifier_rule`); the text back, or a GuardError."""
    if rule := identifier_rule(text):
        raise GuardError(ErrorCode.INVALID, rule, field=field, label=label)
    return text


# ---- Amounts -----------------------------------------------------------------------------------------


def figures_rule() -> str:
    """The rule an amount that is not written in figures breaks."""
    return _("type the amount in figures, for example %(example)s.") % {
        "example": number_format(Decimal("1500.50"), decimal_pos=2)
    }


def amount_from_text(text: str) -> Decimal | None:
    """An amount typed in figures, with a decimal point or comma and spaces between thousands ("1 500,50",
    "1500.50", "-20"); None for anything else: letters, an exponent ("1e9"), "NaN", "inf", two separators."""
    cleaned = _SPACES.sub("", text)
    if not _FIGURES.fullmatch(cleaned):
        return None
    return Decimal(cleaned.replace(",", "."))


def amount_rule(
    amount: Decimal,
    *,
    minimum: Decimal = ZERO,
    maximum: Decimal | None = None,
    profile: FundProfile | None = None,
) -> str | None:
    """An amount is a finite number from `minimum` (zero: never negative) to `maximum` or else the profile's
    `money.max_entry` (no `1e9`), in the currency's decimals, `money.quantum` (seed 002: the invoice
    states the fund's and the patient's shares in the currency).

    The bounds and the quantum are the profile's: a fund's largest credible entry is in its currency."""
    profile = profile or active_profile()
    money = profile.money
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return figures_rule()
    if amount < minimum:
        if minimum == ZERO:
            return _("the amount cannot be negative.")
        return _("the amount must be at least %(minimum)s %(currency)s.") % {
            "minimum": amount_text(minimum, profile, currency=False),
            "currency": money.currency,
        }
    ceiling = money.max_entry if maximum is None else min(maximum, money.max_entry)
    if amount > ceiling:
        return _("the amount is above %(maximum)s %(currency)s, the most this entry may carry.") % {
            "maximum": amount_text(ceiling, profile, currency=False),
            "currency": money.currency,
        }
    if amount != amount.quantize(money.quantum):
        return _("at most %(places)s decimals in %(currency)s.") % {
            "places": money_places(profile),
            "currency": money.currency,
        }
    return None


def amount_check(
    amount: Any,
    *,
    field: str,
    label: Any,
    minimum: Decimal = ZERO,
    maximum: Decimal | None = None,
    profile: FundProfile | None = None,
) -> Decimal:
    """A service's check of one amount (see `amount_rule`); the amount back, or a GuardError naming
    `field` and its `label`. A float is a programming error: money is a Decimal."""
    if isinstance(amount, float):
        raise TypeError(f"{field}: money is a Decimal, never a float")
    if amount is None:
        raise GuardError(ErrorCode.REQUIRED, _("the amount is required."), field=field, label=label)
    rule = amount_rule(amount, minimum=minimum, maximum=maximum, profile=profile)
    if rule:
        raise GuardError(ErrorCode.INVALID, rule, field=field, label=label)
    return amount


class AmountValidator:
    """A form validator of an amount (see `amount_rule`), its bounds given or the profile's."""

    def __init__(self, *, minimum: Decimal = ZERO, maximum: Decimal | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, value: Decimal | None) -> None:
        if value is not None and (rule := amount_rule(value, minimum=self.minimum, maximum=self.maximum)):
            raise ValidationError(rule, code="amount")


class AmountField(forms.DecimalField):
    """An amount of money typed on a page: figures only ("1 500,50" or "1500.50"), never negative (or at
    least `minimum`), at most `maximum` or the profile's `money.max_entry`, in the currency's decimals. A
    text input with a decimal keypad: a number input would let "1e9" through."""

    def __init__(self, *, minimum: Decimal = ZERO, maximum: Decimal | None = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "dir": "ltr"})
        )
        super().__init__(**kwargs)
        self.validators.append(AmountValidator(minimum=minimum, maximum=maximum))

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        parsed = amount_from_text(str(value))
        if parsed is None:
            raise ValidationError(figures_rule(), code="invalid")
        return parsed


# ---- Two people acting on one object at once ---------------------------------------------------------


def _who(actor: Any) -> str:
    if actor is None:
        return _("Sanad (automatic)")
    return str(actor.get_full_name() or actor.get_username())


class ConflictError(DomainError):
    """The second of two people acting on one object: `message` ends with what a page's reader does next
    (reload the page), `api_message` with what the API's caller does (read the object again): the API
    never talks of a page."""

    def __init__(self, code: ErrorCode, said: str, *, field: str, advice: str, api_advice: str) -> None:
        super().__init__(code, f"{said} {advice}".strip(), field=field)
        self.api_message = f"{said} {api_advice}".strip()


def conflict_error(
    *,
    objects: Iterable[models.Model],
    said: Mapping[str, Any],
    field: str = "status",
    code: ErrorCode = ErrorCode.CONFLICT,
    advice: str | None = None,
    fallback: str | None = None,
) -> ConflictError:
    """The error for the second of two people acting on one object: who acted, what they decided and when,
    read from the last audit event of `objects` whose action `said` knows, then `advice` (by default: reload
    the page; for the API: read it again).

    `said` maps an action to its sentence, with `%(who)s`, `%(when)s` and any value the event recorded after
    the change (`%(reason)s`, `%(receipt_number)s`…); a value it did not record reads "—". Without such an
    event, the error says `fallback`, or that someone changed the object meanwhile.
    """
    from sanad.common.models import AuditEvent  # models load after the apps

    query = models.Q(pk__in=[])
    for obj in objects:
        query |= models.Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    event = (
        AuditEvent.objects.filter(query, action__in=list(said))
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    page_advice, api_advice = (
        _("Reload the page to see it as it is now."),
        _("Read it again to see it as it is now."),
    )
    if advice is not None:  # the caller's own advice fits a page and the API alike
        page_advice = api_advice = advice
    if event is None:
        if fallback:
            return ConflictError(code, fallback, field=field, advice="", api_advice="")
        meanwhile = _("Someone else changed this meanwhile.")
        return ConflictError(code, meanwhile, field=field, advice=page_advice, api_advice=api_advice)
    values: defaultdict[str, Any] = defaultdict(lambda: "—")
    if isinstance(event.after, dict):
        values.update({key: value for key, value in event.after.items() if value not in (None, "")})
    values["who"] = _who(event.actor)
    values["when"] = date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT")
    told = str(said[event.action]) % values
    return ConflictError(code, told, field=field, advice=page_advice, api_advice=api_advice)
