"""A progress bar for long commands, on one line that each update rewrites."""

from __future__ import annotations

WIDTH = 30


def progress_line(done: int, total: int | None, elapsed: float, unit: str) -> str:
    """`[#########.....] 12000 / 60600 files (20 %) · 3 s · 4000 files/s`; without a known total, the
    count, the time and the rate alone."""
    rate = f"{done / elapsed:.0f} {unit}/s" if elapsed > 0 else ""
    if not total:
        return " · ".join(part for part in (f"{done} {unit}", f"{elapsed:.0f} s", rate) if part)
    share = min(done / total, 1.0)
    filled = round(share * WIDTH)
    bar = "#" * filled + "." * (WIDTH - filled)
    parts = (f"[{bar}] {done} / {total} {unit} ({share:.0%})", f"{elapsed:.0f} s", rate)
    return " · ".join(part for part in parts if part)
