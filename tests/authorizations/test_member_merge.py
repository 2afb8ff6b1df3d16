"""A person's two records merged in the register: their requests follow the kept record, so that the
adviser sees them all and claims find them by the kept person's key."""

from __future__ import annotations

import pytest
from django.db import transaction

from sanad.registry.models import Member
from sanad.registry.signals import member_merging
from tests.authorizations.conftest import STAY, family, submit

pytestmark = pytest.mark.django_db


def test_the_requests_of_a_merged_member_follow_the_kept_record(clerk, member):
    other = family()
    request = submit(clerk, other, "medical_stay", "medical_stay", STAY)
    with transaction.atomic():
        answers = member_merging.send(sender=Member, actor=None, kept=member, other=other)
    request.refresh_from_db()
    assert (request.member_id, request.beneficiary) == (member.pk, f"M{member.pk}")
    assert {"authorization_requests": [request.pk]} in [answer for _receiver, answer in answers]
