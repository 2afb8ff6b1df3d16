"""The complaints list, the reimbursement files of the branch counters and the facility's batches (issue 14):
each filter narrows its list, keeps through the pages and into the exports, whose headers and cells are in
the reader's language with no internal code; a person named leads to the member's page for those who read
the register; the file a complaint is about is named by its invoice number with its facility; a facility
sees only its own batches."""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sanad.claims.models import Batch, BillingFile, Complaint
from sanad.claims.selectors import batches as batch_selectors
from sanad.claims.selectors import complaints as complaint_selectors
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register
from sanad.claims.statuses import (
    BatchStatus,
    Channel,
    ComplainantKind,
    ComplaintStatus,
    FileStatus,
    SubmittedVia,
)
from sanad.claims.views import batches as batch_views
from sanad.claims.views import complaints as complaint_views
from sanad.claims.views import reimbursement_list as reimbursement_views
from sanad.common import permissions
from sanad.common.export import BOM
from sanad.common.permissions import Role
from sanad.providers.models import FacilityStaff
from sanad.registry.models import Dependant
from tests.claims.conftest import CARE_DAY, RECEIVED, agreed_centre, make_member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
COMPLAINTS = reverse("claims:complaint_queue")
BATCHES = reverse("claims:batch_list")


@pytest.fixture
def sebkha(db):
    return agreed_centre("CS-002", "Centre de santé de Sebkha", "MR-13", "DRS de Nouakchott-Sud")


@pytest.fixture
def register(tariff):
    """`register(facility, member, dependant=…)`: a file the facility billed, received by the fund."""
    serial = iter(range(1, 1000))

    def make(facility, member, *, dependant=None) -> BillingFile:
        sheet = CareSheetInput(
            facility_id=facility.pk,
            member_id=None if dependant else member.pk,
            dependant_id=dependant.pk if dependant else None,
            care_type="outpatient",
            care_date=CARE_DAY,
            lines=[LineInput(kind="act", code="CON-C", billed=Decimal("1000.00"), service_date=CARE_DAY)],
        )
        return billing_file_register(
            actor=None, sheet=sheet, invoice_number=f"MLF-{next(serial):04d}", received_on=RECEIVED
        )

    return make


@pytest.fixture
def complain():
    """`complain(member=… | facility=…, billing_file=…, …)`: a complaint registered at an office."""
    serial = iter(range(1, 1000))

    def make(
        *,
        member=None,
        facility=None,
        billing_file=None,
        region="MR-12",
        received_on=TODAY - 5 * DAY,
        due_on=TODAY + 10 * DAY,
        status=ComplaintStatus.OPEN,
        answered_on=None,
    ) -> Complaint:
        return Complaint.objects.create(
            number=f"RC-{next(serial):05d}",
            complainant=ComplainantKind.INSURED if member is not None else ComplainantKind.FACILITY,
            member=member,
            facility=facility,
            billing_file=billing_file,
            region=region,
            subject="Le remboursement n'a pas été fait.",
            received_on=received_on,
            due_on=due_on,
            status=status,
            answered_on=answered_on,
            answer="Vérifié." if answered_on else "",
        )

    return make


@pytest.fixture
def office(client, alice):
    """Alice, a counter agent, works the complaints of her regional office."""
    client.force_login(alice)
    return client


