"""What the public transparency page shows for a month, read from the month's figures only (issue 20, §3):
prior-authorization decisions by outcome, the time to decision (standard requests and emergencies apart),
claims decided within their clock, complaints answered within theirs, and the same clocks by region.

Nothing personal is read (figures are counts and sums), no facility's row is shown, and a figure counting
fewer cases than the profile's `reports.public_min_cases` is shown as "fewer than N", never as its value.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.funds.types import FundProfile
from sanad.funds.values import Clock
from sanad.reports.public.figures import (
    Row,
    Totals,
    key_text,
    last_computed_at,
    month_rows,
    months_with_figures,
    totals,
    totals_by,
)

DECISIONS = "authorization_decisions"
ANSWER_TIME = "authorization_answer_time"
CLAIMS = "claims_decided"
COMPLAINTS = "complaints_answered"
PUBLIC_INDICATORS = (DECISIONS, ANSWER_TIME, CLAIMS, COMPLAINTS)

# The outcomes the page shows, in this order; other outcomes an area may count are not public.
OUTCOMES = (
    ("approved", gettext_lazy("Approved")),
    ("refused", gettext_lazy("Refused")),
    ("approved_after_appeal", gettext_lazy("Approved after appeal")),
)
CARE_TYPES = (
    ("standard", gettext_lazy("Standard requests")),
    ("emergency", gettext_lazy("Emergencies")),
)


@dataclass(frozen=True, slots=True)
class Shown:
    """One cell: its value, or hidden because it counts fewer cases than the threshold."""

    value: Decimal | int | None
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class ClockRow:
    """A line of a clock's table: cases, how many within the clock, the share, the median and average."""

    label: Any
    count: Shown
    on_time: Shown
    share: Shown
    median: Shown
    average: Shown


@dataclass(frozen=True, slots=True)
class RegionRow:
    name: str
    authorizations: Shown
    authorizations_share: Shown
    claims: Shown
    claims_share: Shown


@dataclass(frozen=True, slots=True)
class PublicMonth:
    month: datetime.date
    months: list[datetime.date]
    threshold: int
    decisions: list[tuple[Any, Shown]]
    answer_time: list[ClockRow]
    claims: ClockRow
    complaints: ClockRow
    regions: list[RegionRow]
    answer_clock: str
    claims_clock: str
    complaints_clock: str
    computed_at: datetime.datetime | None

    @property
    def empty(self) -> bool:
        return not self.months

    # One table per figure: the claims' and the complaints' tables have one line each.
    @property
    def claims_list(self) -> list[ClockRow]:
        return [self.claims]

    @property
    def complaints_list(self) -> list[ClockRow]:
        return [self.complaints]


def clock_text(clock: Clock) -> str:
    """A profile's clock in words: "48 working hours", "30 days"."""
    texts = {
        "working_hours": _("%(amount)s working hours"),
        "working_days": _("%(amount)s working days"),
        "calendar_days": _("%(amount)s days"),
    }
    return texts.get(clock.unit, "%(amount)s") % {"amount": clock.amount}


def _cell(value: Decimal | int | None, cases: int, threshold: int) -> Shown:
    # A figure of no case is shown as nothing to hide (a dash), not as a hidden one.
    if 0 < cases < threshold:
        return Shown(None, hidden=True)
    return Shown(value)


def clock_row(label: Any, figures: Totals, *, threshold: int, in_days: bool = False) -> ClockRow:
    """A clock's line; the count is the fund's total and always shown, the share, median and average of
    fewer cases than the threshold are hidden (a median of three cases tells each case's time)."""
    median = figures.median
    average = figures.average_days if in_days else figures.average_hours
    return ClockRow(
        label=label,
        count=Shown(figures.count),
        on_time=_cell(figures.on_time, figures.count, threshold),
        share=_cell(figures.share, figures.count, threshold),
        median=_cell(median, figures.count, threshold),
        average=_cell(average, figures.count, threshold),
    )


def _regions(
    profile: FundProfile, answers: dict[str, Totals], claims: dict[str, Totals], threshold: int
) -> list[RegionRow]:
    """The clocks per region of the profile (rows of no region are in the fund's totals only); every cell
    of fewer cases than the threshold is hidden, the count included."""
    rows = []
    for region in profile.regions:
        answered = answers.get(region.code, Totals())
        decided = claims.get(region.code, Totals())
        if not (answered.count or decided.count):
            continue
        rows.append(
            RegionRow(
                name=region.name.get_text(),
                authorizations=_cell(answered.count, answered.count, threshold),
                authorizations_share=_cell(answered.share, answered.count, threshold),
                claims=_cell(decided.count, decided.count, threshold),
                claims_share=_cell(decided.share, decided.count, threshold),
            )
        )
    return rows


def _decisions(outcomes: dict[str, Totals]) -> list[tuple[Any, Shown]]:
    """The three outcomes the page promises, then any other outcome counted this month under the name its
    indicator gives it (an outcome without a name is left out rather than shown as a code)."""
    lines: list[tuple[Any, Shown]] = [
        (label, Shown(outcomes.get(code, Totals()).count)) for code, label in OUTCOMES
    ]
    promised = {code for code, _label in OUTCOMES}
    for key in sorted(set(outcomes) - promised):
        label = key_text(DECISIONS, key)
        if label is not None and outcomes[key].count:
            lines.append((label, Shown(outcomes[key].count)))
    return lines


def offered_months(profile: FundProfile) -> list[datetime.date]:
    return months_with_figures(indicators=PUBLIC_INDICATORS, limit=profile.reports.public_months)


def public_month(*, profile: FundProfile, month: datetime.date | None) -> PublicMonth:
    """The page of `month` (the latest offered when None); the month must be one of those offered."""
    months = offered_months(profile)
    threshold = profile.reports.public_min_cases
    month = month or (months[0] if months else datetime.date.today().replace(day=1))
    rows = month_rows(month=month, indicators=PUBLIC_INDICATORS)
    by_code: dict[str, list[Row]] = {code: [] for code in PUBLIC_INDICATORS}
    for row in rows:
        by_code[row.indicator].append(row)
    outcomes = totals_by(by_code[DECISIONS], "key")
    care_types = totals_by(by_code[ANSWER_TIME], "care_type")
    return PublicMonth(
        month=month,
        months=months,
        threshold=threshold,
        decisions=_decisions(outcomes),
        answer_time=[
            clock_row(label, care_types.get(code, Totals()), threshold=threshold)
            for code, label in CARE_TYPES
        ],
        claims=clock_row(
            _("Billing files decided"), totals(by_code[CLAIMS]), threshold=threshold, in_days=True
        ),
        complaints=clock_row(
            _("Complaints answered"), totals(by_code[COMPLAINTS]), threshold=threshold, in_days=True
        ),
        regions=_regions(
            profile,
            totals_by(by_code[ANSWER_TIME], "region"),
            totals_by(by_code[CLAIMS], "region"),
            threshold,
        ),
        answer_clock=clock_text(profile.authorizations.answer_clock),
        claims_clock=clock_text(profile.claims.processing_clock),
        complaints_clock=clock_text(profile.claims.complaint_clock),
        computed_at=last_computed_at(),
    )
