"""Issue 14, item 4: the insured person's page shows each dependant's own rights today, in plain words, and
the papers missing or out of date (a student's school certificate expired, a spouse's proof missing)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from sanad.common.permissions import Role
from sanad.registry.models import SupportingCertificate
from sanad.registry.selectors.family import family_standing
from sanad.registry.services import contribution_record, enrollment_submit
from tests.registry.conftest import certificates, child, id_card, spouse

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
URL = reverse("registry:selfservice_family")


def years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years) if (day.month, day.day) != (2, 29) else day - 365 * years * DAY


@pytest.fixture
def family(fund, profile, member_input, alice):
    """A covered member with a spouse (proof of no profession), a child of 9, a student of 23 whose school
    certificate ran out ten days ago (the unmarried certificate holds), and a son who turns 21 in 30 days."""
    enrolled_on = TODAY - 400 * DAY
    issued = TODAY - 450 * DAY
    member = enrollment_submit(
        actor=alice,
        member=member_input(),
        documents=[id_card(fund)],
        dependants=[
            spouse(datetime.date(1984, 2, 1), *certificates("no_profession_proof", issued_on=issued)),
            child(years_before(TODAY, 9), name="Fatimetou"),
            child(
                years_before(TODAY, 23),
                *certificates("school_certificate", issued_on=issued, expires_on=TODAY - 10 * DAY),
                *certificates("unmarried_certificate", issued_on=issued),
                name="Ahmed",
            ),
            child(years_before(TODAY, 21) + 30 * DAY, name="Sidi"),
        ],
        on=enrolled_on,
    ).member
    paid_to = enrolled_on - DAY
    while paid_to < TODAY:
        paid_to = contribution_record(
            actor=alice,
            member_id=member.pk,
            method="bank_transfer",
            reference="VIR-1",
            paid_on=enrolled_on,
            period_start=paid_to + DAY,
            salary=Decimal("9000.00"),
            confirm_gap=True,
        ).period_end
    return member


@pytest.fixture
def insured(client, make_user, family):
    user = make_user("aminetou", Role.INSURED)
    family.user = user
    family.save(update_fields=["user"])
    client.force_login(user)
    return client


def _row(html: str, first_name: str) -> str:
    """The table row of the dependant named `first_name`."""
    rows = re.findall(r"<tr data-dependant=.*?</tr>", html, re.S)
    return next(row for row in rows if re.search(rf"<td>{first_name}\b", row))


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_student_whose_school_certificate_expired_is_shown_not_covered_with_the_paper_named(
    fund, profile, family, insured
):
    page = insured.get(URL)

    assert page.status_code == 200
    html = page.content.decode()
    student = _row(html, "Ahmed")
    expired_on = (TODAY - 10 * DAY).strftime("%d/%m/%Y")
    assert 'data-covered="no"' in student
    assert 'data-paper="school_certificate" data-state="expired"' in student
    assert f"certificat de scolarité : validité terminée le {expired_on}" in _visible(student).lower()
    assert 'data-paper="unmarried_certificate" data-state="valid"' in student
    assert 'data-covered="yes"' in _row(html, "Fatimetou")
    assert f'data-member="{family.registration_number}" data-covered="yes"' in html
    assert 'id="papers-to-bring"' in html
    # Plain words only: no code of the register on the page.
    for code in ("school_certificate", "unmarried_certificate", "missing_certificate", "covered"):
        assert code not in _visible(html)


def test_a_spouse_without_the_proof_of_no_profession_is_told_what_is_missing(fund, profile, family, insured):
    SupportingCertificate.objects.filter(dependant__member=family, kind="no_profession_proof").delete()

    html = insured.get(URL).content.decode()

    row = _row(html, "Mohamed")
    if profile.dependants.spouse_proof_of_no_profession:  # CNOPS, CNSS
        assert 'data-covered="no"' in row
        assert 'data-paper="no_profession_proof" data-state="missing"' in row
        assert "attestation de non-emploi : à fournir" in _visible(row).lower()
    else:  # CNASS asks no proof of a spouse
        assert 'data-covered="yes"' in row and "data-paper=" not in row


def test_a_child_about_to_reach_21_is_announced_the_papers_needed(fund, profile, family, insured):
    html = insured.get(URL).content.decode()

    row = _row(html, "Sidi")
    born = years_before(TODAY, 21) + 30 * DAY
    turning = born.replace(year=born.year + 21) if (born.month, born.day) != (2, 29) else TODAY + 30 * DAY
    assert 'data-covered="yes"' in row
    assert 'data-notice="soon"' in row
    assert "21" in _visible(row) and "certificat de scolarité" in _visible(row).lower()
    assert turning.strftime("%d/%m/%Y") in _visible(row)


def test_the_page_reads_in_arabic(fund, family, insured):
    insured.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ar"

    html = insured.get(URL).content.decode()

    assert 'dir="rtl"' in html
    assert "شهادة مدرسية" in _visible(_row(html, "Ahmed"))


def test_the_standing_names_the_missing_papers_of_each_dependant(fund, family):
    standing = family_standing(member=family, on=TODAY)

    by_name = {row.dependant.first_name: row for row in standing.dependants}
    assert [p.kind for p in by_name["Ahmed"].missing] == ["school_certificate"]
    assert by_name["Ahmed"].missing[0].day == TODAY - 10 * DAY
    assert not by_name["Ahmed"].covered and by_name["Fatimetou"].covered
    assert standing.papers_missing and standing.rights.covered


def test_only_the_insured_person_sees_the_page(fund, family, client, alice):
    client.force_login(alice)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page
