"""Charts drawn on the server (issue 20, §2): SVG images with a title and a label for screen readers,
mirrored right to left, numbers in the reader's format, nothing the content security policy forbids."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import translation

from sanad.reports.charts import Datum, bar_chart, month_text, number_text, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def _months(values):
    first = datetime.date(2026, 1, 1)
    data = []
    for index, value in enumerate(values):
        month = first.replace(month=index + 1)
        text = "–" if value is None else number_text(value)
        data.append(
            Datum(month_text(month, short=True), value, text, f"/reports/?month=2026-{index + 1:02d}")
        )
    return data


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own drawing, not untrusted input


def _bars(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}rect"))


def test_a_chart_is_an_image_with_a_title_and_a_label():
    root = _parse(trend_chart(title="Montant facturé", data=_months([Decimal(i) for i in range(12)])))

    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Montant facturé"
    assert root.get("aria-label").startswith("Montant facturé: ")


def test_no_chart_holds_a_style_attribute_or_a_script():
    for svg in (
        trend_chart(title="t", data=_months([Decimal(5)] * 12)),
        trend_chart(title="t", data=_months([Decimal(5)] * 12), kind="line"),
        bar_chart(title="t", data=[Datum("Pièce manquante", Decimal(3), "3")]),
    ):
        text = str(svg)
        assert "style=" not in text and "<script" not in text and "javascript:" not in text


def test_months_run_left_to_right_in_french():
    with translation.override("fr"):
        root = _parse(trend_chart(title="t", data=_months([Decimal(i + 1) for i in range(12)])))
    xs = [float(bar.get("x")) for bar in _bars(root)]
    assert xs == sorted(xs)
    assert root.get("direction") == "ltr"


def test_months_run_right_to_left_in_arabic():
    with translation.override("ar"):
        root = _parse(trend_chart(title="t", data=_months([Decimal(i + 1) for i in range(12)])))
    xs = [float(bar.get("x")) for bar in _bars(root)]
    assert xs == sorted(xs, reverse=True)
    assert root.get("direction") == "rtl"


def test_bars_grow_from_the_start_side_and_labels_are_anchored_at_their_end():
    data = [Datum("Pièce manquante", Decimal(10), "10"), Datum("Hors nomenclature", Decimal(5), "5")]
    with translation.override("fr"):
        ltr = _parse(bar_chart(title="Motifs", data=data))
    with translation.override("ar"):
        rtl = _parse(bar_chart(title="Motifs", data=data))

    ltr_bars, rtl_bars = _bars(ltr), _bars(rtl)
    # The second bar is half the first; in Arabic both end on the right side, at the same edge.
    assert float(ltr_bars[1].get("width")) * 2 == float(ltr_bars[0].get("width"))
    assert float(ltr_bars[0].get("x")) == float(ltr_bars[1].get("x"))
    rtl_right = [float(b.get("x")) + float(b.get("width")) for b in rtl_bars]
    assert rtl_right[0] == rtl_right[1]
    assert float(rtl_bars[0].get("x")) < float(rtl_bars[1].get("x"))
    labels = [t for t in rtl.iter(f"{SVG}text") if t.get("class") == "label"]
    assert {t.get("text-anchor") for t in labels} == {"end"}


def test_numbers_are_in_the_readers_format():
    with translation.override("fr"):
        french = number_text(Decimal("1234567.5"), 2)
    with translation.override("en"):
        english = number_text(Decimal("1234567.5"), 2)
    assert french.replace("\u202f", " ").replace("\xa0", " ") == "1 234 567,50"
    assert english == "1,234,567.50"
    assert number_text(None) == "–"


def test_a_line_chart_joins_the_months_that_have_a_value():
    values = [None, Decimal("80.0"), Decimal("90.5")] + [None] * 9
    root = _parse(trend_chart(title="Dans le délai", data=_months(values), kind="line", places=1))
    line = root.find(f"{SVG}polyline")
    assert len(line.get("points").split()) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 2


def test_each_mark_links_to_its_figure_and_says_its_value():
    root = _parse(trend_chart(title="t", data=_months([Decimal(7)] * 12)))
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == 12
    assert links[0].get("href") == "/reports/?month=2026-01"
    assert links[0].find(f"{SVG}rect/{SVG}title").text.endswith(": 7")


def test_labels_are_escaped():
    root = _parse(bar_chart(title="<b>", data=[Datum("<script>x</script>", Decimal(1), "1")]))
    assert root.find(f"{SVG}title").text == "<b>"
