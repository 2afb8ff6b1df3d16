"""The register check across scripts (seed 003: quality control of the register before a rights certificate):
a person whose names are in Latin script in one file and in Arabic script in another is a likely duplicate;
different people with names spelled alike are not."""

from __future__ import annotations

import datetime

import pytest

from sanad.common.benchmarks import discover
from sanad.registry.models import Finding
from sanad.registry.quality import rules
from sanad.registry.quality.names import NameKeys, same_person
from sanad.registry.quality.pairs import pairs_make
from sanad.registry.quality.rules import PersonSnap
from sanad.registry.quality.selectors import finding_text
from sanad.registry.quality.services import findings_detect
from sanad.registry.quality.statuses import FindingKind
from sanad.registry.quality.transliteration import sounds_distance
from sanad.registry.services import enrollment_submit
from sanad.registry.spelling import name_sounds
from tests.registry.conftest import NATIONAL_ID, id_card
from tests.registry.test_quality import BORN, TODAY, phone


def person(latin: str = "", arabic: str = "", born: datetime.date = BORN) -> NameKeys:
    return NameKeys.read(latin, arabic, born)


@pytest.fixture
def enroll(fund, member_input, alice):
    """Enroll a man born on BORN with his own document number and phone; returns the enrollment."""

    def make(first, last, first_ar="", last_ar="", *, number, n):
        names = {"first_name": first, "last_name": last, "first_name_ar": first_ar, "last_name_ar": last_ar}
        document = id_card(fund).__class__(
            kind=NATIONAL_ID[fund], number=number, expires_on=TODAY.replace(year=2031)
        )
        return enrollment_submit(
            actor=alice,
            member=member_input(**names, sex="M", birth_date=BORN, phone=phone(fund, n)),
            documents=[document],
            dependants=(),
            on=TODAY,
        )

    return make


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Mohamed Ould Cheikh", "محمد ولد الشيخ"),
        ("Mohammed O. Cheikh", "مُحَمَّد ولد الشيخ"),
        ("Fatimetou Mint Sidi", "فاطمة بنت سيدي"),
        ("Vatma Mint Ahmedou", "فاطمة منت أحمدو"),
        ("Mohamed Lemine Ould Boubacar", "محمد الأمين ولد ببكر"),
        ("Sidi Ould Cheikh Abdallahi", "سيدي ولد الشيخ عبد الله"),
        ("Moctar Ould Daddah", "المختار ولد داداه"),
        ("Ely Ould Mohamed Vall", "اعلي ولد محمد فال"),
        ("Khadijetou Mint El Hacen", "خديجة بنت الحسن"),
        ("Mamadou Samba Diallo", "مامادو سامبا جالو"),
        ("Abdelkader Benali", "عبد القادر بن علي"),
        ("Brahim El Idrissi", "إبراهيم الإدريسي"),
        ("Driss Chraibi", "إدريس الشرايبي"),
        ("Hicham El Guerrouj", "هشام الكروج"),
        ("Hafida Bennani", "حفيظة بناني"),
        ("Youssef En-Nesyri", "يوسف النصيري"),
        ("Salaheddine Alaoui", "صلاح الدين العلوي"),
        ("Nawal El Moutawakel", "نوال المتوكل"),
    ],
)
def test_a_latin_only_file_and_an_arabic_file_of_one_person_are_a_likely_duplicate(latin, arabic):
    assert same_person(person(latin), person(arabic=arabic))
    assert same_person(person(arabic=arabic), person(latin))  # whichever file is checked


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Mohamed Ould Cheikh", "محمود ولد الشيخ"),  # Mahmoud: a long u the Latin does not write
        ("Mahmoud Ould Cheikh", "محمد ولد الشيخ"),
        ("Hassan Alaoui", "حسين العلوي"),  # Hussein
        ("Hussein Alaoui", "حسن العلوي"),
        ("Said Bennani", "سعد بناني"),  # Saad
        ("Hamid Ould Sidi", "احمد ولد سيدي"),  # Ahmed, even without its hamza
        ("Khalid Tazi", "خليل التازي"),  # Khalil
        ("Mohamed Ould Cheikh", "محمد ولد سيدي"),  # another father
        ("Mariem Mint Cheikh", "محمد ولد الشيخ"),  # a brother and a sister
    ],
)
def test_different_people_with_names_spelled_alike_are_not_a_duplicate(latin, arabic):
    assert not same_person(person(latin), person(arabic=arabic))


