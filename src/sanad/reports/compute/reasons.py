"""Decisions and their reasons (issue 20, §1): the lines rejected by reason and by act, who decided the
files (the engine alone, a claims checker, a medical adviser), and what the medical review decided.

All from the decisions that settled a file that day (`claims.decisions_final`) and their line outcomes,
read by their decision (the first column of LineOutcome's key); each grouped in SQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, F, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sanad.claims.selectors.decided import (
    FINDINGS_READ,
    WHO,
    WHO_NAMES,
    findings_values,
    line_reason,
    reason_label,
)
from sanad.claims.statuses import DecisionSource, Outcome
from sanad.funds.types import FundProfile
from sanad.reports.compute import FigureRow
from sanad.reports.compute.claims import (
    CLAIMS_STAFF,
    FACILITY,
    decided_link,
    decisions_final,
    dimensions,
    dims_of,
)
from sanad.reports.compute.money import amount_of, rejected_lines
from sanad.reports.indicators import Area, Indicator, Measure, Selection, register

# Who decided: the keys of `decided_by`, as the list of decisions names them.
_WHO = {source: key for key, source in WHO.items()}


def _reason_of(row: dict[str, Any]) -> str:
    return line_reason(
        [row[f"code{n}"] for n in range(FINDINGS_READ)], [row[f"why{n}"] for n in range(FINDINGS_READ)]
    )


def by_reason_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """Rejected lines by reason: count the lines, amount their billed amount."""
    rows = (
        rejected_lines(day=day)
        .values(**findings_values(), **dimensions("decision__billing_file"))
        .annotate(n=Count("pk"), total_billed=Sum("billed"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(
            indicator="rejected_by_reason",
            count=row["n"],
            amount=amount_of(row["total_billed"]),
            key=_reason_of(row),
            **dims_of(row),
        )


def by_act_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """Rejected lines by the code billed (an act, a drug, a device)."""
    rows = (
        rejected_lines(day=day)
        .values(code=F("line__code"), **dimensions("decision__billing_file"))
        .annotate(n=Count("pk"), total_billed=Sum("billed"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(
            indicator="rejected_by_act",
            count=row["n"],
            amount=amount_of(row["total_billed"]),
            key=row["code"],
            **dims_of(row),
        )


def decided_by_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """Files decided by who decided them; amount is the fund's share they accepted."""
    rows = (
        decisions_final(day=day)
        .values("source", **dimensions("billing_file"))
        .annotate(n=Count("pk"), fund=Sum("fund_share"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(
            indicator="decided_by",
            count=row["n"],
            amount=amount_of(row["fund"]),
            key=_WHO.get(row["source"], row["source"]),
            **dims_of(row),
        )


def review_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """The medical advisers' decisions by outcome (accepted, reduced, rejected); amount is the fund's
    share they left."""
    rows = (
        decisions_final(day=day)
        .filter(source=DecisionSource.ADVISER)
        .values("status", **dimensions("billing_file"))
        .annotate(n=Count("pk"), fund=Sum("fund_share"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(
            indicator="medical_review_outcomes",
            count=row["n"],
            amount=amount_of(row["fund"]),
            key=row["status"],
            **dims_of(row),
        )


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    yield from by_reason_rows(day=day)
    yield from by_act_rows(day=day)
    yield from decided_by_rows(day=day)
    yield from review_rows(day=day)


def act_label(code: str) -> str:
    """A billed code with the act's name in the reader's language (its latest version), or the code alone."""
    return act_labels([code])[code]


def act_labels(codes: list[str]) -> dict[str, str]:
    """`act_label` of many codes, read in one query."""
    from sanad.catalog.models import Act

    latest: dict[str, tuple[str, str]] = {}
    rows = Act.objects.filter(code__in=codes).order_by("code", "valid_from")
    for code, french, arabic in rows.values_list("code", "label_fr", "label_ar"):
        latest[code] = (french, arabic)  # the latest version comes last
    arabic_reader = translation.get_language() == "ar"
    labels = {}
    for code in codes:
        if code not in latest:
            labels[code] = code
            continue
        french, arabic = latest[code]
        labels[code] = f"{code} {arabic if arabic_reader and arabic else french}"
    return labels


def _keyed(name: str, **fixed: str):
    """A link to the decisions of the period whose filter `name` is the figure's key (none without one)."""

    def link(selection: Selection) -> str | None:
        return decided_link(selection, **{name: selection.key}, **fixed) if selection.key else None

    return link


def _who_label(key: str) -> str:
    name = WHO_NAMES.get(key)
    return key if name is None else str(name)


def _outcome_label(key: str) -> str:
    return str(Outcome(key).label) if key in Outcome.values else key


register(
    Indicator(
        code="rejected_by_reason",
        label=_("Rejected lines by reason"),
        area=Area.REASONS,
        measure=Measure.COUNT,
        description=_(
            "Lines rejected in the billing files decided that day, by the reason given by the engine or by "
            "the person who decided (seeds 000, 002: administrative check and medical review); the amount "
            "is what was billed on them."
        ),
        roles=CLAIMS_STAFF | FACILITY,
        link=_keyed("reason"),
        key_label=reason_label,
        key_name=_("reason"),
    ),
    Indicator(
        code="rejected_by_act",
        label=_("Rejected lines by act"),
        area=Area.REASONS,
        measure=Measure.COUNT,
        description=_(
            "Lines rejected in the billing files decided that day, by the act, drug or device billed "
            "(seed 000: only the services of the benefit package are covered)."
        ),
        roles=CLAIMS_STAFF,
        link=_keyed("act"),
        key_label=act_label,
        key_labels=act_labels,
        key_name=_("act"),
    ),
    Indicator(
        code="decided_by",
        label=_("Files decided, by who decided"),
        area=Area.REASONS,
        measure=Measure.COUNT,
        description=_(
            "Billing files decided that day: automatically by the engine, after the administrative check "
            "or after the medical review (seed 000); the share decided automatically is read from it."
        ),
        roles=CLAIMS_STAFF,
        link=_keyed("who"),
        key_label=_who_label,
        key_name=_("decided"),
    ),
    Indicator(
        code="medical_review_outcomes",
        label=_("Medical review outcomes"),
        area=Area.REASONS,
        measure=Measure.COUNT,
        description=_(
            "Billing files a medical adviser decided that day, by outcome: accepted, reduced or rejected "
            "(seed 000: medical review of the effectiveness and quality of care against protocols)."
        ),
        roles=CLAIMS_STAFF,
        link=_keyed("outcome", who="medical_adviser"),
        key_label=_outcome_label,
        key_name=_("outcome"),
    ),
)
