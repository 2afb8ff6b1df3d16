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
  `money.max_entry`, and has no more decimals than the currency's quantum (`money.quantum`).

Typical use in a form: `billed = AmountField(label=_("Amount billed"))`, `paid_on = PastDateField(...)`; in a
service: `amount_check(data.amount, field="amount", label=_("Amount paid"))` and
`date_check(data.paid_on, field="paid_on", label=_("Date of payment"), birth_date=member.birth_date)`.
"""

from __future__ import annotations

import datetime
import re
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
        future_rule(day, today=today, now=now, profile=profile)
        or birth_rule(day, birth_date=birth_date)
        or agreement_rule(day, agreement_start=agreement_start)
    )
    if rule:
        raise GuardError(ErrorCode.INVALID, rule, field=field, label=label)


def validate_not_in_future(value: datetime.date | None) -> None:
    """A form validator: the date is not in the future (with the profile's clock tolerance)."""
    if value is not None and (rule := future_rule(value)):
        raise ValidationError(rule, code="future")


class PastDateField(forms.DateField):
    """A date typed on a page that cannot be in the future: a date of care, of payment, of receipt. Its
    widget is the browser's date picker (ISO dates, whatever the language's display format)."""

    default_validators = [validate_not_in_future]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


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
