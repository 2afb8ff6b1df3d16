"""The desk's preview keeps the catalogue's reference snapshot a minute per process: a clerk opening draft
files reads the catalogue once, and sees a change to it at once."""

from __future__ import annotations

import datetime

import pytest

from sanad.catalog import snapshot_window
from sanad.catalog.models import KeyLetterValue
from sanad.catalog.snapshot_window import RECENT, reference_snapshot_recent
from tests.claims.conftest import FUND, START

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def catalogue(db):
    return KeyLetterValue.objects.create(letter="C", value="1000.00", valid_from=START)


def letter_values(reference) -> list[str]:
    return [str(value.value) for value in reference.key_letters.get("C", ())]


def test_a_second_preview_reads_no_catalogue(catalogue, django_assert_num_queries):
    reference_snapshot_recent(fund=FUND, start=DAY, end=DAY, sector="public")

    with django_assert_num_queries(0):
        again = reference_snapshot_recent(
            fund=FUND, start=DAY, end=DAY + datetime.timedelta(days=30), sector="public"
        )

    assert letter_values(again) == ["1000.00"]


def test_a_change_to_the_catalogue_shows_in_the_next_preview(catalogue):
    reference_snapshot_recent(fund=FUND, start=DAY, end=DAY, sector="public")

    catalogue.value = "1200.00"
    catalogue.save()

    assert letter_values(reference_snapshot_recent(fund=FUND, start=DAY, end=DAY, sector="public")) == [
        "1200.00"
    ]


def test_a_snapshot_older_than_a_minute_is_read_again(catalogue, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(snapshot_window.time, "monotonic", lambda: clock[0])
    reference_snapshot_recent(fund=FUND, start=DAY, end=DAY, sector="public")
    KeyLetterValue.objects.filter(pk=catalogue.pk).update(value="1300.00")  # no signal: another process

    kept = reference_snapshot_recent(fund=FUND, start=DAY, end=DAY, sector="public")
    clock[0] += RECENT
    fresh = reference_snapshot_recent(fund=FUND, start=DAY, end=DAY, sector="public")

    assert (letter_values(kept), letter_values(fresh)) == (["1000.00"], ["1300.00"])


def test_dates_outside_the_window_read_the_catalogue_again(catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reference_snapshot_recent(fund=FUND, start=DAY, end=DAY, sector="public")
    far = DAY + snapshot_window.MARGIN + datetime.timedelta(days=1)

    with CaptureQueriesContext(connection) as near_queries:
        reference_snapshot_recent(fund=FUND, start=DAY, end=DAY, sector="public")
    with CaptureQueriesContext(connection) as far_queries:
        reference = reference_snapshot_recent(fund=FUND, start=far, end=far, sector="public")

    assert len(near_queries) == 0 and len(far_queries) > 0
    assert letter_values(reference) == ["1000.00"]
