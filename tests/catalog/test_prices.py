import datetime
from decimal import Decimal

import pytest

from sanad.catalog.models import Act, KeyLetterValue
from sanad.catalog.selectors import act_price_history, act_price_on, key_letter_value_on
from sanad.catalog.services import act_revise, key_letter_value_set
from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from tests.catalog.conftest import CHANGE

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "value"), [(CHANGE - DAY, Decimal("80")), (CHANGE, Decimal("90")), (CHANGE + DAY, Decimal("90"))]
)
def test_it_uses_the_value_in_force_on_the_date(tariff, day, value):
    assert key_letter_value_on(letter="C", day=day, sector="private").value == value


def test_it_has_no_value_before_the_first_row(tariff):
    assert key_letter_value_on(letter="C", day=datetime.date(2019, 12, 31), sector="private") is None


def test_it_prefers_the_sector_own_value(tariff):
    assert key_letter_value_on(letter="C", day=CHANGE, sector="public").value == Decimal("60")
    assert key_letter_value_on(letter="C", day=CHANGE, sector="non_profit").value == Decimal("90")


def test_it_prices_an_act_as_letter_value_times_coefficient(tariff):
    assert act_price_on(code="CHI-APP", day=CHANGE, sector="private") == Decimal("1125.00")
    assert act_price_on(code="CON-C", day=CHANGE - DAY, sector="private") == Decimal("80.00")
    assert act_price_on(code="CON-C", day=CHANGE, sector="private") == Decimal("90.00")


def test_it_prices_a_package_act_at_its_package_price(tariff):
    assert act_price_on(code="REA-JOU", day=CHANGE, sector="public") == Decimal("1200.00")


def test_it_has_no_price_for_an_unknown_act_or_a_letter_without_value(tariff):
    Act.objects.create(
        code="X-1",
        label_fr="x",
        category="other",
        key_letter="NOPE",
        coefficient=1,
        valid_from=datetime.date(2020, 1, 1),
    )
    assert act_price_on(code="UNKNOWN", day=CHANGE, sector="public") is None
    assert act_price_on(code="X-1", day=CHANGE, sector="public") is None


def test_it_closes_the_previous_value_the_day_before_a_new_one(tariff, manager):
    new_day = datetime.date(2026, 1, 1)
    key_letter_value_set(actor=manager, letter="C", value=Decimal("100"), valid_from=new_day, source="decree")

    assert key_letter_value_on(letter="C", day=new_day - DAY, sector="private").value == Decimal("90")
    assert key_letter_value_on(letter="C", day=new_day, sector="private").value == Decimal("100")
    closed = KeyLetterValue.objects.get(letter="C", sector="", valid_from=CHANGE)
    assert closed.valid_to == new_day - DAY
    assert AuditEvent.objects.filter(actor=manager, action__startswith="catalog.").count() == 2


def test_it_refuses_a_new_value_starting_before_a_later_one(tariff, manager):
    with pytest.raises(DomainError):
        key_letter_value_set(actor=manager, letter="C", value=Decimal("1"), valid_from=CHANGE - DAY)


def test_it_revises_an_act_from_a_date_and_keeps_the_old_version(tariff, manager):
    act_revise(actor=manager, code="CHI-APP", valid_from=CHANGE, changes={"coefficient": Decimal("60")})

    assert act_price_on(code="CHI-APP", day=CHANGE - DAY, sector="private") == Decimal("1125.00")
    assert act_price_on(code="CHI-APP", day=CHANGE, sector="private") == Decimal("1350.00")
    assert Act.objects.filter(code="CHI-APP").count() == 2


def test_it_refuses_a_revision_with_both_letter_and_package(tariff, manager):
    with pytest.raises(DomainError):
        act_revise(actor=manager, code="CHI-APP", valid_from=CHANGE, changes={"package_price": Decimal("5")})


def test_it_lists_every_price_the_act_has_had(tariff):
    history = act_price_history(code="CON-C")

    assert [(p.sector, p.start, p.price) for p in history] == [
        ("", datetime.date(2020, 1, 1), Decimal("80.00")),
        ("", CHANGE, Decimal("90.00")),
        ("public", datetime.date(2020, 1, 1), Decimal("60.00")),
    ]
