"""Rights at the desk: by registration number or the certificate's QR code, for the member and each
dependant, with until when and why not; the page answers in a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sanad.claims.selectors.desk import desk_check
from sanad.common.errors import DomainError, ErrorCode
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.models import SupportingCertificate
from tests.claims.desk.conftest import AROUND_TODAY, TODAY, YEAR_2026, family

ON = datetime.date(2026, 6, 15)


def test_a_covered_member_is_covered_until_the_end_of_the_rights_period(clerk):
    member = family()

    check = desk_check(user=clerk, query=member.registration_number, on=ON)

    [own] = check.people
    assert own.person == member
    assert (own.rights.covered, own.rights.reason) == (True, "covered")
    assert own.until == YEAR_2026[1]


def test_a_member_with_no_contribution_is_not_covered_and_the_page_says_why(clerk):
    member = family(covered=None)

    [own] = desk_check(user=clerk, query=member.registration_number, on=ON).people

    assert (own.rights.covered, own.rights.reason, own.until) == (False, "no_contribution", None)
    assert own.why_not


def test_a_member_in_the_grace_period_is_covered_until_its_end(clerk):
    member = family(covered=(datetime.date(2025, 6, 1), datetime.date(2026, 6, 10)))

    [own] = desk_check(user=clerk, query=member.registration_number, on=ON).people

    assert own.rights.reason == "grace"
    assert own.until > datetime.date(2026, 6, 10)


def test_a_dependant_over_the_age_limit_is_not_covered(clerk):
    member = family(
        dependants=[
            {"relationship": "child", "birth_date": datetime.date(2016, 1, 1), "first_name": "Sidi"},
            {"relationship": "child", "birth_date": datetime.date(1998, 1, 1), "first_name": "Moussa"},
        ]
    )

    _own, old, young = desk_check(user=clerk, query=member.registration_number, on=ON).people

    assert (young.person.first_name, young.rights.covered) == ("Sidi", True)
    assert (old.person.first_name, old.age, old.rights.covered) == ("Moussa", 28, False)
    assert old.rights.reason == "age_limit"


def test_a_student_child_needs_its_certificates(clerk):
    member = family(dependants=[{"relationship": "child", "birth_date": datetime.date(2003, 1, 1)}])
    child = member.dependants.get()

    [_own, without] = desk_check(user=clerk, query=member.registration_number, on=ON).people
    for kind in ("school_certificate", "unmarried_certificate"):
        SupportingCertificate.objects.create(
            dependant=child,
            kind=kind,
            issued_on=datetime.date(2025, 9, 1),
            expires_on=datetime.date(2026, 8, 31),
        )
    [_own, student] = desk_check(user=clerk, query=member.registration_number, on=ON).people

    assert (without.rights.covered, without.rights.reason) == (False, "missing_certificate")
    assert "2026" in without.why_not  # the verdict names the day the certificates are missing on
    assert (student.rights.covered, student.until) == (True, YEAR_2026[1])


def test_a_child_is_covered_until_the_eve_of_the_age_limit(clerk):
    member = family(dependants=[{"relationship": "child", "birth_date": datetime.date(2005, 9, 1)}])

    [_own, child] = desk_check(user=clerk, query=member.registration_number, on=ON).people

    assert (child.rights.covered, child.until, child.until_age_limit) == (
        True,
        datetime.date(2026, 8, 31),
        True,
    )


def test_the_clerk_scans_the_certificates_qr_code(clerk, settings):
    settings.SANAD_PUBLIC_URL = "https://sanad.example"
    member = family(dependants=[{"relationship": "spouse", "birth_date": datetime.date(1984, 2, 2)}])
    certificate = certificate_issue(actor=None, member_id=member.pk, on=ON)

    check = desk_check(user=clerk, query=f"  {certificate.url}\n", on=ON)

    assert check.member == member
    assert check.certificate.serial == certificate.payload.serial
    assert [p.rights.covered for p in check.people] == [True, True]
    assert not check.certificate_expired


def test_a_certificate_whose_signature_fails_is_refused(clerk):
    member = family()
    token = certificate_issue(actor=None, member_id=member.pk, on=ON).token
    middle = len(token) // 2
    forged = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]

    with pytest.raises(DomainError) as caught:
        desk_check(user=clerk, query=f"http://127.0.0.1:8000/verify/{forged}/", on=ON)

    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID, "query")


def test_a_number_with_a_wrong_check_digit_or_unknown_is_refused(clerk):
    member = family()
    wrong = member.registration_number[:-1] + str((int(member.registration_number[-1]) + 1) % 10)

    with pytest.raises(DomainError) as bad:
        desk_check(user=clerk, query=wrong, on=ON)
    with pytest.raises(DomainError) as unknown:
        desk_check(user=clerk, query="CNA0000000018", on=ON)

    assert (bad.value.code, bad.value.field) == (ErrorCode.INVALID, "query")
    assert (unknown.value.code, unknown.value.field) == (ErrorCode.NOT_FOUND, "query")


def test_only_facility_staff_check_rights_at_the_desk(checker):
    member = family()

    with pytest.raises(DomainError) as caught:
        desk_check(user=checker, query=member.registration_number, on=ON)

    assert caught.value.code == ErrorCode.FORBIDDEN


def _children(count: int) -> list[dict]:
    return [{"relationship": "child", "birth_date": datetime.date(2012, 1, 1 + n)} for n in range(count)]


@pytest.mark.parametrize("children", [0, 1, 6])
def test_the_eligibility_page_answers_in_a_constant_number_of_queries(
    client, clerk, children, django_assert_max_num_queries
):
    member = family(covered=AROUND_TODAY, dependants=_children(children))
    client.force_login(clerk)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("claims:desk"), {"query": member.registration_number})

    assert response.status_code == 200
    assert len(response.context["check"].people) == 1 + children
    assert response.context["check"].on == TODAY
    html = response.content.decode()
    assert 'id="authorizations"' in html
    assert html.count('class="button open-sheet"') == 1 + children


def test_the_eligibility_page_shows_a_bad_number_next_to_the_field(client, clerk):
    client.force_login(clerk)

    response = client.get(reverse("claims:desk"), {"query": "CNA123"})

    assert response.status_code == 400
    assert 'data-field="query"' in response.content.decode()


def test_fund_staff_do_not_use_the_desk(client, checker):
    client.force_login(checker)

    assert client.get(reverse("claims:desk")).status_code == 403


def test_the_page_says_covered_once_and_names_the_grace_period(client, clerk):
    covered = family(covered=AROUND_TODAY)
    in_grace = family(covered=(TODAY - datetime.timedelta(days=400), TODAY - datetime.timedelta(days=5)))
    client.force_login(clerk)

    plain = client.get(reverse("claims:desk"), {"query": covered.registration_number}).content.decode()
    grace = client.get(reverse("claims:desk"), {"query": in_grace.registration_number}).content.decode()

    assert 'class="muted">Couvert<' not in plain
    assert "Couvert pendant le délai de grâce" in grace