def test_names_alike_across_scripts_on_different_birth_dates_are_not_a_duplicate():
    later = BORN + datetime.timedelta(days=1)
    assert not same_person(person("Mohamed Ould Cheikh"), person(arabic="محمد ولد الشيخ", born=later))


def test_long_vowels_decide_and_short_ones_cost_nothing():
    assert sounds_distance(name_sounds("Mouhammad"), name_sounds("محمد")) == 0
    assert sounds_distance(name_sounds("Mohamed"), name_sounds("محمود")) >= 1


def test_quality_control_of_the_register_finds_a_person_in_latin_script_in_one_file_and_arabic_in_another(
    enroll, alice
):
    first = enroll("Mohamed", "Ould Cheikh", number="N1", n=1)  # Latin script only
    second = enroll("Mouhamadou", "Cheikhna", "محمد", "ولد الشيخ", number="N2", n=2)
    [finding] = findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY).opened
    assert finding.kind == FindingKind.DUPLICATE_PERSON and finding.blocking
    assert (finding.member_id, finding.other_member_id) == (second.member_id, first.member_id)
    text = finding_text(finding)
    assert "Mohamed Ould Cheikh" in text and "محمد ولد الشيخ" in text
    assert first.member.registration_number in text
    # Found from the other side too, as the same finding.
    assert findings_detect(actor=alice, enrollment_id=first.pk, on=TODAY).opened == ()
    assert Finding.objects.filter(kind=FindingKind.DUPLICATE_PERSON).count() == 1


def test_the_register_check_leaves_different_people_across_scripts_alone(enroll, alice):
    enroll("Mohamed", "Ould Cheikh", number="N1", n=1)  # Latin script only
    enroll("Mohamed", "Ould Sidi", number="N3", n=3)
    second = enroll("Mouhamadou", "Cheikhna", "محمود", "ولد الشيخ", number="N2", n=2)  # Mahmoud
    assert findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY).opened == ()


def test_generated_pairs_reach_the_recall_and_false_pair_targets():
    pairs = pairs_make(300, seed=7)
    assert len(pairs) == 600 and pairs == pairs_make(300, seed=7)
    found = [(pair.same, same_person(person(pair.latin), person(arabic=pair.arabic))) for pair in pairs]
    same = [hit for one, hit in found if one]
    different = [hit for one, hit in found if not one]
    assert sum(same) / len(same) >= 0.90
    assert sum(different) / len(different) <= 0.02
    assert {pair.kind for pair in pairs} == {
        "same",
        "near_given",
        "near_family",
        "other_given",
        "other_family",
    }


def test_the_names_benchmark_is_registered_and_needs_no_database():
    bench = discover()["names"]
    assert not bench.needs_database
    figures = {metric: value for metric, value, _unit in bench.run(0.001)}
    assert figures["recall_pct"] >= 90 and figures["false_pairs_pct"] <= 2 and figures["pairs_per_s"] > 0


def test_a_dependant_in_latin_script_who_is_a_member_in_arabic_script_elsewhere_is_found():
    child = PersonSnap(
        1,
        10,
        person("Sidi Ould Ahmed"),
        relationship="child",
        label="Sidi Ould Ahmed",
        name="Sidi Ould Ahmed",
    )
    member = PersonSnap(2, None, person("Sidy Ahmed", "سيدي ولد أحمد"), label="M2", name_ar="سيدي ولد أحمد")
    [hit] = rules.duplicate_persons([child], [member])
    assert hit.kind == FindingKind.DEPENDANT_IS_MEMBER_ELSEWHERE
    assert (hit.params["latin"], hit.params["arabic"]) == ("Sidi Ould Ahmed", "سيدي ولد أحمد")
    text = finding_text(Finding(kind=hit.kind, params=hit.params))
    assert "Sidi Ould Ahmed" in text and "سيدي ولد أحمد" in text


def test_names_typed_in_arabic_script_in_the_latin_fields_are_read_as_arabic():
    assert same_person(person("محمد ولد الشيخ"), person("Mohamed Ould Cheikh"))
