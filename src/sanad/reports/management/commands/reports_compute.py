"""`sanad reports_compute`: compute the indicators of the last days (the profile's `nightly_days` up to
today by default, the oldest first), or of a range of days (`--since 2026-01-01 [--until 2026-06-30]`),
e.g. after loading a history or correcting old files."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanad.reports.compute import days_compute, nightly_start


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Compute the indicators of the dashboards for a day or a range of days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since", type=_day, help="first day (default: the profile's nightly_days before)"
        )
        parser.add_argument("--until", type=_day, help="last day (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = datetime.date.today()
        start = options["since"] or nightly_start(today)
        end = options["until"] or today
        if end < start:
            raise CommandError("--until is before --since")
        for computed in days_compute(start=start, end=end):
            self.stdout.write(f"{computed.day}: {computed.rows} rows in {computed.seconds} s")
