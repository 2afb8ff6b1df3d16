import pytest
from django.urls import reverse

from sanad.common.demo import DEMO_PASSWORD
from sanad.common.demo.users import DEMO_USERS
from sanad.common.permissions import Role
from sanad.registry.models import Member

# What each role's home page must show in English: its title and one of its real figures.
EXPECTED = {
    Role.COUNTER_AGENT: ("Counter", "Enrolled today"),
    Role.ENROLLMENT_OFFICER: ("Enrollment", "Enrollments past their processing time"),
    Role.FACILITY_STAFF: ("Facility", "Staff accounts"),
    Role.MEDICAL_ADVISER: ("Medical review", "Facilities on the care pyramid"),
    Role.CLAIMS_CHECKER: ("Claims checks", "Members"),
    Role.FINANCE_OFFICER: ("Finance", "Facilities in the network"),
    Role.MANAGER: ("Management", "Accounts by role"),
    Role.ADMINISTRATOR: ("Administration", "Audit events today"),
    Role.INSURED: ("My coverage", "covered today"),
}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_logs_in_and_sees_its_home_page(client, demo, role):
    response = client.post(
        reverse("login"),
        {"username": DEMO_USERS[role], "password": DEMO_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("home")
    page = response.content.decode()
    title, figure = EXPECTED[role]
    assert title in page
    assert figure in page


def test_the_home_page_shows_real_counts(client, demo):
    client.force_login(demo.users[Role.MANAGER.value])

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["members"]["members"] == 40
    assert response.context["members"]["dependants"] == demo.counts["dependants"]
    assert sum(row["count"] for row in response.context["pyramid"]) == demo.counts["facilities"]


def test_an_insured_person_sees_only_their_own_record(client, demo):
    insured = demo.users[Role.INSURED.value]
    own = Member.objects.get(user=insured)
    other = Member.objects.exclude(pk=own.pk).first()
    client.force_login(insured)

    page = client.get(reverse("home")).content.decode()

    assert own.registration_number in page
    assert other.registration_number not in page


def test_a_facility_account_sees_only_its_facility(client, demo):
    staff = demo.users[Role.FACILITY_STAFF.value]
    client.force_login(staff)

    response = client.get(reverse("home"))

    own = staff.facility_staff.facility
    assert response.context["facility"] == own
    others = [f.code for f in demo.facilities if f != own]
    page = response.content.decode()
    assert not any(code in page for code in others)


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_wrong_password_shows_an_error_and_does_not_log_in(client, demo):
    response = client.post(
        reverse("login"), {"username": "agent", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_five_failures(client, demo):
    for _ in range(5):
        client.post(reverse("login"), {"username": "agent", "password": "wrong"})

    response = client.post(
        reverse("login"), {"username": "agent", "password": DEMO_PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_only_administrators_reach_the_admin(client, demo):
    client.force_login(demo.users[Role.MANAGER.value])
    assert client.get("/admin/").status_code == 302

    client.force_login(demo.users[Role.ADMINISTRATOR.value])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/common/auditevent/").status_code == 200


def test_pages_send_a_content_security_policy(client, db):
    response = client.get(reverse("login"))

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_enrollment_officer_sees_how_many_enrollments_are_overdue(client, demo):
    from django.utils import timezone

    from sanad.registry.selectors import enrollments_overdue

    client.force_login(demo.users[Role.ENROLLMENT_OFFICER.value])

    response = client.get(reverse("home"))

    expected = enrollments_overdue(today=timezone.localdate()).count()
    assert response.context["enrollments_overdue"] == expected


def test_an_insured_person_sees_whether_they_are_covered_today(client, demo):
    from django.utils import timezone

    from sanad.registry.selectors import rights_on

    insured = demo.users[Role.INSURED.value]
    member = Member.objects.get(user=insured)
    client.force_login(insured)

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    rights = rights_on(registration_number=member.registration_number, on=timezone.localdate())
    assert ("You are covered today." if rights.covered else "You are not covered today.") in page
    assert str(rights.reason.label) in page


def test_a_covered_insured_person_finds_the_certificate_link_on_the_home_page(client, demo):
    from django.utils import timezone

    from sanad.registry.selectors import rights_on

    insured = demo.users[Role.INSURED.value]
    member = Member.objects.get(user=insured)
    client.force_login(insured)

    page = client.get(reverse("home")).content.decode()

    link = reverse("certificates:download", args=[member.registration_number])
    covered = rights_on(registration_number=member.registration_number, on=timezone.localdate()).covered
    assert (link in page) == covered


def test_the_manager_sees_the_average_wait_per_branch_today(client, demo):
    from sanad.registry.services.queue import ticket_call_next, ticket_issue

    agent = demo.users[Role.COUNTER_AGENT.value]
    branch = demo.profile.regions[0].code
    ticket_issue(actor=agent, branch=branch, service="enrollment")
    ticket_call_next(actor=agent, branch=branch, counter=1)
    client.force_login(demo.users[Role.MANAGER.value])

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    [wait] = response.context["waits"]
    assert wait.branch == branch and wait.issued == 1 and wait.waiting == 0
    assert "Waiting times today" in response.content.decode()


def test_a_facility_account_sees_its_own_billing_files_by_status(client, demo):
    from sanad.claims.models import BillingFile, InfoRequest

    staff = demo.users[Role.FACILITY_STAFF.value]
    client.force_login(staff)
    own = staff.facility_staff.facility

    files = client.get(reverse("home")).context["facility_files"]

    mine = BillingFile.objects.filter(facility=own)
    assert files["draft"] == mine.filter(status="draft").count() > 0
    assert files["validated"] == mine.filter(status="validated").count()
    assert (
        files["papers_asked"]
        == InfoRequest.objects.filter(billing_file__facility=own, answered_on__isnull=True).count()
    )
    assert sum(files[status] for status in ("draft", "submitted", "validated", "rejected")) <= mine.count()
