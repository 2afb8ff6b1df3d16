"""Finding a returning member at the counter: by number, by phone, by document, by name in either script."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sanad.common.permissions import Role
from sanad.registry.inputs import DocumentInput
from sanad.registry.models import Member, SearchTerm
from sanad.registry.search.keys import name_terms, term_key
from sanad.registry.search.selectors import person_search
from sanad.registry.services import enrollment_submit
from tests.registry.conftest import NATIONAL_ID, TODAY, certificates, child, id_card, spouse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Mohamed Ould Ahmed", "محمد ولد أحمد"),
        ("Aichetou Mint Sidi", "عائشة منت سيدي"),
        ("Abdel Kader", "عبد القادر"),
        ("Abdallahi", "عبد الله"),
        ("Cheikh Djibril", "الشيخ جبريل"),
        ("Fatimetou", "فاطمة"),
        ("Khadija El Moctar", "خديجة المختار"),
    ],
)
def test_a_name_in_arabic_script_gives_the_keys_of_its_latin_spelling(latin, arabic):
    assert name_terms(latin) == name_terms(arabic)


@pytest.mark.parametrize("spelling", ["Mohamed", "Mohammed", "Muhammad", "MOHAMED", "Mohamèd"])
def test_spellings_of_one_name_give_one_key(spelling):
    assert name_terms(spelling) == ["mhmd"]


def test_particles_of_filiation_are_not_keys():
    assert name_terms("Ould") == []
    assert name_terms("ولد بن") == []


@pytest.fixture
def family(fund, member_input, alice):
    """Aminetou Mint Ahmed (Latin and Arabic names), her husband and a child (Latin names only)."""
    enrollment = enrollment_submit(
        actor=alice,
        member=member_input(),
        documents=[id_card(fund)],
        dependants=[
            spouse(
                datetime.date(1980, 1, 1),
                *certificates("no_profession_proof"),
            ),
            child(datetime.date(2015, 3, 3)),
        ],
        on=TODAY,
    )
    return enrollment.member


def _names(page) -> list[str]:
    return [(row.dependant or row.member).full_name for row in page.rows]


def test_search_by_registration_number_finds_the_family(family):
    page = person_search(text=family.registration_number.lower(), on=TODAY)
    assert _names(page) == ["Aminetou Mint Ahmed", "Mohamed Ould Ahmed", "Sidi Ould Ahmed"]
    assert page.rows[0].dependant is None


def test_search_by_phone_finds_the_family_whatever_its_spelling(fund, family):
    local = {"cnass-mr": "36 12 34 56", "cnops-ma": "06 12 34 56 78", "cnss-ma": "0612-345678"}[fund]
    page = person_search(text=local, on=TODAY)
    assert len(page.rows) == 3
    assert {row.member.pk for row in page.rows} == {family.pk}


def test_search_by_identity_document_number_finds_its_holder(fund, family):
    page = person_search(text="A123456", on=TODAY)
    assert _names(page) == ["Aminetou Mint Ahmed"]


def test_search_by_arabic_name_finds_a_latin_script_record(family):
    # The husband was entered in Latin script only; the counter types his name in Arabic.
    page = person_search(text="محمد ولد أحمد", on=TODAY)
    assert _names(page) == ["Mohamed Ould Ahmed"]


def test_search_by_latin_name_finds_an_arabic_script_record(family):
    page = person_search(text="aminetou", on=TODAY)
    assert _names(page) == ["Aminetou Mint Ahmed"]
    page = person_search(text="أمينتو", on=TODAY)
    assert _names(page) == ["Aminetou Mint Ahmed"]


def test_search_by_misspelled_name_finds_the_person(family):
    page = person_search(text="Muhammad Ahmad", on=TODAY)
    assert _names(page) == ["Mohamed Ould Ahmed"]


def test_every_word_of_the_search_must_match(family):
    assert person_search(text="Mohamed Bouh", on=TODAY).rows == []


def test_results_carry_each_persons_rights_on_the_day(family):
    page = person_search(text=family.registration_number, on=TODAY)
    assert all(row.rights.reason == "no_contribution" for row in page.rows)
    assert not any(row.rights.covered for row in page.rows)


def test_text_with_nothing_to_search_by_is_not_searched(family):
    page = person_search(text="?? ould", on=TODAY)
    assert page.searched is False and page.rows == []


def test_results_are_paged_by_key(fund, member_input, alice):
    for index in range(5):
        enrollment_submit(
            actor=alice,
            member=member_input(first_name="Salem", last_name=f"Family{index}"),
            documents=[
                DocumentInput(
                    kind=NATIONAL_ID[fund], number=f"B{index}", expires_on=datetime.date(2030, 1, 1)
                )
            ],
            on=TODAY,
        )
    first = person_search(text="Salem", on=TODAY, size=3)
    assert len(first.rows) == 3 and first.next_after
    second = person_search(text="Salem", on=TODAY, size=3, after=first.next_after)
    assert len(second.rows) == 2 and second.next_after is None
    assert {r.member.pk for r in first.rows}.isdisjoint({r.member.pk for r in second.rows})


def test_the_index_follows_a_change_of_name_and_a_new_dependant(family):
    family.first_name = "Aicha"
    family.save()
    assert _names(person_search(text="Aicha Ahmed", on=TODAY)) == ["Aicha Mint Ahmed"]
    assert person_search(text="Aminetou", on=TODAY).rows == []
    family.dependants.create(
        first_name="Zeinabou",
        last_name="Mint Ahmed",
        sex="F",
        birth_date=datetime.date(2018, 1, 1),
        relationship="child",
    )
    assert _names(person_search(text="زينب", on=TODAY)) == ["Zeinabou Mint Ahmed"]


def test_the_register_import_indexes_what_it_writes(fund, profile):
    from sanad.registry.imports.writing import DependantRow, Family, MemberRow, families_write

    row = MemberRow(
        "",
        "Brahim",
        "Ould Salem",
        "",
        "",
        "M",
        datetime.date(1970, 1, 1),
        "national",
        profile.country,
        "",
        profile.regions[0].code,
    )
    kid = DependantRow("child", "", "", "خديجة", "منت سالم", "F", datetime.date(2012, 1, 1), False)
    families_write([Family(member=row, dependants=[kid])], profile=profile, on=TODAY, serial=900)
    assert set(SearchTerm.objects.values_list("term_key", flat=True)) >= {
        term_key(t) for t in ("brhm", "slm", "kdj")
    }
    assert len(person_search(text="Khadija Salem", on=TODAY).rows) == 1


def test_the_search_page_is_for_the_register_staff_only(client, family, make_user):
    url = reverse("registry:search") + "?q=" + family.registration_number
    client.force_login(make_user("clerk", Role.FACILITY_STAFF))
    assert client.get(url).status_code == 403


def test_the_search_box_leads_to_the_member_page(client, alice, family):
    client.force_login(alice)
    home = client.get(reverse("home")).content.decode()
    assert 'id="shell-search"' in home
    page = client.get(reverse("registry:search"), {"q": "محمد أحمد"}).content.decode()
    assert reverse("registry:member_detail", args=[family.pk]) in page
    assert "Mohamed Ould Ahmed" in page


def test_an_existing_register_is_indexed_as_the_migration_does(fund, family):
    SearchTerm.objects.all().delete()
    from django.apps import apps as django_apps

    from sanad.registry.search.terms import terms_write

    models = tuple(django_apps.get_model("registry", name) for name in ("Member", "Dependant", "SearchTerm"))
    terms_write(models=models, member_ids=Member.objects.values_list("pk", flat=True))
    assert len(person_search(text="Sidi Ahmed", on=TODAY).rows) == 1


def test_a_merged_record_found_by_search_leads_to_the_kept_one(client, alice, fund, family, member_input):
    from sanad.registry.services.merge import member_merge

    other = enrollment_submit(
        actor=alice, member=member_input(first_name="Aminétou"), documents=[id_card(fund)], on=TODAY
    ).member
    member_merge(actor=alice, kept_id=family.pk, other_id=other.pk, reason="Same person", on=TODAY)
    client.force_login(alice)
    page = client.get(reverse("registry:search"), {"q": other.registration_number}).content.decode()
    assert 'data-rights="merged"' in page
    assert reverse("registry:member_detail", args=[family.pk]) in page


def test_two_names_are_found_by_their_pair_in_either_order(family):
    assert {term_key("hmd mhmd"), term_key("mhmd")} <= set(
        SearchTerm.objects.filter(member=family, dependant_id__gt=0).values_list("term_key", flat=True)
    )
    assert _names(person_search(text="Ahmed Mohamed", on=TODAY)) == ["Mohamed Ould Ahmed"]
    assert person_search(text="Aminetou Sidi", on=TODAY).rows == []  # two names of two persons
