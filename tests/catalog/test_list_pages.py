"""The list and detail pages of drugs, devices, conditions, package, protocols and key letters."""

import datetime

import pytest
from django.urls import reverse

from sanad.catalog.models import Drug, KeyLetterValue
from sanad.common.permissions import Role

PAGES = [
    ("catalog:drug_list", []),
    ("catalog:drug_detail", ["MED-3"]),
    ("catalog:device_list", []),
    ("catalog:device_detail", ["DEV-1"]),
    ("catalog:condition_list", []),
    ("catalog:condition_detail", ["ALD-8"]),
    ("catalog:package_list", []),
    ("catalog:package_detail", ["cnass-mr", "MED-1"]),
    ("catalog:protocol_list", []),
    ("catalog:protocol_detail", ["E11"]),
    ("catalog:key_letter_list", []),
    ("catalog:key_letter_detail", ["C", "all"]),
    ("catalog:key_letter_detail", ["C", "public"]),
    ("catalog:act_list", []),
    ("catalog:act_detail", ["CON-C"]),
]


@pytest.fixture(autouse=True)
def _cnass(settings):
    settings.SANAD_FUND = "cnass-mr"


def codes(response, attribute="code"):
    return [getattr(row, attribute) for row in response.context["page"].rows]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_it_shows_every_page_to_a_manager_with_the_catalog_navigation(
    client, manager, tariff, shelf, name, args
):
    client.force_login(manager)

    response = client.get(reverse(name, args=args))

    assert response.status_code == 200
    html = response.content.decode()
    for target in (
        "act_list",
        "drug_list",
        "device_list",
        "condition_list",
        "package_list",
        "protocol_list",
        "key_letter_list",
        "import",
    ):
        assert f'href="{reverse("catalog:" + target)}"' in html
    assert 'aria-current="page"' in html


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_it_refuses_every_page_to_a_counter_agent(client, alice, tariff, shelf, name, args):
    client.force_login(alice)

    assert client.get(reverse(name, args=args)).status_code == 403


def test_the_import_link_is_for_managers_only(client, make_user, tariff):
    client.force_login(make_user("sidi", Role.MEDICAL_ADVISER))

    response = client.get(reverse("catalog:act_list"))

    assert response.status_code == 200
    assert reverse("catalog:import") not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["MED-1", "MED-2", "MED-3"]),
        ({"direct_billing": "on"}, ["MED-1"]),
        ({"long_term_only": "on"}, ["MED-2"]),
        ({"costly": "on"}, ["MED-3"]),
        ({"q": "med-2"}, ["MED-2"]),
        ({"q": "6111000000021"}, ["MED-3"]),
        ({"q": "formin"}, ["MED-1"]),
        ({"on": "2019-12-31"}, []),
    ],
)
def test_it_searches_and_filters_drugs(client, manager, shelf, params, expected):
    client.force_login(manager)

    assert codes(client.get(reverse("catalog:drug_list"), params)) == expected


def test_a_drug_shows_each_version_and_the_one_in_force_on_the_date(client, manager, shelf):
    client.force_login(manager)

    before = client.get(reverse("catalog:drug_list"), {"on": "2025-06-30", "costly": "on"})
    detail = client.get(reverse("catalog:drug_detail", args=["MED-3"]))

    assert before.context["page"].rows[0].public_price == 20
    assert [v.public_price for v in detail.context["versions"]] == [20, 25]
    assert reverse("catalog:drug_detail", args=["MED-3"]) in before.content.decode()


def test_it_filters_devices_by_category(client, manager, shelf):
    client.force_login(manager)

    assert codes(client.get(reverse("catalog:device_list"), {"category": "optical"})) == ["DEV-2"]
    assert codes(client.get(reverse("catalog:device_list"), {"q": "hanche"})) == ["DEV-1"]


def test_it_lists_conditions_with_their_icd10_codes_and_rate(client, manager, shelf):
    client.force_login(manager)

    response = client.get(reverse("catalog:condition_list"))

    assert codes(response) == ["ALD-8"]
    assert "E10, E11" in response.content.decode() and "95 %" in response.content.decode()


