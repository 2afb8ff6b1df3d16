"""Builders of the source rows the clock and counter figures read (written as they are stored, each clock
given by hand), and the rules of the duration buckets every clock indicator shares."""

from __future__ import annotations

import datetime
import itertools
import re
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

from django.utils import timezone

from sanad.authorizations.models import AuthorizationRequest, Decision
from sanad.claims.models import Complaint
from sanad.providers.models import AgreementRequest, Facility
from sanad.registry.models import Contribution, Enrollment, Member, QueueTicket
from sanad.reports.compute._durations import ClockTally, bucket_days, bucket_hours
from sanad.reports.models import Figure

_serial = itertools.count(1)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment on the fund's wall clock."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def facility(region: str = "MR-01", kind: str = "health_centre") -> Facility:
    number = next(_serial)
    return Facility.objects.create(
        code=f"RP-{number:04d}",
        name_fr=f"Centre {number}",
        kind=kind,
        sector="public",
        level="health_centre",
        region=region,
    )


def member(region: str = "MR-01") -> Member:
    number = next(_serial)
    return Member.objects.create(
        registration_number=f"T{number:08d}",
        first_name="Aminetou",
        last_name=f"Mint {number}",
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        population="national",
        nationality="MR",
        region=region,
        enrolled_on=datetime.date(2026, 1, 1),
    )


def enrollment(*, status: str, submitted_on, due_on, decided_on=None, region: str = "MR-01") -> Enrollment:
    return Enrollment.objects.create(
        member=member(region),
        status=status,
        submitted_on=submitted_on,
        due_on=due_on,
        decided_on=decided_on,
    )


def agreement(*, place: Facility, status: str, requested_on, due_on, decided_on=None) -> AgreementRequest:
    return AgreementRequest.objects.create(
        facility=place,
        status=status,
        requested_on=requested_on,
        directorate_copy="DRS",
        due_on=due_on,
        decided_on=decided_on,
    )


def authorization(
    *,
    place: Facility,
    status: str,
    submitted_at,
    due_at,
    received_at=None,
    decided_at=None,
    kind: str | None = None,
    emergency: bool = False,
) -> AuthorizationRequest:
    """A request; with `kind`, its first answer (a decision of that kind at `decided_at`)."""
    holder = member(place.region)
    request = AuthorizationRequest.objects.create(
        reference=f"PA-{next(_serial):06d}",
        facility=place,
        member=holder,
        beneficiary=holder.registration_number,
        request_type="surgery",
        admission="surgery",
        emergency=emergency,
        status=status,
        submitted_at=submitted_at,
        received_at=received_at,
        due_at=due_at,
        decided_at=decided_at,
    )
    if kind is not None:
        validity = (
            {} if kind == "refused" else {"valid_from": decided_at.date(), "valid_to": decided_at.date()}
        )
        decision = Decision.objects.create(
            request=request,
            kind=kind,
            action="decide",
            facility=place,
            counts="days",
            decided_at=decided_at,
            **validity,
        )
        request.decision = decision
        request.save(update_fields=["decision"])
    return request


def complaint(*, region: str, received_on, due_on, answered_on=None) -> Complaint:
    return Complaint.objects.create(
        number=f"RC-{next(_serial):06d}",
        complainant="insured",
        region=region,
        subject="Remboursement",
        received_on=received_on,
        due_on=due_on,
        status="answered" if answered_on else "open",
        answered_on=answered_on,
    )


def ticket(*, branch: str, day, number: int, issued_at, called_at=None, served_at=None) -> QueueTicket:
    return QueueTicket.objects.create(
        branch=branch,
        day=day,
        number=number,
        service="enrollment",
        issued_at=issued_at,
        called_at=called_at,
        served_at=served_at,
    )


def contribution(
    *, holder: Member, method: str, amount: str, paid_on, status: str = "recorded"
) -> Contribution:
    value = Decimal(amount)
    return Contribution.objects.create(
        member=holder,
        method=method,
        insured_share=value,
        sponsor_share=Decimal("0.00"),
        amount=value,
        currency="MRU",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        paid_on=paid_on,
        receipt_number=f"R-{next(_serial):08d}",
        status=status,
    )


def computed(monkeypatch, day, module) -> None:
    """`day_compute` of a day with only `module`'s area: the other areas (written beside this one) are left
    out, so that these tests read their own figures whatever the state of the others."""
    from sanad.reports import compute

    monkeypatch.setattr(compute, "area_modules", lambda: [module])
    compute.day_compute(day=day)


def figures(indicator: str, day) -> dict[tuple[str, str], tuple[int, int, Decimal]]:
    """A day's stored figures of an indicator, by (region, key): count, on time, hours."""
    return {
        (f.region, f.key): (f.count, f.on_time, f.hours)
        for f in Figure.objects.filter(grain="day", indicator=indicator, day=day)
    }


def listed(client, url: str, pattern: str) -> set[str]:
    """The references a list page shows (each matched by `pattern`), after following its link."""
    parts = urlsplit(url)
    response = client.get(parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)))
    assert response.status_code == 200
    return set(re.findall(pattern, response.content.decode()))


def test_a_duration_falls_in_the_bucket_of_its_whole_hours_started():
    assert [bucket_hours(s) for s in (0, 3599, 3600, 7199, 49 * 3600 + 1, -5)] == [
        "0",
        "0",
        "1",
        "1",
        "49",
        "0",
    ]


def test_a_duration_in_days_falls_in_the_bucket_of_its_whole_days():
    assert [bucket_days(d) for d in (0, 1, 29, 30, -1)] == ["0", "1", "29", "30", "0"]


def test_a_tally_gives_one_figure_per_dimensions_and_bucket_with_the_cases_on_time():
    tally = ClockTally("x")
    tally.add(region="MR-01", bucket="2", on_time=True, hours=Decimal("48"))
    tally.add(region="MR-01", bucket="2", on_time=False, hours=Decimal("50.005"))
    tally.add(region="MR-02", bucket="2", on_time=True, hours=Decimal("49"))
    rows = {(r.region, r.key): (r.count, r.on_time, r.hours) for r in tally.rows()}
    assert rows == {
        ("MR-01", "2"): (2, 1, Decimal("98.01")),
        ("MR-02", "2"): (1, 1, Decimal("49.00")),
    }
