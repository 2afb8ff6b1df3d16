"""A certificate refused while a blocking finding of the register check is open (seed 003: quality control of
the register before a rights certificate is issued) names the problem in plain words, never the finding's
database id (issue 15, item 3): the insured person downloading their own certificate reads it too."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.translation import override

from sanad.common.errors import DomainError, ErrorCode
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.models import Finding
from sanad.registry.quality.statuses import FindingKind
from tests.registry.test_certificate_family import family_enroll


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", "Mêmes noms et date de naissance qu'un autre assuré principal"),
        ("ar", "الأسماء وتاريخ الازدياد نفسها لدى مؤمَّن رئيسي آخر"),
    ],
)
def test_no_certificate_while_a_blocking_finding_is_open_named_by_its_kind_not_its_id(alice, language, words):
    member = family_enroll(actor=alice)
    Finding.objects.bulk_create(  # enough findings for the open one's id to have two digits
        Finding(
            kind=FindingKind.SHARED_PHONE,
            blocking=False,
            status="dismissed",
            reason="seen",
            member=member,
            key=f"old:{n}",
            found_on=timezone.localdate(),
        )
        for n in range(12)
    )
    finding = Finding.objects.create(
        kind=FindingKind.DUPLICATE_PERSON,
        blocking=True,
        member=member,
        key=f"test:{member.pk}",
        found_on=timezone.localdate(),
    )

    with override(language), pytest.raises(DomainError) as refused:
        certificate_issue(actor=alice, member_id=member.pk)

    assert refused.value.code == ErrorCode.CONFLICT
    assert words in refused.value.message
    assert str(finding.pk) not in refused.value.message
