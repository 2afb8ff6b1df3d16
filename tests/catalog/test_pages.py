import pytest
from django.urls import reverse

from sanad.catalog.models import Act, KeyLetterValue
from sanad.common.permissions import Role

VIEW_ROLES = [Role.MANAGER, Role.ADMINISTRATOR, Role.MEDICAL_ADVISER, Role.CLAIMS_CHECKER]
OTHER_ROLES = [r for r in Role if r not in VIEW_ROLES]


def login(client, make_user, role):
    user = make_user(f"u-{role.value}", role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", VIEW_ROLES)
def test_it_shows_the_act_list_and_detail_to_catalog_readers(client, make_user, tariff, role):
    login(client, make_user, role)

    listing = client.get(reverse("catalog:act_list"))
    detail = client.get(reverse("catalog:act_detail", args=["CON-C"]))

    assert listing.status_code == 200 and b"CON-C" in listing.content
    assert (
        detail.status_code == 200
        and "90,00" in detail.content.decode()
        and "80,00" in detail.content.decode()
    )  # French formats


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_it_refuses_the_catalog_to_other_roles(client, make_user, tariff, role):
    login(client, make_user, role)

    assert client.get(reverse("catalog:act_list")).status_code == 403
    assert client.get(reverse("catalog:act_detail", args=["CON-C"])).status_code == 403


@pytest.mark.parametrize(
    ("role", "status"), [(Role.MANAGER, 200), (Role.ADMINISTRATOR, 200), (Role.MEDICAL_ADVISER, 403)]
)
def test_only_managers_and_administrators_import(client, make_user, db, role, status):
    login(client, make_user, role)

    assert client.get(reverse("catalog:import")).status_code == status


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    assert client.get(reverse("catalog:act_list")).status_code == 302


def test_it_searches_filters_and_pages_by_key(client, make_user, db):
    login(client, make_user, Role.MANAGER)
    for i in range(60):
        Act.objects.create(
            code=f"LAB-{i:03d}",
            label_fr=f"Analyse {i}",
            category="lab",
            key_letter="B",
            coefficient=10,
            valid_from="2020-01-01",
        )
    Act.objects.create(
        code="CON-C",
        label_fr="Consultation",
        category="consultation",
        key_letter="C",
        coefficient=1,
        valid_from="2020-01-01",
    )
    url = reverse("catalog:act_list")

    first = client.get(url, {"category": "lab"})
    second = client.get(url, {"category": "lab", "after": first.context["page"].next_after})
    found = client.get(url, {"q": "consult"})

    assert [a.code for a in first.context["page"].acts][-1] == "LAB-049"
    assert [a.code for a in second.context["page"].acts] == [f"LAB-{i:03d}" for i in range(50, 60)]
    assert second.context["page"].next_after is None
    assert [a.code for a in found.context["page"].acts] == ["CON-C"]


def test_it_answers_404_for_an_unknown_act(client, make_user, db):
    login(client, make_user, Role.MANAGER)

    assert client.get(reverse("catalog:act_detail", args=["NOPE"])).status_code == 404


def upload(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_import_page_reports_errors_and_writes_nothing(client, make_user, db):
    login(client, make_user, Role.MANAGER)

    response = client.post(
        reverse("catalog:import"),
        {"table": "key_letters", "file": upload("k.csv", "letter,value,valid_from\nC,x,2020-01-01\n")},
    )

    assert response.status_code == 200
    assert [(e.row, e.field) for e in response.context["report"].errors] == [(2, "value")]
    assert b"<td>value</td>" in response.content
    assert not KeyLetterValue.objects.exists()


def test_the_import_page_checks_then_imports_on_confirmation(client, make_user, db):
    login(client, make_user, Role.MANAGER)
    url = reverse("catalog:import")

    checked = client.post(
        url, {"table": "key_letters", "file": upload("k.csv", "letter,value,valid_from\nC,80,2020-01-01\n")}
    )
    assert checked.context["report"].ok and not KeyLetterValue.objects.exists()
    done = client.post(url, {"confirm": "1", "digest": checked.context["digest"]})

    assert done.status_code == 302
    assert KeyLetterValue.objects.get().value == 80


def test_it_exports_a_table(client, make_user, tariff):
    login(client, make_user, Role.MEDICAL_ADVISER)

    response = client.get(reverse("catalog:export"), {"table": "key_letters", "format": "csv"})

    assert response.status_code == 200
    assert (
        response.content.decode().splitlines()[0]
        == "letter,sector,value,valid_from,valid_to,source,assumption"
    )
