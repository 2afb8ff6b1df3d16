"""The change history of a catalog row, read from the audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.catalog.models import Drug, KeyLetterValue
from sanad.catalog.selectors import catalog_history
from sanad.catalog.services import catalog_import, key_letter_value_set


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English texts; the staff's own language is tested elsewhere."""
    with translation.override("en"):
        yield


HEADER = "code,barcode,name,public_price,reimbursement_base,valid_from\n"


def test_it_reads_the_history_of_every_version_in_one_query(db, manager, django_assert_num_queries):
    key_letter_value_set(actor=manager, letter="C", value=Decimal("80"), valid_from=datetime.date(2020, 1, 1))
    key_letter_value_set(actor=manager, letter="C", value=Decimal("90"), valid_from=datetime.date(2025, 7, 1))
    key_letter_value_set(actor=manager, letter="Z", value=Decimal("10"), valid_from=datetime.date(2020, 1, 1))
    ids = list(KeyLetterValue.objects.filter(letter="C").values_list("pk", flat=True))

    with django_assert_num_queries(1):
        history = catalog_history(model=KeyLetterValue, ids=ids)

    assert [str(entry.action) for entry in history] == ["Created", "Closed", "Created"]  # newest first
    closed = history[1]
    assert closed.who == "Mariem"
    assert [(c.field, c.before, c.after) for c in closed.changes] == [("valid_to", None, "2025-06-30")]
    created = history[2]
    assert Decimal({c.field: c.after for c in created.changes}["value"]) == 80
    assert "valid_to" not in {c.field for c in created.changes}  # a creation shows the values given


def test_an_update_shows_only_what_changed(db, manager):
    catalog_import(
        actor=manager,
        table="drugs",
        content=(HEADER + "M,6111234567895,Metformine,18,18,2025-01-01\n").encode(),
        fmt="csv",
    )
    catalog_import(
        actor=manager,
        table="drugs",
        content=(HEADER + "M,6111234567895,Metformine,19.50,18,2025-01-01\n").encode(),
        fmt="csv",
    )

    update, _create = catalog_history(model=Drug, ids=[Drug.objects.get().pk])

    assert str(update.action) == "Updated"
    assert [(c.field, c.before, c.after) for c in update.changes] == [("public_price", "18.00", "19.50")]
    assert str(update.changes[0].label) == str(Drug._meta.get_field("public_price").verbose_name)


def test_the_detail_page_shows_who_changed_what_and_when(client, manager, db):
    catalog_import(
        actor=manager,
        table="drugs",
        content=(HEADER + "M,6111234567895,Metformine,18,18,2025-01-01\n").encode(),
        fmt="csv",
    )
    catalog_import(
        actor=None,
        table="drugs",
        content=(HEADER + "M,6111234567895,Metformine,19.50,18,2025-01-01\n").encode(),
        fmt="csv",
    )
    client.force_login(manager)

    response = client.get(reverse("catalog:drug_detail", args=["M"]))

    html = response.content.decode()
    assert [e.who for e in response.context["history"]] == [None, "Mariem"]
    assert "19.50" in html and "18.00" in html and "Mariem" in html


def test_the_act_page_shows_its_history_too(client, manager, tariff):
    from sanad.catalog.services import act_revise

    act_revise(
        actor=manager,
        code="CON-C",
        valid_from=datetime.date(2026, 1, 1),
        changes={"coefficient": Decimal("2")},
    )
    client.force_login(manager)

    response = client.get(reverse("catalog:act_detail", args=["CON-C"]), HTTP_ACCEPT_LANGUAGE="en")

    assert [str(e.action) for e in response.context["history"]] == ["Created", "Closed"]
