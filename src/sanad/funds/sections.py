"""Builders of each section of a fund profile from its TOML table, with the section's own checks."""

from __future__ import annotations

import re
from decimal import Decimal

import holidays

from sanad.funds import types as t
from sanad.funds import vocabulary as v
from sanad.funds.reader import Node

CODE = r"[a-z][a-z0-9_]*"
# Defaults of optional keys: a profile that leaves them out gets these.
DEFAULT_CLOCK_TOLERANCE_MINUTES = 5  # calendar.clock_tolerance_minutes
DEFAULT_MAX_ENTRY = Decimal("9999999.99")  # money.max_entry: seven figures


def text(node: Node, *, en_optional: bool = False) -> t.Text:
    fr = node.string("fr")
    ar = node.string("ar")
    # Place names read the same in English and French, so a region may leave `en` out.
    en = node.optional_string("en") if en_optional else node.string("en")
    return t.Text(fr=fr, ar=ar, en=en or fr)


def label(node: Node) -> t.Text:
    """A table holding only a label."""
    result = text(node)
    node.done()
    return result


def clock(node: Node) -> t.Clock:
    result = t.Clock(
        amount=node.integer("amount", minimum=1), unit=node.string("unit", choices=v.CLOCK_UNITS)
    )
    node.done()
    return result


def money(node: Node) -> t.Money:
    currency = node.string("currency", choices=v.CURRENCIES)
    quantum = node.decimal("quantum")
    # Quantize needs a power of ten (0.01, 1, ...); 0.05-like steps need a rounding rule of their own.
    if quantum.is_zero() or quantum.normalize().as_tuple().digits != (1,):
        raise node.fail("quantum", f'must be a power of ten such as "0.01", got {quantum}')
    max_entry = node.decimal("max_entry") if node.has("max_entry") else DEFAULT_MAX_ENTRY
    if max_entry < quantum:
        raise node.fail("max_entry", f"must be at least the quantum {quantum}, got {max_entry}")
    result = t.Money(
        currency=currency,
        quantum=quantum,
        rounding=node.string("rounding", choices=v.ROUNDING_MODES),
        max_entry=max_entry,
    )
    node.done()
    return result


def calendar(node: Node) -> t.CalendarRules:
    weekend = node.integers(
        "weekend", choices=range(1, 8), choices_text="an ISO weekday, 1 = Monday .. 7 = Sunday"
    )
    if len(weekend) == 7:
        raise node.fail("weekend", "must leave at least one working day in the week")
    supported = holidays.list_supported_countries()
    country = node.string("holidays_country")
    if country not in supported:
        raise node.fail(
            "holidays_country", f"unknown value {country!r} (not a country of the holidays package)"
        )
    subdivision = node.optional_string("holidays_subdivision")
    tolerance = DEFAULT_CLOCK_TOLERANCE_MINUTES
    if node.has("clock_tolerance_minutes"):
        tolerance = node.integer("clock_tolerance_minutes", maximum=24 * 60)
    if subdivision is not None and subdivision not in supported[country]:
        raise node.fail("holidays_subdivision", f"unknown subdivision {subdivision!r} of {country}")
    node.done()
    return t.CalendarRules(
        weekend=weekend,
        holidays_country=country,
        holidays_subdivision=subdivision,
        clock_tolerance_minutes=tolerance,
    )


def regions(root: Node) -> tuple[t.Region, ...]:
    out: list[t.Region] = []
    for node in root.array_of_tables("regions"):
        code = node.string("code", pattern=r"[A-Z]{2}-[A-Z0-9]{1,3}")
        if any(region.code == code for region in out):
            raise node.fail("code", f"duplicate region code {code!r}")
        out.append(t.Region(code=code, name=text(node, en_optional=True)))
        node.done()
    return tuple(out)


def identity(node: Node) -> t.IdentityRules:
    kinds: dict[str, t.DocumentKind] = {}
    for code, doc in node.tables("documents"):
        if not is_code(code):
            raise doc.fail_here(f"document code {code!r} must be snake_case")
        kinds[code] = t.DocumentKind(code=code, label=text(doc), expires=doc.boolean("expires"))
        doc.done()
    populations = node.table("populations")
    for key in populations.data:
        if key not in v.POPULATIONS:
            raise populations.fail(
                key, f"unknown population {key!r} (expected one of: {', '.join(v.POPULATIONS)})"
            )
    accepted = {
        population: tuple(
            kinds[code] for code in populations.strings(population, choices=tuple(kinds), non_empty=True)
        )
        for population in v.POPULATIONS
    }
    result = t.IdentityRules(
        photo_required=node.boolean("photo_required"), documents=tuple(kinds.values()), **accepted
    )
    node.done()
    return result


