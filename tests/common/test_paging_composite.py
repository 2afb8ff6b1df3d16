"""Keyset pagination: one helper for every catalog list, one-column or composite keys."""

import datetime

from sanad.catalog.models import KeyLetterValue
from sanad.common.paging import key_page


def make(letter, sector, year):
    return KeyLetterValue.objects.create(
        letter=letter, sector=sector, value=1, valid_from=datetime.date(year, 1, 1), valid_to=None
    )


def test_a_composite_cursor_continues_after_the_last_row_shown(db):
    for letter in ("B", "C"):
        for sector in ("", "public"):
            for year in (2020, 2021):
                make(letter, sector, year)
    key = ("letter", "sector", "valid_from")
    query = KeyLetterValue.objects.all()

    seen, after = [], ""
    while True:
        page = key_page(query, key=key, after=after, size=3)
        seen += [(r.letter, r.sector, r.valid_from.year) for r in page.rows]
        if page.next_after is None:
            break
        after = page.next_after

    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 8


def test_a_cursor_that_does_not_parse_starts_at_the_beginning(db):
    make("C", "", 2020)

    page = key_page(KeyLetterValue.objects.all(), key=("letter", "sector", "valid_from"), after="{not json")

    assert [r.letter for r in page.rows] == ["C"] and page.next_after is None


def test_a_page_costs_one_query(db, django_assert_num_queries):
    for year in range(2000, 2010):
        make("C", "", year)

    with django_assert_num_queries(1):
        page = key_page(KeyLetterValue.objects.all(), key=("letter", "sector", "valid_from"), size=4)

    assert len(page.rows) == 4 and page.next_after == '["C", "", "2003-01-01"]'
