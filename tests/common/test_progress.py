"""The progress bar of long commands."""

from sanad.common.progress import progress_line


def test_a_bar_fills_with_the_share_done():
    line = progress_line(15_150, 60_600, 3.0, "files")

    assert line == "[########......................] 15150 / 60600 files (25%) · 3 s · 5050 files/s"


def test_without_a_total_the_count_and_the_rate_alone():
    assert progress_line(1_000, None, 2.0, "rows") == "1000 rows · 2 s · 500 rows/s"


def test_a_count_past_the_total_stops_at_full():
    assert progress_line(12, 10, 0.0, "files") == "[" + "#" * 30 + "] 12 / 10 files (100%) · 0 s"