def test_it_lists_the_active_funds_package_by_kind(client, manager, shelf):
    client.force_login(manager)

    every = client.get(reverse("catalog:package_list"))
    drugs = client.get(reverse("catalog:package_list"), {"kind": "drug"})

    assert codes(every) == ["CON-C", "DEV-1", "MED-1"]  # not the other fund's MED-2
    assert codes(drugs) == ["MED-1"]
    assert reverse("catalog:drug_detail", args=["MED-1"]) in drugs.content.decode()


def test_a_protocol_links_the_expected_codes_the_catalog_knows(client, manager, tariff, shelf):
    client.force_login(manager)

    listing = client.get(reverse("catalog:protocol_list"), {"q": "e1"})
    detail = client.get(reverse("catalog:protocol_detail", args=["E11"])).content.decode()

    assert codes(listing, "diagnosis") == ["E11"]
    assert reverse("catalog:act_detail", args=["CON-C"]) in detail
    assert reverse("catalog:drug_detail", args=["MED-1"]) in detail
    assert "XXX" in detail


def test_it_lists_key_letter_values_with_their_validity_by_letter_and_sector(client, manager, tariff):
    client.force_login(manager)
    url = reverse("catalog:key_letter_list")

    every = client.get(url, {"letter": "C"})
    default = client.get(url, {"letter": "C", "sector": "all"})
    public = client.get(url, {"sector": "public"})
    on_day = client.get(url, {"letter": "C", "sector": "all", "on": "2025-06-30"})

    assert [(r.sector, str(r.value)) for r in every.context["page"].rows] == [
        ("", "80.00"),
        ("", "90.00"),
        ("public", "60.00"),
    ]
    assert [str(r.value) for r in default.context["page"].rows] == ["80.00", "90.00"]
    assert [(r.letter, r.sector) for r in public.context["page"].rows] == [("C", "public")]
    assert [str(r.value) for r in on_day.context["page"].rows] == ["80.00"]
    assert "30/06/2025" in every.content.decode()  # the end of the first period


def test_it_pages_key_letter_values_by_their_composite_key(client, manager, db):
    client.force_login(manager)
    for year in range(1960, 2020):
        start = datetime.date(year, 1, 1)
        KeyLetterValue.objects.create(
            letter="B", value=1, valid_from=start, valid_to=start.replace(month=12, day=31)
        )
    url = reverse("catalog:key_letter_list")

    first = client.get(url)
    second = client.get(url, {"after": first.context["page"].next_after})

    years = [r.valid_from.year for r in first.context["page"].rows + second.context["page"].rows]
    assert years == list(range(1960, 2020)) and second.context["page"].next_after is None
    assert "after=" in first.content.decode()


def test_it_pages_drugs_by_code_keeping_the_filters(client, manager, db):
    client.force_login(manager)
    for i in range(110):
        Drug.objects.create(
            code=f"MED-{i:03d}",
            barcode="6111234567895",
            name=f"D{i}",
            public_price=1,
            reimbursement_base=1,
            costly=i % 2 == 0,
            valid_from="2020-01-01",
        )
    url = reverse("catalog:drug_list")

    first = client.get(url, {"costly": "on"})
    second = client.get(url, {"costly": "on", "after": first.context["page"].next_after})

    assert codes(first)[-1] == "MED-098" and codes(second) == [
        "MED-100",
        "MED-102",
        "MED-104",
        "MED-106",
        "MED-108",
    ]
    assert second.context["page"].next_after is None
    assert "costly=on&amp;after=MED-098" in first.content.decode()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("catalog:drug_detail", ["NOPE"]),
        ("catalog:device_detail", ["NOPE"]),
        ("catalog:condition_detail", ["NOPE"]),
        ("catalog:package_detail", ["cnass-mr", "NOPE"]),
        ("catalog:protocol_detail", ["Z99"]),
        ("catalog:key_letter_detail", ["C", "nowhere"]),
        ("catalog:key_letter_detail", ["NOPE", "all"]),
    ],
)
def test_it_answers_404_for_an_unknown_row(client, manager, tariff, name, args):
    client.force_login(manager)

    assert client.get(reverse(name, args=args)).status_code == 404


def test_the_import_page_carries_the_catalog_navigation(client, manager):
    client.force_login(manager)

    response = client.get(reverse("catalog:import"))

    assert reverse("catalog:drug_list") in response.content.decode()
