"""The catalogue of indicators: what each counts, in which area, who sees it and which list shows the rows
behind it. The computation modules (`sanad.reports.compute.*`) register theirs when imported; the pages,
exports, the public page and the monthly report read this catalogue, never a hard-coded list.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    CLOCKS = "clocks", _("Processing times")
    MONEY = "money", _("Money")
    REASONS = "reasons", _("Decisions and reasons")
    RISK = "risk", _("Risk")
    COUNTERS = "counters", _("Counters")


class Measure(models.TextChoices):
    """Which of a figure's measures the indicator shows first."""

    COUNT = "count", _("number")
    AMOUNT = "amount", _("amount")
    # on_time / count, as a percentage, with the median and average time beside it.
    ON_TIME = "on_time", _("share within the clock")


@dataclass(frozen=True, slots=True)
class Selection:
    """What a reader picked on a page: a period (both days included) and the dimensions' filters (blank:
    all). A figure's link carries the same selection to the list of the rows it counts."""

    start: datetime.date
    end: datetime.date
    region: str = ""
    facility_id: int | None = None
    facility_kind: str = ""
    care_type: str = ""
    key: str = ""
    # The facility's code when the page knows it (a facility picked, a facility's row): the lists filter
    # facilities by code, and a page of figures builds hundreds of links.
    facility_code: str = ""
    # Whether the reader may open the fund's lists the figures link to (facility staff read their own
    # figures only, and their links lead to the indicator's page).
    fund_lists: bool = True


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    label: Any  # a lazy translation
    area: Area
    measure: Measure
    # One sentence for the reader: what is counted, and the rule or clock it follows (with the seed).
    description: Any
    # The roles (`sanad.common.permissions.Role` values) whose pages show it; facility staff see only their
    # facility's rows.
    roles: frozenset[str]
    # The URL of the list showing exactly the rows counted under a selection; None when there is no list.
    link: Callable[[Selection], str | None] | None = None
    # How a key is shown (a reason's label, a channel's name, a branch's name); None: the key as it is.
    key_label: Callable[[str], str] | None = None
    # The same for many keys at once, where naming each reads the database (a breakdown's hundred acts).
    key_labels: Callable[[list[str]], dict[str, str]] | None = None
    # The reader's name of the key dimension ("reason", "payment channel", "hour of the day"…).
    key_name: Any = ""
    # A state at the end of the day (what is overdue now) rather than events of the day: a month shows its
    # last day's value, never the sum of its days.
    snapshot: bool = False
    # Duration buckets in `key` (whole hours or whole days), from which a median is read.
    duration_unit: str = ""  # "hours" or "days"
    # Shown on the public transparency page (no facility below the threshold of cases, nothing personal).
    public: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def selected_facility_code(selection: Selection) -> str:
    """The code of the selection's facility ("" when none is selected), read once when the page did not
    give it."""
    if selection.facility_id is None:
        return ""
    if selection.facility_code:
        return selection.facility_code
    from sanad.providers.models import Facility

    return Facility.objects.filter(pk=selection.facility_id).values_list("code", flat=True).first() or ""


_CATALOGUE: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    for indicator in indicators:
        _CATALOGUE[indicator.code] = indicator


def catalogue() -> dict[str, Indicator]:
    """Every registered indicator, by code (the computation modules are imported first)."""
    from sanad.reports.compute import area_modules

    area_modules()
    return _CATALOGUE


def indicator(code: str) -> Indicator:
    return catalogue()[code]


def address(name: str, **kwargs: str) -> str:
    """The address of a page by its URL name: a dashboard links each of its figures (a page, hundreds), so
    each address is found once per name and arguments (and per site prefix and URL map)."""
    return _address(name, tuple(sorted(kwargs.items())), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=512)
def _address(name: str, kwargs: tuple[tuple[str, str], ...], prefix: str, urlconf: Any) -> str:
    return reverse(name, kwargs=dict(kwargs) or None)
