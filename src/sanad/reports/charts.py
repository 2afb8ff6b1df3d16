"""Charts drawn on the server as SVG (issue 20, §2): no script, no CDN, nothing the content security policy
forbids (colours come from classes of reports/reports.css and SVG presentation attributes, never a
`style` attribute). Each chart is an image with a title and a label for screen readers, mirrored on a
right-to-left page (months run from right to left, labels anchored at their end), its numbers in the
reader's format; the page puts the same figures in a table beside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_bidi

WIDTH = 640
TREND_HEIGHT = 240
BAR_HEIGHT = 26
LABEL_WIDTH = 230
_PAD = 8
_AXIS = 64  # room for the value axis' numbers


def number_text(value: Decimal | int | None, places: int = 0) -> str:
    """A number in the reader's format (grouped thousands, the local decimal mark); a dash for none."""
    if value is None:
        return "–"
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def month_text(month: datetime.date, *, short: bool = False, year: bool = True) -> str:
    """A month in the reader's language: `Nov 26` (`Nov` without its year), or `novembre 2026` in full."""
    return _month_text(month, short, year, get_language() or "")


@lru_cache(maxsize=1024)
def _month_text(month: datetime.date, short: bool, year: bool, language: str) -> str:
    # A page names the same twelve months in every chart and table: formatted once per language.
    if short:
        name = formats.date_format(month, "M")
        return f"{name} {month:%y}" if year else name
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


@dataclass(frozen=True, slots=True)
class Datum:
    """One value of a chart: its label (a month, a reason, a facility), the value (None: no figure), the
    value as the reader reads it, and where it leads."""

    label: str
    value: Decimal | None
    text: str
    href: str = ""
    axis: str = ""  # a shorter label under the mark (a month without its year), else the label


def _x(position: float, rtl: bool) -> float:
    """A horizontal position measured from the start side: from the left, or from the right on an Arabic
    page."""
    return round(WIDTH - position if rtl else position, 1)


def _top(values: Sequence[Decimal | None]) -> Decimal:
    """The top of the value axis: the largest value rounded up to 1, 2 or 5 times a power of ten (2 at
    least, so that the middle of the axis is a whole number)."""
    top = max((v for v in values if v is not None), default=Decimal(0))
    scale = Decimal(1)
    while True:
        for step in (1, 2, 5):
            nice = scale * step
            if nice >= top and nice >= 2:
                return nice
        scale *= 10


def _open(*, title: str, label: str, height: int, kind: str, rtl: bool) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(label)}" direction="{"rtl" if rtl else "ltr"}" '
        f'preserveAspectRatio="xMidYMid meet" focusable="false"><title>{escape(title)}</title>'
    )


def _summary(title: str, data: Sequence[Datum]) -> str:
    """What a screen reader says of the chart: its title and each value (the table beside has them too)."""
    return f"{title}: " + "; ".join(f"{d.label} {d.text}" for d in data)


