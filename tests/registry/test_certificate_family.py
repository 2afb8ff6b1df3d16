"""A covered family for the certificate and API tests, built through the services as at the counter."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanad.funds.active import active_profile
from sanad.registry.inputs import MemberInput
from sanad.registry.models import Member
from sanad.registry.selectors import Beneficiary, rights_on
from sanad.registry.services import contribution_record, enrollment_submit
from tests.registry.conftest import PHONE, certificates, child, id_card, spouse

DAY = datetime.timedelta(days=1)


def family_enroll(*, actor, covered_on: datetime.date | None = None, first_name="Aminetou") -> Member:
    """A member born in 1986 with a spouse (born 1984) and a child (born 2016), covered on `covered_on`."""
    profile = active_profile()
    covered_on = covered_on or timezone.localdate()
    start = covered_on - (profile.rights.waiting_days + 1) * DAY
    member = enrollment_submit(
        actor=actor,
        member=MemberInput(
            first_name=first_name,
            last_name="Mint Ahmed",
            first_name_ar="أمينتو",
            last_name_ar="منت أحمد",
            sex="F",
            birth_date=datetime.date(1986, 5, 4),
            population="national",
            nationality=profile.country,
            phone=PHONE[profile.code],
            region=profile.regions[0].code,
            photo=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg"),
        ),
        documents=[id_card(profile.code)],
        dependants=[
            spouse(
                datetime.date(1984, 2, 1),
                *certificates("no_profession_proof", issued_on=start - 365 * DAY),
            ),
            child(datetime.date(2016, 6, 1), name="Fatimetou"),
        ],
        on=start - DAY,
    ).member
    paid_to = start - DAY
    while paid_to < covered_on:
        paid_to = contribution_record(
            actor=actor,
            member_id=member.pk,
            method="bank_transfer",
            reference="V1",
            paid_on=start,
            period_start=paid_to + DAY,
            salary=Decimal("9000.00"),
        ).period_end
    return member


def test_the_family_is_covered_on_the_day_asked(alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    day = datetime.date(2025, 6, 1)

    member = family_enroll(actor=alice, covered_on=day)

    assert rights_on(beneficiary=Beneficiary.member(member.pk), on=day).covered
    assert member.dependants.count() == 2