def _complaints(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-complaint="(\d+)"', response.content.decode())]


def _csv(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _xlsx(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def _walk(client, url: str, query: dict, pattern: str, kept: tuple[str, ...]) -> list[int]:
    """Every row of a list, following its "next page" links; each link keeps the filters `kept`."""
    seen: list[int] = []
    response = client.get(url, query)
    while True:
        assert response.status_code == 200
        page = response.content.decode()
        seen += [int(pk) for pk in re.findall(pattern, page)]
        found = re.search(r'href="\?([^"]*)" rel="next"', page)
        if not found:
            return seen
        link = found.group(1).replace("&amp;", "&")
        for name in kept:
            assert name in link, link
        response = client.get(f"{url}?{link}")


def _export_link(page: str, fmt: str) -> str:
    return re.search(rf'href="(\?[^"]*export={fmt})"', page).group(1).replace("&amp;", "&")


# ---- Complaints: each filter narrows -------------------------------------------------------------------


def test_the_status_narrows_the_complaints_open_ones_first(office, complain):
    waiting = complain(member=make_member())
    answered = complain(member=make_member(), status=ComplaintStatus.ANSWERED, answered_on=TODAY)

    assert _complaints(office.get(COMPLAINTS)) == [waiting.pk]
    assert _complaints(office.get(COMPLAINTS, {"status": "answered"})) == [answered.pk]
    assert set(_complaints(office.get(COMPLAINTS, {"status": "any"}))) == {waiting.pk, answered.pk}
    assert 'data-field="status"' in office.get(COMPLAINTS, {"status": "nonsense"}).content.decode()


def test_the_regional_office_narrows_the_complaints_and_is_named(office, complain):
    inchiri = complain(member=make_member(), region="MR-12")
    complain(member=make_member(), region="MR-13")

    page = office.get(COMPLAINTS, {"region": "MR-12"})

    assert _complaints(page) == [inchiri.pk]
    html = page.content.decode()
    assert "<td>Inchiri</td>" in html and "<td>MR-12</td>" not in html
    assert '<option value="MR-12" selected>Inchiri</option>' in html


def test_a_facility_by_code_or_name_keeps_its_complaints_and_those_on_its_files(
    office, complain, centre, sebkha, register
):
    member = make_member()
    by_facility = complain(facility=sebkha)
    on_its_file = complain(member=member, billing_file=register(sebkha, member))
    complain(member=member, billing_file=register(centre, member))
    complain(member=make_member())

    assert set(_complaints(office.get(COMPLAINTS, {"facility": "cs-002"}))) == {
        by_facility.pk,
        on_its_file.pk,
    }
    by_name = office.get(COMPLAINTS, {"facility": "Sebkha"})
    assert set(_complaints(by_name)) == {by_facility.pk, on_its_file.pk}
    assert "CS-002 · Centre de santé de Sebkha" in by_name.content.decode()
    unknown = office.get(COMPLAINTS, {"facility": "Nowhere"})
    assert _complaints(unknown) == [] and 'id="facilities-matched"' in unknown.content.decode()


def test_the_days_of_receipt_narrow_the_complaints(office, complain):
    early = complain(member=make_member(), received_on=TODAY - 40 * DAY)
    late = complain(member=make_member(), received_on=TODAY - 2 * DAY)
    since = (TODAY - 10 * DAY).isoformat()

    assert _complaints(office.get(COMPLAINTS, {"received_from": since})) == [late.pk]
    assert _complaints(office.get(COMPLAINTS, {"received_to": since})) == [early.pk]
    backwards = {"received_from": since, "received_to": (TODAY - 30 * DAY).isoformat()}
    assert 'data-field="received_to"' in office.get(COMPLAINTS, backwards).content.decode()


def test_the_overdue_ones_are_those_past_their_clock_open_or_answered_late(office, complain):
    late = complain(member=make_member(), due_on=TODAY - DAY)
    complain(member=make_member(), due_on=TODAY + DAY)
    answered_late = complain(
        member=make_member(),
        due_on=TODAY - 9 * DAY,
        status=ComplaintStatus.ANSWERED,
        answered_on=TODAY - 3 * DAY,
    )
    complain(
        member=make_member(),
        due_on=TODAY - 9 * DAY,
        status=ComplaintStatus.ANSWERED,
        answered_on=TODAY - 12 * DAY,
    )

    overdue = office.get(COMPLAINTS, {"overdue": "on"})
    assert _complaints(overdue) == [late.pk] and 'data-overdue="true"' in overdue.content.decode()
    assert _complaints(office.get(COMPLAINTS, {"overdue": "on", "status": "answered"})) == [answered_late.pk]
    assert _complaints(office.get(COMPLAINTS, {"overdue": "on", "status": "any"})) == [
        answered_late.pk,
        late.pk,
    ]


# ---- Complaints: paging, exports, people and files -----------------------------------------------------


def test_the_complaint_filters_survive_paging(office, complain, monkeypatch):
    wanted = [complain(member=make_member(), region="MR-12", due_on=TODAY + n * DAY) for n in range(3)]
    complain(member=make_member(), region="MR-13")
    complain(member=make_member(), region="MR-12", status=ComplaintStatus.ANSWERED, answered_on=TODAY)
    monkeypatch.setattr(
        complaint_views, "complaint_list", functools.partial(complaint_selectors.complaint_list, size=1)
    )

    seen = _walk(office, COMPLAINTS, {"region": "MR-12"}, r'data-complaint="(\d+)"', ("region=MR-12",))

    assert seen == [c.pk for c in wanted]


def test_a_cursor_typed_by_hand_starts_the_complaints_again(office, complain):
    complaint = complain(member=make_member())

    for cursor in ('["not a date", "1"]', '["2026-01-01", "x"]', "[1]", "junk"):
        assert _complaints(office.get(COMPLAINTS, {"after": cursor})) == [complaint.pk]
        assert _complaints(office.get(COMPLAINTS, {"before": cursor})) == [complaint.pk]


def test_the_complaints_csv_keeps_the_filters_and_speaks_french(office, complain, sebkha, register):
    member = make_member()
    child = Dependant.objects.create(
        member=member,
        first_name="Sidi",
        last_name="Ould Ahmed",
        sex="M",
        birth_date=datetime.date(2015, 3, 3),
        relationship="child",
    )
    billing_file = register(sebkha, member, dependant=child)
    kept = complain(facility=sebkha, billing_file=billing_file, region="MR-13", due_on=TODAY - 2 * DAY)
    complain(member=make_member(), region="MR-12")

    page = office.get(COMPLAINTS, {"region": "MR-13", "after": "junk"}).content.decode()
    link = _export_link(page, "csv")
    assert "region=MR-13" in link and "after=" not in link
    response = office.get(COMPLAINTS + link)

    assert 'filename="reclamations-' in response["Content-Disposition"]
    raw, rows = _csv(response)
    assert raw.startswith(BOM.encode("utf-8"))
    header, [row] = rows[0], rows[1:]
    with translation.override("fr"):
        assert header == [str(h) for h in complaint_views.EXPORT_HEADER]
    cells = dict(zip(header, row, strict=True))
    assert cells["Numéro de la réclamation"] == kept.number
    assert cells["Statut"] == "Ouverte"
    assert cells["Nom de l'auteur de la réclamation"] == "Centre de santé de Sebkha"
    assert cells["Bénéficiaire"] == "Sidi Ould Ahmed"
    assert cells["Numéro d'immatriculation"] == member.registration_number
    assert cells["Délégation régionale"] == "Nouakchott-Ouest"
    assert cells["Reçu le"] == kept.received_on.isoformat()
    assert cells["Délai dépassé"] == "Oui"
    assert cells["Numéro de facture"] == billing_file.invoice_number
    assert (cells["Code de la formation sanitaire"], cells["Formation sanitaire"]) == (
        "CS-002",
        "Centre de santé de Sebkha",
    )
    text = raw.decode("utf-8-sig")
    for code in ("MR-13", "open", "facility", "insured", "True", "False", "None"):
        assert code not in text


def test_the_complaints_xlsx_opens_in_arabic_with_dates_typed(office, complain):
    member = make_member()
    complaint = complain(member=member, received_on=datetime.date(2026, 4, 1))

    sheet = _xlsx(office.get(COMPLAINTS, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar"))

    header, row = list(sheet.iter_rows(values_only=True))
    with translation.override("ar"):
        assert list(header) == [str(h) for h in complaint_views.EXPORT_HEADER]
        assert row[1] == str(ComplaintStatus.OPEN.label)
        assert row[2] == str(ComplainantKind.INSURED.label)
    assert sheet.sheet_view.rightToLeft
    assert row[0] == complaint.number and row[5] == member.registration_number
    assert row[6] == "إينشيري"
    assert row[7] == datetime.datetime(2026, 4, 1)
    assert "Complaint number" not in header and "Numéro de la réclamation" not in header


def test_the_complainant_and_the_beneficiary_lead_to_the_member_page_for_readers_of_the_register(
    client, alice, complain, sebkha, register, monkeypatch
):
    member = make_member()
    child = Dependant.objects.create(
        member=member,
        first_name="Sidi",
        last_name="Ould Ahmed",
        sex="M",
        birth_date=datetime.date(2015, 3, 3),
        relationship="child",
    )
    complain(facility=sebkha, billing_file=register(sebkha, member, dependant=child))
    insured = make_member()
    complain(member=insured)
    client.force_login(alice)

    page = client.get(COMPLAINTS).content.decode()
    to_family = reverse("registry:member_detail", args=[member.pk])
    to_insured = reverse("registry:member_detail", args=[insured.pk])
    assert f'<a href="{to_family}" class="person">Sidi Ould Ahmed</a>' in page
    assert f'<a href="{to_insured}" class="person">{insured.full_name}</a>' in page

    # An office whose agents do not read the register sees the names, not the links.
    readers = permissions.CAPABILITIES["registry.view"] - {Role.COUNTER_AGENT}
    monkeypatch.setitem(permissions.CAPABILITIES, "registry.view", readers)
    client.force_login(alice)
    page = client.get(COMPLAINTS).content.decode()
    assert "Sidi Ould Ahmed" in page and insured.full_name in page
    assert to_family not in page and to_insured not in page


def test_the_file_is_named_by_its_invoice_number_with_its_facility(
    client, alice, checker, complain, sebkha, register
):
    member = make_member()
    billing_file = register(sebkha, member)
    complain(member=member, billing_file=billing_file)
    file_page = reverse("claims:fund_file", args=[billing_file.pk])

    client.force_login(alice)
    page = client.get(COMPLAINTS).content.decode()
    assert f'<span class="file">{billing_file.invoice_number}</span>' in page
    assert '<span class="facility">CS-002 · Centre de santé de Sebkha</span>' in page
    assert file_page not in page  # the counter agent does not read billing files
    client.force_login(checker)
    page = client.get(COMPLAINTS).content.decode()
    assert f'<a href="{file_page}" class="file">{billing_file.invoice_number}</a>' in page


def test_the_complaints_page_speaks_arabic(office, complain):
    complain(member=make_member())

    page = office.get(COMPLAINTS, {"facility": "CS"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    with translation.override("ar"):
        for english in (
            "Facility (code or name)",
            "Waiting for an answer",
            "All regional offices",
            "Export CSV",
        ):
            assert translation.gettext(english) in page
            assert english not in page
        assert str(ComplaintStatus.OPEN.label) in page
    assert ">Open<" not in page and ">MR-12<" not in page and "Insured person" not in page


def test_the_complaints_list_is_kept_from_facility_staff(client, make_user, centre):
    clerk = make_user("clerk", Role.FACILITY_STAFF)
    FacilityStaff.objects.create(user=clerk, facility=centre)
    client.force_login(clerk)

    assert client.get(COMPLAINTS).status_code == 403
    assert client.get(COMPLAINTS, {"export": "csv"}).status_code == 403


# ---- The facility's batches ----------------------------------------------------------------------------


@pytest.fixture
def desk(make_user, centre):
    """Fatimetou prepares the batches of the Teyarett centre."""
    user = make_user("fatimetou", Role.FACILITY_STAFF, first_name="Fatimetou")
    FacilityStaff.objects.create(user=user, facility=centre)
    return user


def _batch(facility, number: str, *, group="outpatient", status=BatchStatus.SUBMITTED, submitted_on=None):
    return Batch.objects.create(
        facility=facility,
        number=number,
        group=group,
        status=status,
        submitted_on=submitted_on if status != BatchStatus.OPEN else None,
    )


def _batches(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-batch="(\d+)"', response.content.decode())]


def test_each_filter_narrows_the_facility_batches(client, desk, centre):
    open_one = _batch(centre, "B-1", status=BatchStatus.OPEN)
    april = _batch(centre, "B-2", submitted_on=datetime.date(2026, 4, 3))
    stay = _batch(centre, "B-3", group="inpatient", submitted_on=datetime.date(2026, 5, 6))
    received = _batch(centre, "B-4", status=BatchStatus.RECEIVED, submitted_on=datetime.date(2026, 5, 2))
    client.force_login(desk)

    assert _batches(client.get(BATCHES)) == [received.pk, stay.pk, april.pk, open_one.pk]
    assert _batches(client.get(BATCHES, {"status": "open"})) == [open_one.pk]
    assert _batches(client.get(BATCHES, {"group": "inpatient"})) == [stay.pk]
    assert _batches(client.get(BATCHES, {"submitted_from": "2026-05-01"})) == [received.pk, stay.pk]
    assert _batches(client.get(BATCHES, {"submitted_to": "2026-04-30"})) == [april.pk]
    both = {"status": "submitted", "group": "outpatient"}
    assert _batches(client.get(BATCHES, both)) == [april.pk]
    backwards = {"submitted_from": "2026-05-01", "submitted_to": "2026-04-01"}
    assert 'data-field="submitted_to"' in client.get(BATCHES, backwards).content.decode()


def test_a_facility_sees_and_exports_only_its_own_batches(client, desk, centre, sebkha):
    own = _batch(centre, "B-1", submitted_on=datetime.date(2026, 4, 3))
    theirs = _batch(sebkha, "B-THEIRS", submitted_on=datetime.date(2026, 4, 3))
    client.force_login(desk)

    page = client.get(BATCHES, {"facility": "CS-002"})
    assert _batches(page) == [own.pk] and theirs.number not in page.content.decode()
    _, rows = _csv(client.get(BATCHES, {"export": "csv"}))
    assert [row[0] for row in rows[1:]] == ["B-1"]


def test_the_batch_filters_survive_paging_and_reach_the_export(client, desk, centre, monkeypatch):
    wanted = [_batch(centre, f"B-{n}", submitted_on=datetime.date(2026, 4, n + 1)) for n in range(3)]
    _batch(centre, "B-STAY", group="inpatient", submitted_on=datetime.date(2026, 4, 2))
    _batch(centre, "B-OPEN", status=BatchStatus.OPEN)
    monkeypatch.setattr(
        batch_selectors, "batch_list_facility", functools.partial(batch_selectors.batch_list_facility, size=1)
    )
    client.force_login(desk)
    query = {"group": "outpatient", "status": "submitted"}

    seen = _walk(client, BATCHES, query, r'data-batch="(\d+)"', ("group=outpatient", "status=submitted"))
    assert seen == [b.pk for b in reversed(wanted)]

    link = _export_link(client.get(BATCHES, query).content.decode(), "csv")
    assert "group=outpatient" in link and "status=submitted" in link
    _, rows = _csv(client.get(BATCHES + link))
    assert [row[0] for row in rows[1:]] == ["B-2", "B-1", "B-0"]


def test_the_batches_export_speaks_french_then_arabic_with_labels_not_codes(client, desk, centre, register):
    batch = _batch(centre, "B-7", status=BatchStatus.RECEIVED, submitted_on=datetime.date(2026, 4, 3))
    Batch.objects.filter(pk=batch.pk).update(received_on=datetime.date(2026, 4, 6), receipt_number="AR-7")
    billing_file = register(centre, make_member())
    BillingFile.objects.filter(pk=billing_file.pk).update(batch=batch, status=FileStatus.RECEIVED)
    client.force_login(desk)

    raw, rows = _csv(client.get(BATCHES, {"export": "csv"}))
    assert raw.startswith(BOM.encode("utf-8"))
    with translation.override("fr"):
        assert rows[0] == [str(h) for h in batch_views.EXPORT_HEADER]
        status = str(BatchStatus.RECEIVED.label)
    assert rows[1] == [
        "B-7",
        "Soins ambulatoires",
        "1",
        "1000.00",
        status,
        "2026-04-03",
        "AR-7",
        "2026-04-06",
    ]
    text = raw.decode("utf-8-sig")
    for code in ("outpatient", "received", "True", "None"):
        assert code not in text

    sheet = _xlsx(client.get(BATCHES, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar"))
    header, row = list(sheet.iter_rows(values_only=True))
    with translation.override("ar"):
        assert list(header) == [str(h) for h in batch_views.EXPORT_HEADER]
        assert row[4] == str(BatchStatus.RECEIVED.label)
    assert "outpatient" not in row[1] and row[1] != "Soins ambulatoires"
    assert row[3] == pytest.approx(1000) and row[5] == datetime.datetime(2026, 4, 3)


def test_the_batches_page_speaks_arabic(client, desk, centre):
    _batch(centre, "B-1", submitted_on=datetime.date(2026, 4, 3))
    client.force_login(desk)

    page = client.get(BATCHES, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    with translation.override("ar"):
        for english in ("All statuses", "All types", "Submitted from", "Export XLSX", "Clear the filters"):
            assert translation.gettext(english) in page
            assert english not in page
    assert ">Submitted<" not in page


def test_the_batches_list_is_the_facilitys_only(client, checker):
    client.force_login(checker)
    assert client.get(BATCHES).status_code == 403
    assert client.get(BATCHES, {"export": "csv"}).status_code == 403


# ---- The reimbursement files at the branch counters ----------------------------------------------------

REIMBURSEMENTS = reverse("claims:reimbursement_list")


@pytest.fixture
def reimbursed(register):
    """`reimbursed(facility, member, …)`: a file of care the insured paid first, filed for reimbursement."""

    def make(
        facility,
        member,
        *,
        via=SubmittedVia.BRANCH,
        received_on=RECEIVED,
        status=FileStatus.VALIDATED,
        dependant=None,
    ) -> BillingFile:
        billing_file = register(facility, member, dependant=dependant)
        BillingFile.objects.filter(pk=billing_file.pk).update(
            channel=Channel.REIMBURSEMENT, submitted_via=via, received_on=received_on, status=status
        )
        billing_file.refresh_from_db()
        return billing_file

    return make


def _files(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-file="(\d+)"', response.content.decode())]


def test_each_filter_narrows_the_reimbursement_files(office, centre, sebkha, register, reimbursed):
    member = make_member()
    counter = reimbursed(centre, member, received_on=datetime.date(2026, 4, 2))
    online = reimbursed(sebkha, member, via=SubmittedVia.SELF_SERVICE, received_on=datetime.date(2026, 4, 9))
    checked = reimbursed(centre, member, received_on=datetime.date(2026, 4, 5), status=FileStatus.ADMIN_CHECK)
    register(centre, member)  # billed by the facility: not a reimbursement

    assert _files(office.get(REIMBURSEMENTS)) == [counter.pk, checked.pk, online.pk]
    assert _files(office.get(REIMBURSEMENTS, {"status": "admin_check"})) == [checked.pk]
    assert _files(office.get(REIMBURSEMENTS, {"via": "self_service"})) == [online.pk]
    assert _files(office.get(REIMBURSEMENTS, {"facility": "Sebkha"})) == [online.pk]
    assert _files(office.get(REIMBURSEMENTS, {"received_from": "2026-04-05"})) == [checked.pk, online.pk]
    assert _files(office.get(REIMBURSEMENTS, {"received_to": "2026-04-04"})) == [counter.pk]
    backwards = {"received_from": "2026-04-05", "received_to": "2026-04-01"}
    assert 'data-field="received_to"' in office.get(REIMBURSEMENTS, backwards).content.decode()
    assert 'data-field="status"' in office.get(REIMBURSEMENTS, {"status": "draft"}).content.decode()


def test_the_reimbursement_filters_survive_paging_and_reach_the_export(
    office, centre, sebkha, reimbursed, monkeypatch
):
    member = make_member()
    wanted = [reimbursed(centre, member, received_on=datetime.date(2026, 4, n + 1)) for n in range(3)]
    reimbursed(sebkha, member)
    reimbursed(centre, member, via=SubmittedVia.SELF_SERVICE)
    monkeypatch.setattr(
        reimbursement_views,
        "reimbursement_list",
        functools.partial(complaint_selectors.reimbursement_list, size=1),
    )
    query = {"facility": "CS-001", "via": "branch"}

    seen = _walk(office, REIMBURSEMENTS, query, r'data-file="(\d+)"', ("facility=CS-001", "via=branch"))
    assert seen == [f.pk for f in wanted]

    link = _export_link(office.get(REIMBURSEMENTS, query).content.decode(), "csv")
    _, rows = _csv(office.get(REIMBURSEMENTS + link))
    assert [row[1] for row in rows[1:]] == [f.invoice_number for f in wanted]


def test_the_reimbursements_export_speaks_french_then_arabic(office, centre, reimbursed):
    member = make_member()
    child = Dependant.objects.create(
        member=member,
        first_name="Sidi",
        last_name="Ould Ahmed",
        sex="M",
        birth_date=datetime.date(2015, 3, 3),
        relationship="child",
    )
    billing_file = reimbursed(centre, member, dependant=child, received_on=datetime.date(2026, 4, 2))

    raw, rows = _csv(office.get(REIMBURSEMENTS, {"export": "csv"}))
    assert raw.startswith(BOM.encode("utf-8"))
    with translation.override("fr"):
        assert rows[0] == [str(h) for h in reimbursement_views.EXPORT_HEADER]
    assert rows[1][:9] == [
        "2026-04-02",
        billing_file.invoice_number,
        "Sidi Ould Ahmed",
        member.registration_number,
        "CS-001",
        "Centre de santé de Teyarett",
        CARE_DAY.isoformat(),
        "Assuré, en agence",
        "1000.00",
    ]
    assert rows[1][10] == "Validé"
    text = raw.decode("utf-8-sig")
    for code in ("branch", "validated", "reimbursement", "True", "None"):
        assert code not in text

    sheet = _xlsx(office.get(REIMBURSEMENTS, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar"))
    header, row = list(sheet.iter_rows(values_only=True))
    with translation.override("ar"):
        assert list(header) == [str(h) for h in reimbursement_views.EXPORT_HEADER]
        assert row[7] == str(SubmittedVia.BRANCH.label) and row[10] == str(FileStatus.VALIDATED.label)
    assert sheet.sheet_view.rightToLeft
    assert row[0] == datetime.datetime(2026, 4, 2) and row[8] == pytest.approx(1000)


def test_the_beneficiary_of_a_reimbursement_leads_to_the_member_page_for_readers_of_the_register(
    client, alice, make_user, centre, reimbursed
):
    member = make_member()
    reimbursed(centre, member)
    link = f'<a href="{reverse("registry:member_detail", args=[member.pk])}" class="person">'

    client.force_login(alice)
    assert link + f"{member.full_name}</a>" in client.get(REIMBURSEMENTS).content.decode()
    # The finance officer reads the files, not the register: the name, without the link.
    client.force_login(make_user("moussa", Role.FINANCE_OFFICER))
    page = client.get(REIMBURSEMENTS).content.decode()
    assert member.full_name in page and link not in page


def test_the_reimbursements_page_speaks_arabic_and_is_kept_from_facility_staff(
    client, alice, make_user, centre, reimbursed
):
    reimbursed(centre, make_member())
    client.force_login(alice)

    page = client.get(REIMBURSEMENTS, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    with translation.override("ar"):
        for english in ("Reimbursement files", "At a branch or online", "All statuses", "Export CSV"):
            assert translation.gettext(english) in page
            assert english not in page
        assert str(SubmittedVia.BRANCH.label) in page
    assert "Insured person, at a branch" not in page and ">Validated<" not in page
    clerk = make_user("clerk", Role.FACILITY_STAFF)
    FacilityStaff.objects.create(user=clerk, facility=centre)
    client.force_login(clerk)
    assert client.get(REIMBURSEMENTS).status_code == 403
    assert client.get(REIMBURSEMENTS, {"export": "csv"}).status_code == 403


# ---- Every filter rides an index (PostgreSQL's plans) -------------------------------------------------

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's plans")


def _plans(run, table: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        list(run())
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or f'"{table}"' not in sql:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
            transaction.set_rollback(True)
    return plans


@postgres_only
@pytest.mark.parametrize(
    "filters",
    [
        complaint_selectors.ComplaintFilters(),
        complaint_selectors.ComplaintFilters(statuses=None),
        complaint_selectors.ComplaintFilters(region="MR-12"),
        complaint_selectors.ComplaintFilters(statuses=None, facility_ids=(1, 2)),
        complaint_selectors.ComplaintFilters(statuses=None, received_from=TODAY, received_to=TODAY),
        complaint_selectors.ComplaintFilters(overdue=True),
        complaint_selectors.ComplaintFilters(statuses=None, overdue=True),
    ],
    ids=["open", "any", "region", "facility", "received", "overdue", "any-overdue"],
)
def test_no_filter_of_the_complaints_reads_a_table_whole(alice, complain, filters):
    complain(member=make_member())

    plans = _plans(
        lambda: complaint_selectors.complaint_list(user=alice, filters=filters, today=TODAY).rows,
        Complaint._meta.db_table,
    )

    assert plans
    for plan in plans:
        assert "Seq Scan" not in plan, plan


@postgres_only
@pytest.mark.parametrize(
    "filters",
    [
        batch_selectors.FacilityBatchFilters(status="submitted"),
        batch_selectors.FacilityBatchFilters(group="inpatient"),
        batch_selectors.FacilityBatchFilters(submitted_from=TODAY, submitted_to=TODAY),
    ],
    ids=["status", "group", "submitted"],
)
def test_no_filter_of_the_facility_batches_reads_a_table_whole(desk, centre, filters):
    _batch(centre, "B-1", submitted_on=TODAY)

    plans = _plans(
        lambda: batch_selectors.batch_list_facility(user=desk, filters=filters).rows, Batch._meta.db_table
    )

    assert plans
    for plan in plans:
        assert "Seq Scan" not in plan, plan


@postgres_only
@pytest.mark.parametrize(
    "filters",
    [
        complaint_selectors.ReimbursementFilters(),
        complaint_selectors.ReimbursementFilters(status="validated", submitted_via="branch"),
        complaint_selectors.ReimbursementFilters(facility_ids=(1, 2)),
        complaint_selectors.ReimbursementFilters(received_from=RECEIVED, received_to=RECEIVED),
    ],
    ids=["any", "status-via", "facility", "received"],
)
def test_no_filter_of_the_reimbursement_files_reads_a_table_whole(alice, centre, reimbursed, filters):
    reimbursed(centre, make_member())

    plans = _plans(
        lambda: complaint_selectors.reimbursement_list(user=alice, filters=filters).rows,
        BillingFile._meta.db_table,
    )

    assert plans
    for plan in plans:
        assert "Seq Scan" not in plan, plan