def _linked(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


# The pieces are written as text, every text from outside escaped where it is placed (`escape`), numbers
# as they are: a page draws twenty charts, and building each piece through format_html cost it a tenth of
# its time.


def trend_chart(
    *, title: str, data: Sequence[Datum], kind: str = "bar", places: int = 0, top: Decimal | None = None
) -> SafeString:
    """Twelve months (oldest first in `data`) as bars (counts and amounts) or a line (shares and
    durations), up to `top` (a share's 100) or a round number above the largest value; on a right-to-left
    page the oldest month stands on the right."""
    rtl = get_language_bidi()
    top = top or _top([d.value for d in data])
    plot_top, plot_bottom = 16, TREND_HEIGHT - 40
    plot_height = plot_bottom - plot_top
    step = (WIDTH - _AXIS - 2 * _PAD) / max(len(data), 1)
    parts: list[str] = [
        _open(
            title=title, label=_summary(title, data), height=TREND_HEIGHT, kind=f"trend chart-{kind}", rtl=rtl
        )
    ]
    # The value axis: zero, half and the top, with light grid lines.
    for fraction in (Decimal(0), Decimal("0.5"), Decimal(1)):
        y = round(plot_bottom - float(fraction) * plot_height, 1)
        parts.append(
            f'<line class="grid" x1="{_x(_AXIS, rtl)}" x2="{_x(WIDTH - _PAD, rtl)}" y1="{y}" y2="{y}" '
            'stroke="#d0d5dd" stroke-width="1"/>'
            f'<text class="axis" x="{_x(_AXIS - 4, rtl)}" y="{y + 4}" text-anchor="end" font-size="11">'
            f"{escape(number_text(top * fraction, places))}</text>"
        )
    grid_end = len(parts)  # the line is drawn under its dots
    points: list[tuple[float, float]] = []
    for index, datum in enumerate(data):
        # Pixel positions are geometry, not money: floats are fine here.
        x = _x(_AXIS + _PAD + step * (index + 0.5), rtl)
        height = 0.0 if datum.value is None else float(datum.value / top) * plot_height
        y = round(plot_bottom - height, 1)
        tip = f"<title>{escape(datum.label)} : {escape(datum.text)}</title>"
        if kind == "bar":
            width = round(step * 0.6, 1)
            mark = (
                f'<rect class="bar" x="{round(x - width / 2, 1)}" y="{y}" width="{width}" '
                f'height="{round(height, 1)}" fill="#2f6db5">{tip}</rect>'
            )
        else:
            if datum.value is not None:
                points.append((x, y))
            mark = (
                f'<circle class="dot" cx="{x}" cy="{y}" r="4" fill="#2f6db5">{tip}</circle>'
                if datum.value is not None
                else ""
            )
        parts.append(_linked(datum.href, mark))
        parts.append(
            f'<text class="axis month" x="{x}" y="{TREND_HEIGHT - 22}" text-anchor="middle" font-size="11">'
            f"{escape(datum.axis or datum.label)}</text>"
        )
    if kind == "line" and len(points) > 1:
        line = " ".join(f"{x},{y}" for x, y in points)
        parts.insert(
            grid_end,
            f'<polyline class="line" points="{line}" fill="none" stroke="#2f6db5" stroke-width="2"/>',
        )
    parts.append("</svg>")
    return SafeString("".join(parts))


def bar_chart(*, title: str, data: Sequence[Datum]) -> SafeString:
    """A breakdown as horizontal bars, the largest first as given: the label at the start side, anchored
    at its end next to its bar, and the value after the bar."""
    rtl = get_language_bidi()
    top = _top([d.value for d in data])
    height = max(len(data), 1) * BAR_HEIGHT + 2 * _PAD
    room = WIDTH - LABEL_WIDTH - 2 * _PAD - 90  # the longest bar leaves room for its value
    rows: list[str] = [_open(title=title, label=_summary(title, data), height=height, kind="bars", rtl=rtl)]
    for index, datum in enumerate(data):
        y = _PAD + index * BAR_HEIGHT
        length = 0.0 if datum.value is None or datum.value < 0 else float(datum.value / top) * room
        start = LABEL_WIDTH + _PAD
        left = _x(start + length, rtl) if rtl else _x(start, rtl)
        label = datum.label if len(datum.label) <= 34 else datum.label[:33] + "…"
        bar = (
            f'<rect class="bar" x="{left}" y="{y + 4}" width="{round(length, 1)}" height="{BAR_HEIGHT - 8}" '
            f'fill="#2f6db5"><title>{escape(datum.label)} : {escape(datum.text)}</title></rect>'
        )
        middle = y + BAR_HEIGHT / 2 + 4
        rows.append(
            f'<text class="label" x="{_x(LABEL_WIDTH, rtl)}" y="{middle}" text-anchor="end" font-size="12">'
            f"{escape(label)}</text>{_linked(datum.href, bar)}"
            f'<text class="value" x="{_x(start + length + 6, rtl)}" y="{middle}" text-anchor="start" '
            f'font-size="12">{escape(datum.text)}</text>'
        )
    rows.append("</svg>")
    return SafeString("".join(rows))


__all__ = ["Datum", "bar_chart", "month_text", "number_text", "trend_chart"]
