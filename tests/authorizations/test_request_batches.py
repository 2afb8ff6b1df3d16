"""Batches of requests (seed 002, CNOPS oncology centres: "par lots de 30 au maximum, avant l'acte"): the
facility hands in its requests awaiting a decision, at most the profile's batch size, and gets the fund's
numbered receipt on the spot, listing each request by its reference."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.authorizations import services
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.selectors.batches import batch_receipt_html
from sanad.common.errors import DomainError
from tests.authorizations.conftest import STAY, family, submit

pytestmark = pytest.mark.django_db

PAPERS = ("request_form", "confidential_report")


def pending(clerk, count):
    return [submit(clerk, family(), "medical_stay", "medical_stay", STAY, PAPERS) for _ in range(count)]


def test_a_batch_over_the_profile_size_is_refused_naming_the_limit(fund, clerk, catalogue):
    limit = fund.profile.authorizations.request_batch_max
    assert limit == 30  # seed 002
    requests = pending(clerk, limit + 1)
    with pytest.raises(DomainError) as refused:
        services.authorization_batch_hand_in(actor=clerk, references=[r.reference for r in requests])
    assert "30" in refused.value.message and "31" in refused.value.message
    assert not any(r.batch_id for r in requests)

    batch = services.authorization_batch_hand_in(
        actor=clerk, references=[r.reference for r in requests[:limit]]
    )
    assert batch.requests.count() == limit


def test_the_receipt_is_numbered_and_lists_the_references(client, clerk, catalogue):
    requests = pending(clerk, 3)
    client.force_login(clerk)
    posted = client.post(reverse("authorizations:batches"), {"references": [r.reference for r in requests]})
    assert posted.status_code == 302

    batch = AuthorizationRequest.objects.get(pk=requests[0].pk).batch
    assert batch.number.startswith("LD-")
    html = batch_receipt_html(batch=batch)
    assert batch.number in html and all(r.reference in html for r in requests)
    receipt = client.get(reverse("authorizations:batch_receipt", args=[batch.number]))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF-")
    assert requests[0].events.filter(action="authorization_batch_hand_in").exists()


def test_a_request_is_handed_in_once_and_only_by_its_facility(clerk, other_clerk, catalogue):
    first, second = pending(clerk, 2)
    services.authorization_batch_hand_in(actor=clerk, references=[first.reference])
    with pytest.raises(DomainError):
        services.authorization_batch_hand_in(actor=clerk, references=[first.reference, second.reference])
    with pytest.raises(DomainError):
        services.authorization_batch_hand_in(actor=other_clerk, references=[second.reference])
