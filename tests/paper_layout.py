"""Where a printed paper puts its labels: each <dt> beside its <dd>, read from WeasyPrint's layout."""

from __future__ import annotations

from typing import Any


def _boxes(box: Any, out: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    tag = getattr(box, "element_tag", None)
    if tag in ("dt", "dd") and (not out or out[-1][1].element is not box.element):
        out.append((tag, box))
    for child in getattr(box, "children", None) or []:
        _boxes(child, out)
    return out


def label_sides(document: Any) -> list[str]:
    """For each label of the first page, the side of its value it stands on ("left" or "right"), or
    "apart" when they are not on one line."""
    boxes = _boxes(document.pages[0]._page_box, [])
    pairs = list(zip(boxes[::2], boxes[1::2], strict=True))
    assert pairs and all(dt == "dt" and dd == "dd" for (dt, _), (dd, _) in pairs)
    return [
        "apart"
        if abs(label.position_y - value.position_y) >= 1
        else ("right" if label.position_x > value.position_x else "left")
        for (_, label), (_, value) in pairs
    ]
