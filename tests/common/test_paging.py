import pytest

from sanad.common.paging import key_page
from sanad.providers.models import Facility


@pytest.fixture
def facilities(db):
    Facility.objects.bulk_create(
        Facility(
            code=f"F{n:02d}", name_fr=f"F {n}", kind="health_post", sector="public", level="L1", region="R"
        )
        for n in range(1, 8)
    )
    return Facility.objects.all()


def _codes(page):
    return [f.code for f in page.rows]


def test_it_walks_forward_by_key_and_back_again(facilities):
    first = key_page(facilities, size=3)
    second = key_page(facilities, after=first.next_after, size=3)
    third = key_page(facilities, after=second.next_after, size=3)

    assert _codes(first) == ["F01", "F02", "F03"] and first.prev_before is None
    assert _codes(second) == ["F04", "F05", "F06"] and second.prev_before == "F04"
    assert _codes(third) == ["F07"] and third.next_after is None

    back = key_page(facilities, before=third.prev_before, size=3)
    assert _codes(back) == _codes(second)
    assert back.next_after == "F06" and back.prev_before == "F04"
    assert _codes(key_page(facilities, after=back.next_after, size=3)) == ["F07"]
    start = key_page(facilities, before=back.prev_before, size=3)
    assert _codes(start) == _codes(first) and start.prev_before is None


def test_it_reads_no_more_than_one_page_and_one_row(facilities, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        key_page(facilities, after="F02", size=2)

    sql = captured.captured_queries[0]["sql"]
    assert "OFFSET" not in sql.upper()
    assert "LIMIT 3" in sql.upper()