def dependants(node: Node) -> t.DependantRules:
    child_max_age = node.integer("child_max_age", minimum=1, maximum=30)
    student_max_age = node.integer("student_max_age", minimum=child_max_age, maximum=35)
    result = t.DependantRules(
        child_max_age=child_max_age,
        student_max_age=student_max_age,
        student_certificates=node.strings("student_certificates", pattern=CODE),
        disabled_child_certificate=node.string("disabled_child_certificate", pattern=CODE),
        spouse_proof_of_no_profession=node.boolean("spouse_proof_of_no_profession"),
        spouse_min_age=node.integer("spouse_min_age", minimum=15, maximum=25),
    )
    node.done()
    return result


def contributions(node: Node) -> t.ContributionRules:
    scheme = node.string("scheme", choices=v.CONTRIBUTION_SCHEMES)
    flat = _flat(node.table("flat_per_person")) if scheme == "flat_per_person" else None
    salary = _salary(node.table("salary_share")) if scheme == "salary_share" else None
    methods = node.strings("payment_methods", choices=v.PAYMENT_METHODS, non_empty=True)
    operators = node.strings("mobile_money_operators") if node.has("mobile_money_operators") else ()
    if "mobile_money" in methods and not operators:
        raise node.fail(
            "mobile_money_operators", "must list the operators when payment_methods has 'mobile_money'"
        )
    if operators and "mobile_money" not in methods:
        raise node.fail("mobile_money_operators", "must be empty: payment_methods has no 'mobile_money'")
    result = t.ContributionRules(
        scheme=scheme,
        period_months=node.integer("period_months", minimum=1, maximum=12),
        flat=flat,
        salary=salary,
        payment_methods=methods,
        mobile_money_operators=operators,
        void_approval_above=node.decimal("void_approval_above"),
    )
    node.done()
    return result


def _flat(node: Node) -> t.FlatContribution:
    amount = node.decimal("amount_per_person")
    insured, state = node.decimal("insured_amount"), node.decimal("state_amount")
    if insured + state != amount:
        raise node.fail(
            "amount_per_person", f"must equal insured_amount + state_amount ({insured} + {state})"
        )
    node.done()
    return t.FlatContribution(amount_per_person=amount, insured_amount=insured, state_amount=state)


def _salary(node: Node) -> t.SalaryContribution:
    result = t.SalaryContribution(
        employee_rate=node.rate("employee_rate"),
        employer_rate=node.rate("employer_rate"),
        salary_ceiling=node.optional_decimal("salary_ceiling"),
        minimum_salary_base=node.optional_decimal("minimum_salary_base"),
    )
    if result.total_rate > 1:
        raise node.fail("employer_rate", "employee_rate + employer_rate must not exceed 1")
    node.done()
    return result


def rights(node: Node) -> t.RightsRules:
    result = t.RightsRules(
        period_months=node.integer("period_months", minimum=1, maximum=24),
        waiting_days=node.integer("waiting_days"),
        grace_days=node.integer("grace_days"),
    )
    node.done()
    return result


def registration_number(node: Node) -> t.RegistrationNumberRules:
    result = t.RegistrationNumberRules(
        algorithm=node.string("algorithm", choices=v.REGISTRATION_ALGORITHMS),
        prefix=node.string("prefix", pattern=r"[A-Z][A-Z0-9]{0,5}"),
        digits=node.integer("digits", minimum=4, maximum=15),
    )
    node.done()
    return result


def enrollment(node: Node) -> t.EnrollmentRules:
    result = t.EnrollmentRules(processing_clock=clock(node.table("processing_clock")))
    node.done()
    return result


def security(root: Node) -> t.SecurityRules:
    """The optional [security] table; a key left out keeps the default of SecurityRules."""
    if not root.has("security"):
        return t.SecurityRules()
    node = root.table("security")
    keys = ("session_idle_minutes", "code_per_number", "code_per_address", "code_window_minutes")
    values = {key: node.integer(key, minimum=1, maximum=24 * 60) for key in keys if node.has(key)}
    if node.has("code_daily_budget"):
        values["code_daily_budget"] = node.integer("code_daily_budget", minimum=1)
    node.done()
    return t.SecurityRules(**values)


# An absolute URI ending where a kind's name is added ("/", ":" or "#"), without spaces.
_URI_BASE = r"[a-z][a-z0-9+.-]*:[^\s]*[/:#]"


def interfaces(node: Node) -> t.InterfaceRules:
    """[interfaces]: `identifier_base` (the URI the kinds of identifier follow) and an optional
    [interfaces.systems] table naming the fund's own URI for some kinds."""
    base = node.string("identifier_base", pattern=_URI_BASE)
    systems: tuple[tuple[str, str], ...] = ()
    if node.has("systems"):
        table = node.table("systems")
        systems = tuple(
            (kind, table.string(kind, pattern=r"[a-z][a-z0-9+.-]*:[^\s]+")) for kind in list(table.data)
        )
        table.done()
    node.done()
    return t.InterfaceRules(identifier_base=base, systems=systems)


def is_code(code: str) -> bool:
    """Codes chosen by a profile (documents, care types, groups) are snake_case."""
    return re.fullmatch(CODE, code) is not None
