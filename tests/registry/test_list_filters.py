"""The enrollments list's filters and exports (issue 14): by region, status, name in either script or
registration number, day of submission and clock; the filters keep through the pages and into the
exports, whose headers and cells are in the reader's language; every name leads to the member's page."""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re

import openpyxl
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sanad.common.export import BOM
from sanad.common.permissions import Role
from sanad.registry.models import Enrollment, Member
from sanad.registry.selectors import enrollment as enrollment_selectors
from sanad.registry.services import enrollment_submit
from sanad.registry.statuses import EnrollmentStatus
from sanad.registry.views import lists
from tests.registry.conftest import NATIONAL_ID, TODAY

pytestmark = pytest.mark.django_db
FUND = "cnass-mr"


@pytest.fixture
def fund(settings) -> str:
    """One fund is enough here: the filters read no profile rule but its regions."""
    settings.SANAD_FUND = FUND
    return FUND


@pytest.fixture
def enroll(fund, member_input, alice):
    """`enroll(first, last, region=…, **fields)`: a member enrolled today at the counter."""
    from sanad.registry.inputs import DocumentInput

    serial = iter(range(1, 1000))

    def make(first_name: str, last_name: str, *, region: str = "MR-12", **fields) -> Enrollment:
        number = next(serial)
        return enrollment_submit(
            actor=alice,
            member=member_input(first_name=first_name, last_name=last_name, region=region, **fields),
            documents=[
                DocumentInput(
                    kind=NATIONAL_ID[fund], number=f"L{number:05d}", expires_on=datetime.date(2030, 1, 1)
                )
            ],
            on=TODAY,
        )

    return make


@pytest.fixture
def agent(client, alice):
    client.force_login(alice)
    return client


