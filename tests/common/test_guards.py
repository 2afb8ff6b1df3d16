"""The guards at the door (common.guards): dates never in the future (with the profile's clock tolerance),
never before the beneficiary's birth nor the facility's agreement; amounts in figures, within their bounds
and the currency's decimals; each refusal names the field and the rule in the reader's language; and the
second of two people acting on one object is told who acted and what they decided."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import timezone, translation

from sanad.common.audit import audit_record
from sanad.common.errors import ErrorCode
from sanad.common.guards import (
    AmountField,
    GuardError,
    PastDateField,
    amount_check,
    amount_from_text,
    conflict_error,
    date_check,
    future_rule,
    latest_day,
)
from sanad.common.models import AuditEvent
from sanad.funds import load_profile

CNASS = load_profile("cnass-mr")  # MRU, two decimals, ten minutes of clock tolerance, 20,000,000 at most
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


def moment(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


class Entry(forms.Form):
    paid_on = PastDateField(label="Date of payment")
    amount = AmountField(label="Amount paid")


# ---- Dates -------------------------------------------------------------------------------------------


def test_a_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + DAY

    assert future_rule(tomorrow, profile=CNASS) is not None
    assert future_rule(timezone.localdate(), profile=CNASS) is None


def test_the_profiles_clock_tolerance_lets_a_fast_clock_name_tomorrow_just_before_midnight():
    assert CNASS.calendar.clock_tolerance_minutes == 10

    assert latest_day(profile=CNASS, now=moment("2026-05-04T23:55")) == datetime.date(2026, 5, 5)
    assert latest_day(profile=CNASS, now=moment("2026-05-04T23:45")) == datetime.date(2026, 5, 4)
    assert future_rule(datetime.date(2026, 5, 5), now=moment("2026-05-04T23:55"), profile=CNASS) is None


def test_a_date_before_the_beneficiarys_birth_is_refused():
    with pytest.raises(GuardError) as caught:
        date_check(
            datetime.date(2020, 1, 1),
            field="care_date",
            label="Date of care",
            birth_date=datetime.date(2021, 6, 1),
        )

    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID, "care_date")
    assert "01/06/2021" in caught.value.message


def test_a_date_before_the_facilitys_agreement_is_refused():
    with pytest.raises(GuardError) as caught:
        date_check(
            datetime.date(2023, 12, 31),
            field="care_date",
            label="Date of care",
            agreement_start=datetime.date(2024, 1, 1),
        )

    assert caught.value.field == "care_date"
    assert "01/01/2024" in caught.value.message


def test_the_refusal_names_the_field_and_the_rule_in_the_readers_language():
    tomorrow = timezone.localdate() + DAY
    messages = {}
    for language in ("fr", "ar", "en"):
        with translation.override(language), pytest.raises(GuardError) as caught:
            date_check(tomorrow, field="care_date", label=translation.gettext("Date of care"))
        messages[language] = caught.value

    assert messages["fr"].message.startswith("Date des soins")
    assert "une date dans le futur est refusée" in messages["fr"].rule
    assert messages["ar"].message.startswith("تاريخ العلاج")
    assert not any(word in messages["ar"].message for word in ("date", "futur", "future"))
    assert messages["en"].message.startswith("Date of care: a date in the future is refused")


def test_a_form_refuses_a_date_in_the_future_beside_its_field():
    form = Entry({"paid_on": (timezone.localdate() + DAY).isoformat(), "amount": "100"})

    assert not form.is_valid()
    assert list(form.errors) == ["paid_on"]


# ---- Amounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("1e9", "figures"),
        ("NaN", "figures"),
        ("inf", "figures"),
        ("12,5,0", "figures"),
        ("-20", "negative"),
        ("1000000000", "above"),
        ("12.345", "decimals"),
    ],
)
def test_an_amount_outside_its_bounds_or_decimals_is_refused_by_the_form(typed, why):
    form = Entry({"paid_on": timezone.localdate().isoformat(), "amount": typed})

    assert not form.is_valid()
    assert list(form.errors) == ["amount"]
    words = {
        "figures": "en chiffres",
        "negative": "négatif",
        "above": "20 000 000,00",
        "decimals": "décimales",
    }
    assert words[why] in form.errors["amount"][0].replace("\xa0", " ")


def test_an_amount_in_figures_is_read_with_a_comma_or_a_point_and_spaces_between_thousands():
    assert amount_from_text("1 500,50") == Decimal("1500.50")
    assert amount_from_text("1500.50") == Decimal("1500.50")
    assert amount_from_text("1e9") is None
    form = Entry({"paid_on": timezone.localdate().isoformat(), "amount": "12 000,5"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("12000.5")


def test_amount_of_1e9_is_refused_by_a_service_with_the_field_named():
    with pytest.raises(GuardError) as caught:
        amount_check(Decimal("1e9"), field="amount", label="Montant payé")

    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID, "amount")
    assert caught.value.message.startswith("Montant payé")


@pytest.mark.parametrize("amount", [Decimal("-0.01"), Decimal("10.001"), Decimal("NaN"), Decimal("Infinity")])
def test_a_negative_a_three_decimal_or_a_non_finite_amount_is_refused_by_a_service(amount):
    with pytest.raises(GuardError) as caught:
        amount_check(amount, field="amount", label="Montant")

    assert caught.value.field == "amount"


def test_a_float_is_never_money():
    with pytest.raises(TypeError):
        amount_check(10.5, field="amount", label="Montant")


def test_an_amount_within_its_bounds_passes():
    assert amount_check(Decimal("20000000.00"), field="amount", label="Montant") == Decimal("20000000.00")
    assert amount_check(Decimal("0"), field="amount", label="Montant") == Decimal("0")


# ---- Two people acting on one object at once ---------------------------------------------------------


def test_the_second_person_is_told_who_acted_and_what_they_decided(make_user):
    salka = make_user("salka", first_name="Salka", last_name="Mint Ely")
    event = audit_record(actor=salka, action="thing_cancel", obj=salka, after={"reason": "doublon"})

    error = conflict_error(
        objects=[salka], said={"thing_cancel": "%(who)s cancelled it on %(when)s: %(reason)s."}
    )

    assert error.code == ErrorCode.CONFLICT
    assert error.message.startswith("Salka Mint Ely cancelled it on ")
    assert "doublon" in error.message
    assert timezone.localtime(event.at).strftime("%d/%m/%Y") in error.message


def test_without_a_recorded_action_the_second_person_is_told_the_object_changed(make_user):
    salka = make_user("salka")
    assert not AuditEvent.objects.exists()

    error = conflict_error(
        objects=[salka], said={"thing_cancel": "%(who)s cancelled it."}, fallback="Changed."
    )

    assert error.message == "Changed."
