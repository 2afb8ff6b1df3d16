"""`sanad register_import FILE [--dry-run] [--report errors.csv]`: check a register file, then import it.

The columns are documented in `sanad.registry.imports.columns`; nothing is written if any row has an error.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from sanad.common.errors import DomainError
from sanad.common.tabular import errors_csv, format_of
from sanad.registry.imports.services import register_import


class Command(BaseCommand):
    help = "Import members, dependants and identity documents from a CSV or XLSX file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
        parser.add_argument("--report", type=Path, help="write the errors to this CSV file")
        parser.add_argument("--on", type=datetime.date.fromisoformat, help="import date (default: today)")
        parser.add_argument("--language", default="fr", help="language of the error messages (fr, ar, en)")

    def handle(self, *args, file, dry_run, report, on, language, **options):
        translation.activate(language)
        started = time.perf_counter()

        def progress(stage: str, count: int) -> None:
            elapsed = time.perf_counter() - started
            self.stdout.write(f"\r{stage}: {count} ({elapsed:.0f} s)", ending="")
            self.stdout.flush()

        try:
            result = register_import(
                actor=None,
                content=file.read_bytes(),
                fmt=format_of(file.name),
                on=on or timezone.localdate(),
                dry_run=dry_run,
                progress=progress,
            )
        except (OSError, DomainError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        if report is not None:
            report.write_bytes(errors_csv(result.errors))
        for error in result.errors[:50]:
            self.stderr.write(f"row {error.row}, {error.field} [{error.rule}]: {error.message}")
        if not result.ok:
            where = f" (all in {report})" if report else ""
            count = len(result.errors)
            raise CommandError(f"{count} error(s) in {result.rows} row(s){where}: nothing imported.")
        elapsed = time.perf_counter() - started
        if dry_run:
            self.stdout.write(
                f"{result.rows} row(s) checked, no error: {result.members} member(s) and "
                f"{result.dependants} dependant(s) would be imported."
            )
        else:
            self.stdout.write(
                f"{result.rows} row(s) imported in {elapsed:.1f} s: {result.members} member(s), "
                f"{result.dependants} dependant(s), {result.documents} document(s), "
                f"{result.certificates} certificate(s)."
            )
