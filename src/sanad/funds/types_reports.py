"""The typed shape of a profile's `[reports]` section: what the public transparency page and the monthly
report may show (built by `sanad.funds.sections_reports`, never by hand in code).

Source: issue 20, §3 (a public page per fund and month, nothing personal, no figure of a facility below a
threshold of cases); the seeds state no threshold, each fund sets its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportRules:
    """A public figure counting fewer cases than `public_min_cases` is shown as "fewer than N", never as
    its value; the public page offers the last `public_months` months that have figures; the nightly
    computation computes again the last `nightly_days` days up to today, the oldest first, so that what is
    recorded late with an earlier date (a bank's confirmation of a payment) reaches its day's figures."""

    public_min_cases: int = 10
    public_months: int = 12
    nightly_days: int = 7
