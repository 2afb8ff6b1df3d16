"""Fixtures of the register tests: the three fund profiles, and people ready to enroll."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.funds import load_profile
from sanad.registry.inputs import CertificateInput, DependantInput, DocumentInput, MemberInput

FUNDS = ["cnass-mr", "cnops-ma", "cnss-ma"]
TODAY = datetime.date(2026, 11, 23)
# A national identity document of each fund, and a valid mobile number of its country.
NATIONAL_ID = {"cnass-mr": "national_id_card", "cnops-ma": "cnie", "cnss-ma": "cnie"}
PHONE = {"cnass-mr": "+22236123456", "cnops-ma": "+212612345678", "cnss-ma": "+212612345678"}


@pytest.fixture(params=FUNDS)
def fund(request, settings) -> str:
    """Run the test once per fund profile, that profile being the active one."""
    settings.SANAD_FUND = request.param
    return request.param


@pytest.fixture
def profile(fund):
    return load_profile(fund)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Photos and scans go to a throw-away folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def id_card(fund: str, expires_on: datetime.date = datetime.date(2030, 1, 1)) -> DocumentInput:
    return DocumentInput(kind=NATIONAL_ID[fund], number="A123456", expires_on=expires_on)


def certificates(
    *kinds: str, issued_on=datetime.date(2026, 9, 1), expires_on=None
) -> tuple[CertificateInput, ...]:
    return tuple(CertificateInput(kind=kind, issued_on=issued_on, expires_on=expires_on) for kind in kinds)


@pytest.fixture
def member_input(fund, profile) -> Callable[..., MemberInput]:
    """A national of the fund's country, 40 years old, with a photo; any field can be overridden."""

    def make(**fields) -> MemberInput:
        values = {
            "first_name": "Aminetou",
            "last_name": "Mint Ahmed",
            "first_name_ar": "أمينتو",
            "last_name_ar": "منت أحمد",
            "sex": "F",
            "birth_date": datetime.date(1986, 5, 4),
            "population": "national",
            "nationality": profile.country,
            "phone": PHONE[fund],
            "region": profile.regions[0].code,
            "photo": SimpleUploadedFile(
                "photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg"
            ),
        }
        return MemberInput(**{**values, **fields})

    return make


def child(
    birth_date: datetime.date, *certs: CertificateInput, disabled: bool = False, name="Sidi"
) -> DependantInput:
    return DependantInput(
        first_name=name,
        last_name="Ould Ahmed",
        sex="M",
        birth_date=birth_date,
        relationship="child",
        disabled=disabled,
        certificates=certs,
    )


def spouse(birth_date: datetime.date, *certs: CertificateInput) -> DependantInput:
    return DependantInput(
        first_name="Mohamed",
        last_name="Ould Ahmed",
        sex="M",
        birth_date=birth_date,
        relationship="spouse",
        certificates=certs,
    )
