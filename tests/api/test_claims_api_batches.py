"""GET /api/v1/claims/batches: a facility's software lists its own batches (newest first, by status, paged
by key); the fund's reception lists the batches waiting for their receipt; a broken cursor is a 400."""

from __future__ import annotations

import pytest

from sanad.claims.statuses import BatchStatus
from tests.api.claims_conftest import API, billed_file, submitted_batch

pytestmark = pytest.mark.usefixtures("claims_world_rules")
JSON = "application/json"


def open_batch(client) -> dict:
    return client.post(f"{API}/batches", {"group": "outpatient"}, content_type=JSON).json()


def test_a_facility_lists_its_batches_newest_first_and_by_status(client, world):
    client.force_login(world.clerk)
    sent = submitted_batch(client, [billed_file(client, world.member, "F-1")["id"]])
    draft = open_batch(client)

    every = client.get(f"{API}/batches").json()
    submitted = client.get(f"{API}/batches", {"status": "submitted"}).json()

    assert [b["id"] for b in every["items"]] == [draft["id"], sent["id"]]
    assert [b["id"] for b in submitted["items"]] == [sent["id"]]
    [item] = submitted["items"]
    assert (item["number"], item["facility_code"], item["status"], item["file_count"]) == (
        sent["number"],
        "CS-001",
        BatchStatus.SUBMITTED,
        1,
    )
    assert every["next_after"] is None


def test_a_facility_pages_its_batches_by_key(client, world):
    client.force_login(world.clerk)
    ids = [open_batch(client)["id"] for _ in range(3)]

    first = client.get(f"{API}/batches", {"size": 2}).json()
    second = client.get(f"{API}/batches", {"size": 2, "after": first["next_after"]}).json()

    assert [b["id"] for b in first["items"]] + [b["id"] for b in second["items"]] == ids[::-1]
    assert second["next_after"] is None


def test_a_facility_never_lists_another_facilitys_batches(client, world):
    client.force_login(world.clerk)
    open_batch(client)
    client.force_login(world.other_clerk)

    assert client.get(f"{API}/batches").json()["items"] == []


def test_the_reception_lists_the_batches_waiting_for_their_receipt(client, world):
    client.force_login(world.clerk)
    first = submitted_batch(client, [billed_file(client, world.member, "F-1")["id"]])
    second = submitted_batch(client, [billed_file(client, world.member, "F-2")["id"]])
    open_batch(client)
    client.force_login(world.checker)

    waiting = client.get(f"{API}/batches").json()

    assert [b["id"] for b in waiting["items"]] == [first["id"], second["id"]]


@pytest.mark.parametrize("who", ["clerk", "checker"])
def test_a_broken_cursor_is_a_400_naming_it(client, world, who):
    client.force_login(getattr(world, who))

    response = client.get(f"{API}/batches", {"after": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json()["field"] == "after"
