import pytest

from sanad.catalog.models import Drug
from sanad.common.permissions import Role


@pytest.fixture
def facility_client(client, make_user):
    client.force_login(make_user("clinic", Role.FACILITY_STAFF))
    return client


def test_it_looks_up_an_act_with_its_price_on_a_date(facility_client, tariff):
    before = facility_client.get("/api/v1/catalog/acts/CON-C", {"on": "2025-06-30", "sector": "private"})
    after = facility_client.get("/api/v1/catalog/acts/CON-C", {"on": "2025-07-01", "sector": "private"})
    public = facility_client.get("/api/v1/catalog/acts/CON-C", {"on": "2025-07-01", "sector": "public"})

    assert before.status_code == 200
    assert before.json()["price"] == "80.00" and after.json()["price"] == "90.00"
    assert public.json()["price"] == "60.00"
    assert after.json()["key_letter"] == "C" and after.json()["currency"]


def test_it_answers_404_for_an_unknown_act_or_date(facility_client, tariff):
    assert facility_client.get("/api/v1/catalog/acts/NOPE").status_code == 404
    assert facility_client.get("/api/v1/catalog/acts/CON-C", {"on": "2010-01-01"}).status_code == 404


def test_it_looks_up_a_drug_by_barcode(facility_client, db):
    Drug.objects.create(
        code="MED-1",
        barcode="6111234567895",
        name="Metformine",
        public_price="18.50",
        reimbursement_base="18.50",
        valid_from="2020-01-01",
    )

    found = facility_client.get("/api/v1/catalog/drugs/6111234567895")

    assert found.status_code == 200 and found.json()["code"] == "MED-1"
    assert found.json()["public_price"] == "18.50"
    assert facility_client.get("/api/v1/catalog/drugs/4006381333931").status_code == 404


def test_it_refuses_lookups_to_the_insured_and_to_anonymous_callers(client, make_user, tariff):
    assert client.get("/api/v1/catalog/acts/CON-C").status_code == 401
    client.force_login(make_user("ines", Role.INSURED))
    assert client.get("/api/v1/catalog/acts/CON-C").status_code == 403