def _listed(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-enrollment="(\d+)"', response.content.decode())]


URL = "registry:enrollment_list"
LATIN_ONLY = {"first_name_ar": "", "last_name_ar": ""}


def test_the_region_narrows_the_list_and_is_named_in_the_readers_language(agent, enroll):
    inchiri = enroll("Aminetou", "Mint Ahmed", region="MR-12")
    hodh = enroll("Mariem", "Mint Sidi", region="MR-01")

    assert set(_listed(agent.get(reverse(URL)))) == {inchiri.pk, hodh.pk}
    assert _listed(agent.get(reverse(URL), {"region": "MR-12"})) == [inchiri.pk]
    french = agent.get(reverse(URL)).content.decode()
    assert '<option value="MR-12">Inchiri</option>' in french
    arabic = agent.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<option value="MR-12">إينشيري</option>' in arabic


def test_the_status_narrows_the_list_waiting_ones_first(agent, enroll):
    waiting = enroll("Aminetou", "Mint Ahmed")
    certified = enroll("Mariem", "Mint Sidi")
    Enrollment.objects.filter(pk=certified.pk).update(status=EnrollmentStatus.CERTIFIED, decided_on=TODAY)

    assert _listed(agent.get(reverse(URL))) == [waiting.pk]
    assert _listed(agent.get(reverse(URL), {"status": "certified"})) == [certified.pk]
    assert set(_listed(agent.get(reverse(URL), {"status": "any"}))) == {waiting.pk, certified.pk}
    assert 'data-field="status"' in agent.get(reverse(URL), {"status": "nonsense"}).content.decode()


def test_a_name_in_arabic_script_finds_a_latin_record(agent, enroll):
    fatimetou = enroll("Fatimetou", "Mint Sidi", **LATIN_ONLY)
    enroll("Aminetou", "Mint Ahmed", **LATIN_ONLY)

    assert _listed(agent.get(reverse(URL), {"q": "فاطمة"})) == [fatimetou.pk]
    assert _listed(agent.get(reverse(URL), {"q": "fatimatou sidi"})) == [fatimetou.pk]
    assert _listed(agent.get(reverse(URL), {"q": "Fatimetou Bouh"})) == []


def test_the_registration_number_finds_its_member_whatever_its_spacing(agent, enroll):
    wanted = enroll("Aminetou", "Mint Ahmed")
    enroll("Mariem", "Mint Sidi")
    number = wanted.member.registration_number
    typed = f"{number[:3]} {number[3:]}".lower()

    assert _listed(agent.get(reverse(URL), {"q": typed})) == [wanted.pk]


def test_the_day_of_submission_and_the_clock_narrow_the_list(agent, enroll):
    earlier = enroll("Aminetou", "Mint Ahmed")
    later = enroll("Mariem", "Mint Sidi")
    today = timezone.localdate()
    Enrollment.objects.filter(pk=earlier.pk).update(
        submitted_on=TODAY - datetime.timedelta(days=40), due_on=today - datetime.timedelta(days=3)
    )

    assert _listed(agent.get(reverse(URL), {"submitted_from": TODAY.isoformat()})) == [later.pk]
    assert _listed(agent.get(reverse(URL), {"submitted_to": "2026-11-01"})) == [earlier.pk]
    overdue = agent.get(reverse(URL), {"overdue": "on", "region": "MR-12"})
    assert _listed(overdue) == [earlier.pk] and 'data-overdue="1"' in overdue.content.decode()
    backwards = {"submitted_from": "2026-11-23", "submitted_to": "2026-11-01"}
    assert 'data-field="submitted_to"' in agent.get(reverse(URL), backwards).content.decode()


def test_the_filters_survive_paging(agent, enroll, monkeypatch):
    wanted = [enroll("Salem", f"Ould Family{n}", region="MR-12") for n in range(3)]
    enroll("Salem", "Ould Elsewhere", region="MR-01")
    enroll("Mariem", "Mint Sidi", region="MR-12")
    monkeypatch.setattr(
        enrollment_selectors,
        "enrollment_list",
        functools.partial(enrollment_selectors.enrollment_list, size=1),
    )

    seen = []
    response = agent.get(reverse(URL), {"q": "salem", "region": "MR-12"})
    while True:
        seen += _listed(response)
        found = re.search(r'href="\?([^"]*)" rel="next"', response.content.decode())
        if not found:
            break
        query = found.group(1).replace("&amp;", "&")
        assert "q=salem" in query and "region=MR-12" in query
        response = agent.get(f"{reverse(URL)}?{query}")

    assert seen == [e.pk for e in wanted]


def test_every_name_leads_to_the_member_page(agent, enroll):
    enrollment = enroll("Aminetou", "Mint Ahmed")
    page = agent.get(reverse(URL)).content.decode()
    link = reverse("registry:member_detail", args=[enrollment.member_id])
    assert f'<a href="{link}" class="person">Aminetou Mint Ahmed</a>' in page


def test_the_csv_export_keeps_the_filters_and_speaks_french(agent, enroll):
    kept = enroll("Aminetou", "Mint Ahmed", region="MR-12")
    enroll("Mariem", "Mint Sidi", region="MR-01")

    page = agent.get(reverse(URL), {"region": "MR-12"}).content.decode()
    link = re.search(r'href="(\?[^"]*export=csv)"', page).group(1).replace("&amp;", "&")
    response = agent.get(reverse(URL) + link)

    raw = b"".join(response.streaming_content)
    assert raw.startswith(BOM.encode("utf-8"))
    assert 'filename="adhesions-' in response["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    with translation.override("fr"):
        assert header == [str(h) for h in lists.EXPORT_HEADER]
    assert header[:2] == ["Numéro d'immatriculation", "Nom"]
    member = kept.member
    assert rows == [
        [
            member.registration_number,
            "Aminetou Mint Ahmed",
            "أمينتو منت أحمد",
            "Inchiri",
            "Déposé",
            TODAY.isoformat(),
            kept.due_on.isoformat(),
            str((kept.due_on - timezone.localdate()).days),
        ]
    ]
    assert "MR-12" not in raw.decode("utf-8-sig") and "submitted" not in raw.decode("utf-8-sig")


def test_the_xlsx_export_opens_in_arabic_with_dates_typed(agent, enroll):
    enrollment = enroll("Aminetou", "Mint Ahmed", region="MR-12")

    response = agent.get(reverse(URL), {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar")

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header, row = list(sheet.iter_rows(values_only=True))
    with translation.override("ar"):
        assert list(header) == [str(h) for h in lists.EXPORT_HEADER]
        assert row[4] == str(EnrollmentStatus.SUBMITTED.label)
    assert sheet.sheet_view.rightToLeft
    assert row[0] == enrollment.member.registration_number
    assert row[3] == "إينشيري"
    assert row[5] == datetime.datetime.combine(TODAY, datetime.time())


def test_the_list_is_kept_from_those_who_do_not_read_the_register(client, make_user):
    client.force_login(make_user("clerk", Role.FACILITY_STAFF))
    assert client.get(reverse(URL)).status_code == 403
    assert client.get(reverse(URL), {"export": "csv"}).status_code == 403


# ---- Every filter rides an index (PostgreSQL's plans) -------------------------------------------------

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's plans")


@postgres_only
@pytest.mark.parametrize(
    "filters",
    [
        enrollment_selectors.EnrollmentFilters(region="MR-12"),
        enrollment_selectors.EnrollmentFilters(statuses=None, region="MR-12"),
        enrollment_selectors.EnrollmentFilters(statuses={"certified"}),
        enrollment_selectors.EnrollmentFilters(statuses=None, text="Aminetou Ahmed"),
        enrollment_selectors.EnrollmentFilters(statuses=None, text="T 0000 001"),
        enrollment_selectors.EnrollmentFilters(statuses=None, submitted_from=TODAY),
        enrollment_selectors.EnrollmentFilters(overdue=True),
    ],
    ids=["region", "any-status-region", "status", "name", "number", "submitted", "overdue"],
)
def test_no_filter_of_the_enrollments_reads_a_table_whole(alice, enroll, filters):
    enroll("Aminetou", "Mint Ahmed")
    with CaptureQueriesContext(connection) as captured:
        enrollment_selectors.enrollment_list(user=alice, filters=filters, today=TODAY)
    queries = [q["sql"] for q in captured.captured_queries if "registry_enrollment" in q["sql"]]

    assert queries
    for sql in queries:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            transaction.set_rollback(True)
        assert "Seq Scan" not in plan, plan


def test_members_are_counted_once(enroll):
    # The name filter's keys are the member's own: a family sharing a name is listed once.
    enrollment = enroll("Salem", "Ould Salem")
    assert Member.objects.count() == 1
    page = enrollment_selectors.enrollment_list(
        user=enrollment.submitted_by,
        filters=enrollment_selectors.EnrollmentFilters(text="Salem"),
        today=TODAY,
    )
    assert [e.pk for e in page.rows] == [enrollment.pk]


def test_the_filters_and_exports_speak_arabic_on_an_arabic_page(agent, enroll):
    enroll("Aminetou", "Mint Ahmed")

    page = agent.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    with translation.override("ar"):
        for english in ("Name or registration number", "Waiting for a decision", "All regions", "Export CSV"):
            assert translation.gettext(english) in page
            assert english not in page
        assert str(EnrollmentStatus.SUBMITTED.label) in page
    assert ">Submitted<" not in page and "MR-12<" not in page
