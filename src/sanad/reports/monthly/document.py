"""The monthly report: its figures read from the month's rows of the indicators' table, laid out by
WeasyPrint in one language (French, Arabic right to left, or English).

Unlike the public page, the report is for the fund's board and its supervisory authority: it shows every
figure, however few cases it counts, and says which of them the public page hides.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.pdf import html_to_pdf
from sanad.funds.types import FundProfile
from sanad.reports.public.figures import (
    Row,
    Totals,
    key_text,
    last_computed_at,
    month_amounts,
    month_rows,
    totals,
    totals_by,
)
from sanad.reports.public.page import (
    ANSWER_TIME,
    CARE_TYPES,
    CLAIMS,
    COMPLAINTS,
    ClockRow,
    PublicMonth,
    clock_row,
    clock_text,
    public_month,
)

ENROLLMENTS = "enrollments_certified"
REASONS = "rejected_by_reason"
# The money of the month, in this order; outstanding payables are the state at the month's last day.
MONEY = (
    ("money_billed", gettext_lazy("Billed by the facilities")),
    ("money_accepted", gettext_lazy("Accepted (fund share)")),
    ("money_rejected", gettext_lazy("Rejected")),
    ("money_paid", gettext_lazy("Paid")),
    ("money_recovered", gettext_lazy("Recovered (sums paid wrongly)")),
    ("payables_outstanding", gettext_lazy("Still owed at the end of the month")),
)


@dataclass(frozen=True, slots=True)
class ClockLine:
    row: ClockRow
    clock: str
    in_days: bool


@dataclass(frozen=True, slots=True)
class ReasonLine:
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    profile: FundProfile
    month: datetime.date
    language: str
    clocks: list[ClockLine]
    money: list[tuple[Any, Decimal]]
    reasons: list[ReasonLine]
    public: PublicMonth
    computed_at: datetime.datetime | None

    @property
    def fund_name(self) -> str:
        return self.profile.name.get(self.language)

    @property
    def rejected_lines(self) -> int:
        return sum(line.count for line in self.reasons)

    @property
    def rejected_amount(self) -> Decimal:
        return sum((line.amount for line in self.reasons), Decimal("0.00"))

    @property
    def filename(self) -> str:
        return f"{self.profile.code}-{self.month:%Y-%m}-{self.language}.pdf"


def _reasons(month: datetime.date) -> list[ReasonLine]:
    """The rejected lines by reason, largest amount first; reasons without a name are added up as one."""
    lines = []
    other = ReasonLine(_("Other reasons"), 0, Decimal("0.00"))
    for key, figures in totals_by(month_rows(month=month, indicators=[REASONS]), "key").items():
        label = key_text(REASONS, key)
        if label is None:
            other = ReasonLine(other.label, other.count + figures.count, other.amount + figures.amount)
        else:
            lines.append(ReasonLine(label, figures.count, figures.amount))
    lines.sort(key=lambda line: (-line.amount, -line.count, line.label))
    return lines + ([other] if other.count or other.amount else [])


def _clocks(profile: FundProfile, month: datetime.date) -> list[ClockLine]:
    rows = month_rows(month=month, indicators=[ANSWER_TIME, CLAIMS, COMPLAINTS, ENROLLMENTS])
    by_code: dict[str, list[Row]] = {ANSWER_TIME: [], CLAIMS: [], COMPLAINTS: [], ENROLLMENTS: []}
    for row in rows:
        by_code[row.indicator].append(row)
    care_types = totals_by(by_code[ANSWER_TIME], "care_type")
    answer_clock = clock_text(profile.authorizations.answer_clock)
    # The board sees every figure: no threshold.
    lines = [
        ClockLine(
            clock_row(
                _("Prior authorizations answered: %(kind)s") % {"kind": label},
                care_types.get(code, Totals()),
                threshold=0,
            ),
            answer_clock,
            False,
        )
        for code, label in CARE_TYPES
    ]
    lines.append(
        ClockLine(
            clock_row(_("Billing files decided"), totals(by_code[CLAIMS]), threshold=0, in_days=True),
            clock_text(profile.claims.processing_clock),
            True,
        )
    )
    lines.append(
        ClockLine(
            clock_row(_("Complaints answered"), totals(by_code[COMPLAINTS]), threshold=0, in_days=True),
            clock_text(profile.claims.complaint_clock),
            True,
        )
    )
    lines.append(
        ClockLine(
            clock_row(_("Enrollments certified"), totals(by_code[ENROLLMENTS]), threshold=0, in_days=True),
            clock_text(profile.enrollment.processing_clock),
            True,
        )
    )
    return lines


def monthly_report(*, profile: FundProfile, month: datetime.date) -> MonthlyReport:
    """The report of `month` (any of its days) in the active language."""
    month = month.replace(day=1)
    language = (translation.get_language() or profile.default_language).split("-")[0]
    amounts = month_amounts(month=month, indicators=[code for code, _label in MONEY])
    return MonthlyReport(
        profile=profile,
        month=month,
        language=language,
        clocks=_clocks(profile, month),
        money=[(label, amounts[code]) for code, label in MONEY],
        reasons=_reasons(month),
        public=public_month(profile=profile, month=month),
        computed_at=last_computed_at(),
    )


def monthly_html(report: MonthlyReport) -> str:
    return render_to_string(
        "reports/monthly/report.html",
        {
            "report": report,
            "lang": report.language,
            "rtl": translation.get_language_bidi(),
            "currency": report.profile.currency,
        },
    )


def monthly_pdf(report: MonthlyReport) -> bytes:
    return html_to_pdf(monthly_html(report))
